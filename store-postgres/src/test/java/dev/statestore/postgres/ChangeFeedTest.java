package dev.statestore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.HistoryCompactedException;
import dev.statestore.StateTransition;
import dev.statestore.tck.MutableClock;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** The change feed on PostgreSQL, within one process and between two pools on one store. */
class ChangeFeedTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static PostgresStateStore open(String store, String... options) {
        PostgresStateStoreBuilder b = PostgresStateStore.builder(TestDatabase.location())
                .options(TestDatabase.options(store));
        for (String o : options) {
            int eq = o.indexOf('=');
            b.options(Map.of(o.substring(0, eq), o.substring(eq + 1)));
        }
        return b.clock(Clock.systemUTC()).open();
    }

    @Test
    void historyThenLiveInRevisionOrderHonouringRequests() throws Exception {
        try (PostgresStateStore s = open(TestDatabase.newStoreName("feed"))) {
            for (int i = 0; i < 5; i++) {
                s.set("k" + i, JSON.numberNode(i), "w");
            }
            Recorder r = new Recorder();
            s.changes(2).subscribe(r);
            r.request(2);
            List<StateTransition> first = r.awaitCount(2);
            Recorder.assertGapless(first, 3);
            s.set("k5", JSON.numberNode(5), "w");
            Thread.sleep(500); // several poll intervals: nothing may arrive beyond the demand
            assertEquals(2, r.received().size(), "delivered more than requested");
            r.request(10);
            List<StateTransition> all = r.awaitCount(4);
            Recorder.assertGapless(all, 3);
            for (int i = 6; i < 20; i++) {
                s.set("k" + i, JSON.numberNode(i), "w");
            }
            Recorder.assertGapless(r.awaitCount(12), 3); // 2 + 10 requested
            Thread.sleep(300);
            assertEquals(12, r.received().size(), "delivered more than requested");
        }
    }

    @Test
    void aSubscriberThatRequestsNothingNeverBlocksWriters() throws Exception {
        try (PostgresStateStore s = open(TestDatabase.newStoreName("feed"))) {
            Recorder r = new Recorder();
            s.changes(0).subscribe(r);
            r.request(1);
            for (int i = 0; i < 300; i++) {
                s.set("k" + (i % 7), JSON.numberNode(i), "w");
            }
            r.request(Long.MAX_VALUE);
            Recorder.assertGapless(r.awaitCount(300), 1);
        }
    }

    @Test
    void writesOfAnotherPoolArriveByPollingAndByNotify() throws Exception {
        for (String notify : List.of("false", "true")) {
            String store = TestDatabase.newStoreName("feed");
            try (PostgresStateStore reader = open(store, "notify=" + notify, "poll-interval=PT0.05S");
                    PostgresStateStore writer = open(store, "notify=" + notify)) {
                Recorder r = new Recorder();
                reader.changes(0).subscribe(r);
                r.request(Long.MAX_VALUE);
                for (int i = 0; i < 50; i++) {
                    writer.set("k" + (i % 5), JSON.numberNode(i), "w");
                }
                List<StateTransition> got = r.awaitCount(50);
                Recorder.assertGapless(got, 1);
                assertEquals(writer.transitions(), got, "notify=" + notify);
            }
        }
    }

    @Test
    void aRewindPastThePositionEndsTheFeedWithIllegalState() throws Exception {
        try (PostgresStateStore s = open(TestDatabase.newStoreName("feed"))) {
            Map<String, tools.jackson.databind.JsonNode> empty = s.snapshot();
            s.set("a", JSON.numberNode(1), "w");
            s.set("b", JSON.numberNode(2), "w");
            Recorder behind = new Recorder();
            Recorder past = new Recorder();
            s.changes(0).subscribe(behind);
            s.changes(0).subscribe(past);
            past.request(2);
            past.awaitCount(2);
            s.restore(empty, 1);
            past.request(1);
            assertInstanceOf(IllegalStateException.class, past.awaitEnd(), "a subscriber past the rewind");
            behind.request(1);
            assertEquals(1, behind.awaitCount(1).get(0).revision());
            s.set("c", JSON.numberNode(3), "w");
            behind.request(5);
            List<StateTransition> got = behind.awaitCount(2);
            assertEquals("c", got.get(1).key(), "the subscriber that had seen only revision 1 continues on the new history");
            s.replaceAll(Map.of());
            behind.request(1);
            assertInstanceOf(IllegalStateException.class, behind.awaitEnd(), "replaceAll discards what it had seen");
        }
    }

    @Test
    void aPositionBelowTheRetainedHistoryEndsTheFeedWithHistoryCompacted() throws Exception {
        try (PostgresStateStore s = open(TestDatabase.newStoreName("feed"), "history=3")) {
            for (int i = 0; i < 10; i++) {
                s.set("k", JSON.numberNode(i), "w");
            }
            Recorder r = new Recorder();
            s.changes(2).subscribe(r);
            r.request(1);
            HistoryCompactedException e = assertInstanceOf(HistoryCompactedException.class, r.awaitEnd());
            assertEquals(8, e.oldestRetainedRevision());
            Recorder ok = new Recorder();
            s.changes(7).subscribe(ok);
            ok.request(3);
            Recorder.assertGapless(ok.awaitCount(3), 8);
        }
    }

    @Test
    void closingTheStoreCompletesTheFeed() throws Exception {
        PostgresStateStore s = open(TestDatabase.newStoreName("feed"));
        Recorder r = new Recorder();
        s.changes(0).subscribe(r);
        r.request(1);
        s.close();
        assertNull(r.awaitEnd(), "the feed ended with an error instead of onComplete");
        assertTrue(r.completed());
    }

    @Test
    void aTenantsFeedCarriesOnlyItsTransitions() throws Exception {
        try (PostgresStateStore s = open(TestDatabase.newStoreName("feed"))) {
            s.scoped("acme").set("a", JSON.numberNode(1), "w");
            s.set("plain", JSON.numberNode(2), "w");
            s.scoped("globex").set("a", JSON.numberNode(3), "w");
            s.scoped("acme").set("b", JSON.numberNode(4), "w");
            Recorder r = new Recorder();
            s.scoped("acme").changes(0).subscribe(r);
            r.request(10);
            List<StateTransition> got = r.awaitCount(2);
            assertEquals(List.of("tenant:acme:a", "tenant:acme:b"), got.stream().map(StateTransition::key).toList());
        }
    }

    @Test
    void clockOfTheStoreTimesTransitionsInTheFeed() throws Exception {
        MutableClock clock = new MutableClock();
        try (PostgresStateStore s = TestDatabase.open(TestDatabase.newStoreName("feed"), clock)) {
            StateTransition t = s.set("k", JSON.numberNode(1), "w");
            Recorder r = new Recorder();
            s.changes(0).subscribe(r);
            r.request(1);
            assertEquals(List.of(t), r.awaitCount(1));
            assertEquals(MutableClock.START, r.received().get(0).timestamp());
        }
    }
}
