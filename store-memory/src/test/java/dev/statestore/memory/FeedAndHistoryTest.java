package dev.statestore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.HistoryCompactedException;
import dev.statestore.StateTransition;
import dev.statestore.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The engine's own feed, history-window and reaper behaviour, beyond what the conformance kit
 * checks for every backend: slow subscribers, bounded windows, reading history back from a
 * journal, and the background reaper.
 */
class FeedAndHistoryTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Object COMPLETE = new Object();

    /** A subscriber that requests only what the test asks for and queues every signal. */
    static final class Probe implements Flow.Subscriber<StateTransition> {
        final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(StateTransition t) {
            signals.add(t);
        }

        @Override
        public void onError(Throwable e) {
            signals.add(e);
        }

        @Override
        public void onComplete() {
            signals.add(COMPLETE);
        }

        Object next() throws InterruptedException {
            Object o = signals.poll(10, TimeUnit.SECONDS);
            assertNotNull(o, "no signal within 10 s");
            return o;
        }

        List<Long> revisions(int n) throws InterruptedException {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Object o = next();
                int at = i;
                assertInstanceOf(StateTransition.class, o, () -> "signal " + at + " after " + out.size() + " transitions");
                out.add(((StateTransition) o).revision());
            }
            return out;
        }
    }

    @Test
    void aSubscriberThatRequestsNothingNeverBlocksWritersAndLaterGetsEverythingInOrder() throws Exception {
        try (InMemoryStateStore store = new InMemoryStateStore()) {
            Probe probe = new Probe();
            store.changes(0).subscribe(probe);
            for (int i = 0; i < 20_000; i++) {
                store.set("k" + (i % 50), JSON.numberNode(i), "w");
            }
            assertNull(probe.signals.poll(50, TimeUnit.MILLISECONDS), "nothing before a request");
            probe.subscription.request(3);
            assertEquals(List.of(1L, 2L, 3L), probe.revisions(3));
            assertNull(probe.signals.poll(50, TimeUnit.MILLISECONDS), "never more than requested");
            probe.subscription.request(Long.MAX_VALUE);
            List<Long> rest = probe.revisions(20_000 - 3);
            assertEquals(4L, rest.get(0));
            assertEquals(20_000L, rest.get(rest.size() - 1));
            for (int i = 1; i < rest.size(); i++) {
                int at = i;
                assertEquals(rest.get(i - 1) + 1, rest.get(i), () -> "gapless at " + at);
            }
        }
    }

    @Test
    void aSubscriberBehindABoundedHistoryGetsHistoryCompacted() throws Exception {
        try (InMemoryStateStore store = InMemoryStateStore.builder().history("100").build()) {
            for (int i = 0; i < 500; i++) {
                store.set("k", JSON.numberNode(i), "w");
            }
            assertEquals(100, store.transitions().size());
            assertEquals(401, store.transitions().get(0).revision());
            HistoryCompactedException e = assertThrows(HistoryCompactedException.class, () -> store.transitionsSince(0));
            assertEquals(401, e.oldestRetainedRevision());
            assertEquals(List.of(), store.transitionsSince(500));
            Probe probe = new Probe();
            store.changes(10).subscribe(probe);
            probe.subscription.request(1);
            HistoryCompactedException signalled = assertInstanceOf(HistoryCompactedException.class, probe.next());
            assertEquals(401, signalled.oldestRetainedRevision());
        }
    }

    @Test
    void restorePastASubscribersPositionEndsItsFeedAndLeavesOthersRunning() throws Exception {
        try (InMemoryStateStore store = new InMemoryStateStore()) {
            for (int i = 0; i < 5; i++) {
                store.set("k", JSON.numberNode(i), "w");
            }
            Probe ahead = new Probe();
            Probe behind = new Probe();
            store.changes(0).subscribe(ahead);
            store.changes(0).subscribe(behind);
            ahead.subscription.request(5);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ahead.revisions(5));
            behind.subscription.request(2);
            assertEquals(List.of(1L, 2L), behind.revisions(2));
            store.restore(Map.of("k", JSON.numberNode(2)), 3);
            assertInstanceOf(IllegalStateException.class, ahead.next(), "revision 5 was discarded");
            behind.subscription.request(10);
            assertEquals(List.of(3L), behind.revisions(1));
            assertEquals(4, store.set("k", JSON.numberNode(9), "after").revision());
            StateTransition next = (StateTransition) behind.next();
            assertEquals(4, next.revision());
            assertEquals("after", next.actionId());
        }
    }

    @Test
    void closeCompletesEveryFeed() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore();
        store.set("k", JSON.numberNode(1), "w");
        Probe probe = new Probe();
        store.changes(0).subscribe(probe);
        probe.subscription.request(1);
        assertEquals(List.of(1L), probe.revisions(1));
        store.close();
        assertEquals(COMPLETE, probe.next());
    }

    @Test
    void aJournalThatReadsHistoryBackLetsTheHeapHoldOnlyTheWindow() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of());
        journal.readsHistory = true;
        try (InMemoryStateStore store = InMemoryStateStore.builder().journal(journal).memoryHistory(10).build()) {
            for (int i = 0; i < 100; i++) {
                store.set("k" + (i % 7), JSON.numberNode(i), "w");
            }
            List<StateTransition> all = store.transitions();
            assertEquals(100, all.size());
            assertEquals(journal.appended, all, "older revisions come back from the journal");
            assertTrue(journal.historyReads > 0, "the journal was asked");
            int reads = journal.historyReads;
            assertEquals(journal.appended.subList(95, 100), store.transitionsSince(95));
            assertEquals(reads, journal.historyReads, "the window serves the newest revisions");
        }
    }

    @Test
    void restoreFindsEachKeysLatestRetainedWriteOlderThanTheHeapHoldsInTheJournal() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of());
        journal.readsHistory = true;
        try (InMemoryStateStore store = InMemoryStateStore.builder().journal(journal).memoryHistory(3).build()) {
            StateTransition ttl = store.setWithTtl("a", JSON.numberNode(1), "first", 60);
            java.util.Map<String, tools.jackson.databind.JsonNode> snapshot = store.snapshot();
            for (int i = 0; i < 10; i++) {
                store.set("a", JSON.numberNode(i), "later");
            }
            store.restore(snapshot, 1);
            dev.statestore.Versioned a = store.getVersioned("a").orElseThrow();
            assertEquals(1, a.revision(), "the latest retained write of 'a', revision 1, read back from the journal");
            assertEquals(1, a.version());
            assertEquals(ttl.expiresAt(), a.expiresAt(), "with its TTL");
        }
    }

    @Test
    void aReapIntervalReapsInTheBackgroundAndStopsOnClose() throws Exception {
        InMemoryStateStore store = InMemoryStateStore.builder().reapInterval(Duration.ofMillis(20)).build();
        Probe probe = new Probe();
        store.changes(0).subscribe(probe);
        probe.subscription.request(Long.MAX_VALUE);
        store.setWithTtl("session", JSON.stringNode("s"), "login", 0);
        store.set("plain", JSON.numberNode(1), "w");
        List<StateTransition> seen = new ArrayList<>();
        while (seen.size() < 3) {
            seen.add((StateTransition) probe.next());
        }
        StateTransition reaped = seen.get(2);
        assertEquals("session", reaped.key());
        assertEquals(InMemoryStateStore.REAP_ACTION_ID, reaped.actionId());
        assertEquals(List.of("plain"), store.keys());
        store.close();
        assertEquals(COMPLETE, probe.next());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("statestore-reaper")).allMatch(t -> !t.isAlive() || waitFor(t)));
    }

    private static boolean waitFor(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    @Test
    void reapTakesTheEarliestDeadlinesOnlyAndRecordsOneDeleteEach() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        try (InMemoryStateStore store = InMemoryStateStore.builder().clock(clock).build()) {
            for (int i = 0; i < 1000; i++) {
                store.setWithTtl("t" + i, JSON.numberNode(i), "w", i);
            }
            store.setWithTtl("t5", JSON.numberNode(5), "w", 10_000); // a later write moves the deadline
            store.set("t6", JSON.numberNode(6), "w");                // a plain set cancels it
            long before = store.transitionCount();
            List<String> reaped = store.reapExpired(clock.instant().plusSeconds(9));
            assertEquals(List.of("t0", "t1", "t2", "t3", "t4", "t7", "t8", "t9"), reaped);
            assertEquals(before + 8, store.transitionCount());
            assertEquals(List.of(), store.reapExpired(clock.instant().plusSeconds(9)));
        }
    }
}
