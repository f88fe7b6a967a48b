package dev.statestore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.internal.TransitionAccess;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The engine's side of the journal protocol, checked against {@link ScriptedJournal}. */
class JournalSeamTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static InMemoryStateStore store(ScriptedJournal journal) {
        return InMemoryStateStore.builder().clock(CLOCK).journal(journal).build();
    }

    @Test
    void replayRebuildsStateAndLogLastWriteWinning() {
        List<StateTransition> lines = List.of(
                StateTransition.ofSet("a", null, JSON.numberNode(1), "x", T0, OptionalLong.empty()),
                StateTransition.ofSet("b", null, JSON.numberNode(2), "x", T0, OptionalLong.of(5)),
                StateTransition.ofSet("a", JSON.numberNode(1), JSON.numberNode(3), "x", T0, OptionalLong.empty()),
                StateTransition.ofDelete("b", JSON.numberNode(2), "x", T0));
        InMemoryStateStore store = store(new ScriptedJournal(Durability.FLUSHED, lines));
        assertEquals(Map.of("a", JSON.numberNode(3)), store.snapshot());
        assertEquals(numbered(lines), store.transitions(), "lines without a revision are numbered in replay order");
        assertEquals(List.of(1L, 1L, 2L, 0L), store.transitions().stream().map(StateTransition::version).toList());
    }

    @Test
    void theNextWriteFollowsTheLatestRevisionAJournalReportsEvenWithoutARecordOfIt() {
        List<StateTransition> lines = List.of(
                StateTransition.of("a", Optional.empty(), Optional.of(JSON.numberNode(1)), "x", T0,
                        OptionalLong.empty(), 1, 1),
                StateTransition.of("b", Optional.empty(), Optional.of(JSON.numberNode(2)), "x", T0,
                        OptionalLong.empty(), 2, 1));
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, lines);
        journal.replayEnd = 7; // say revisions 3..7 deleted keys and were folded into a checkpoint
        try (InMemoryStateStore store = store(journal)) {
            assertEquals(7, store.transitionCount());
            assertEquals(8, store.set("c", JSON.numberNode(3), "x").revision());
        }
        journal = new ScriptedJournal(Durability.FLUSHED, lines);
        journal.replayEnd = 1; // below the records: the records win
        try (InMemoryStateStore store = store(journal)) {
            assertEquals(3, store.set("c", JSON.numberNode(3), "x").revision());
        }
    }

    /** Returns {@code lines} as a replay numbers them: revisions by position, versions per key. */
    private static List<StateTransition> numbered(List<StateTransition> lines) {
        Map<String, Long> versions = new java.util.HashMap<>();
        List<StateTransition> out = new java.util.ArrayList<>();
        for (StateTransition t : lines) {
            long version = t.isDelete() ? 0 : versions.getOrDefault(t.key(), 0L) + 1;
            versions.put(t.key(), version);
            out.add(StateTransition.of(t.key(), t.oldValue(), t.newValue(), t.actionId(), t.timestamp(), t.ttlSecs(),
                    out.size() + 1, version));
        }
        return out;
    }

    @Test
    void replayKeepsStoredRevisionsAndVersionsAndLeavesHolesForMissingOnes() {
        List<StateTransition> lines = List.of(
                StateTransition.of("a", Optional.empty(), Optional.of(JSON.numberNode(1)), "x", T0,
                        OptionalLong.empty(), 1, 1),
                StateTransition.of("a", Optional.of(JSON.numberNode(1)), Optional.of(JSON.numberNode(2)), "x", T0,
                        OptionalLong.empty(), 3, 3));
        InMemoryStateStore store = store(new ScriptedJournal(Durability.FLUSHED, lines));
        assertEquals(lines, store.transitions(), "revision 2 is a hole: a damaged line lost it");
        assertEquals(3, store.transitionCount());
        assertEquals(3, store.getVersioned("a").orElseThrow().revision());
        assertEquals(4, store.set("a", JSON.numberNode(5), "x").revision());
        assertEquals(4, store.getVersioned("a").orElseThrow().version());
    }

    @Test
    void replayedOldValueSharesTheKeysPreviousNodeOnlyWhenEqualToIt() {
        TransitionAccess.Access access = TransitionAccess.get();
        // Separate but equal objects, as a journal parses them line by line.
        List<StateTransition> lines = List.of(
                StateTransition.ofSet(new String(new char[] {'a'}), null, JSON.objectNode().put("v", 1), "x", T0,
                        OptionalLong.empty()),
                StateTransition.ofSet(new String(new char[] {'a'}), JSON.objectNode().put("v", 1),
                        JSON.objectNode().put("v", 2), "x", T0, OptionalLong.of(5)),
                StateTransition.ofSet(new String(new char[] {'a'}), JSON.objectNode().put("v", 7),
                        JSON.objectNode().put("v", 3), "x", T0, OptionalLong.empty()));
        InMemoryStateStore store = store(new ScriptedJournal(Durability.FLUSHED, lines));
        List<StateTransition> log = store.transitions();
        assertEquals(numbered(lines), log, "sharing changes no transition");
        assertSame(access.sharedNewValue(log.get(0)), access.sharedOldValue(log.get(1)));
        assertSame(log.get(0).key(), log.get(1).key());
        assertEquals(OptionalLong.of(5), log.get(1).ttlSecs());
        assertEquals(Optional.of(JSON.objectNode().put("v", 7)), log.get(2).oldValue(),
                "an old value that disagrees with the previous write is kept as read");
        assertEquals(Map.of("a", JSON.objectNode().put("v", 3)), store.snapshot());
    }

    @Test
    void appendFailureLeavesStateAndLogUnchanged() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of());
        InMemoryStateStore store = store(journal);
        store.set("a", JSON.numberNode(1), "x");
        journal.failNextAppend();
        assertThrows(StateStoreException.class, () -> store.set("a", JSON.numberNode(2), "x"));
        journal.failNextAppend();
        assertThrows(StateStoreException.class, () -> store.setWithTtl("b", JSON.numberNode(2), "x", 9));
        journal.failNextAppend();
        assertThrows(StateStoreException.class, () -> store.delete("a", "x"));
        assertEquals(Map.of("a", JSON.numberNode(1)), store.snapshot());
        assertEquals(1, store.transitionCount());
        assertEquals(store.transitions(), journal.appended);
    }

    @Test
    void rewriteFailureLeavesStateLogAndTtlsUnchanged() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of());
        InMemoryStateStore store = store(journal);
        store.setWithTtl("a", JSON.numberNode(1), "x", 0);
        store.set("b", JSON.numberNode(2), "x");
        Map<String, JsonNode> before = store.snapshot();
        List<StateTransition> log = store.transitions();
        journal.failNextRewrite();
        assertThrows(StateStoreException.class, store::compact);
        journal.failNextRewrite();
        assertThrows(StateStoreException.class, () -> store.restore(Map.of(), 0));
        journal.failNextRewrite();
        assertThrows(StateStoreException.class, () -> store.replaceAll(Map.of("z", JSON.numberNode(9))));
        assertEquals(before, store.snapshot());
        assertEquals(log, store.transitions());
        assertEquals(List.of("a"), store.reapExpired(T0), "the TTL of 'a' survived the failed rewrites");
    }

    @Test
    void journalHoldsTransitionsInLogOrderUnderConcurrentWriters() throws Exception {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of());
        InMemoryStateStore store = store(journal);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int id = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    store.set("k" + (i % 7), JSON.numberNode(id * 1000 + i), "w" + id);
                    if (i % 5 == 0) {
                        store.delete("k" + (i % 3), "w" + id);
                    }
                }
            }));
        }
        for (Future<?> f : writers) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(store.transitions(), journal.appended);
        InMemoryStateStore replayed = store(new ScriptedJournal(Durability.FLUSHED, journal.appended));
        assertEquals(store.snapshot(), replayed.snapshot());
    }

    @Test
    void syncedWriterWaitsForFsyncWithoutHoldingTheLock() throws Exception {
        ScriptedJournal journal = new ScriptedJournal(Durability.SYNCED, List.of());
        journal.fsyncGate = new CountDownLatch(1);
        InMemoryStateStore store = store(journal);
        Future<StateTransition> blocked = pool.submit(() -> store.set("a", JSON.numberNode(1), "x"));
        while (store.transitionCount() == 0) {
            Thread.onSpinWait();
        }
        Future<StateTransition> second = pool.submit(() -> store.set("b", JSON.numberNode(2), "x"));
        while (store.transitionCount() < 2) {
            Thread.onSpinWait();
        }
        assertFalse(blocked.isDone(), "the first write returned before its fsync");
        assertEquals(2, journal.appended.size(), "the second writer appended while the first waited");
        journal.fsyncGate.countDown();
        assertEquals("a", blocked.get(10, TimeUnit.SECONDS).key());
        assertEquals("b", second.get(10, TimeUnit.SECONDS).key());
    }

    @Test
    void failedFsyncRollsBackEveryWriteItDidNotCover() throws Exception {
        ScriptedJournal journal = new ScriptedJournal(Durability.SYNCED, List.of());
        InMemoryStateStore store = store(journal);
        store.set("a", JSON.numberNode(1), "x");
        Map<String, JsonNode> durableState = store.snapshot();
        journal.fsyncGate = new CountDownLatch(1);
        journal.fsyncFails = true;
        Future<StateTransition> w1 = pool.submit(() -> store.set("a", JSON.numberNode(2), "x"));
        Future<StateTransition> w2 = pool.submit(() -> store.setWithTtl("b", JSON.numberNode(3), "x", 0));
        while (store.transitionCount() < 3) {
            Thread.onSpinWait();
        }
        journal.fsyncGate.countDown();
        for (Future<StateTransition> w : List.of(w1, w2)) {
            Exception e = assertThrows(Exception.class, () -> w.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof StateStoreException, e.toString());
        }
        assertEquals(durableState, store.snapshot());
        assertEquals(1, store.transitionCount());
        assertEquals(List.of(), store.reapExpired(T0), "the rolled-back TTL write left no TTL behind");
        assertThrows(StateStoreException.class, () -> store.set("c", JSON.numberNode(4), "x"),
                "the journal refuses writes after a failed fsync");
        assertEquals(Optional.of(JSON.numberNode(1)), store.get("a"), "reads keep working");
    }

    @Test
    void storeKeepsTheJournalsCanonicalCopy() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of());
        InMemoryStateStore store = store(journal);
        store.set("f", JSON.numberNode(1.5f), "x");
        assertEquals(Optional.of(JSON.numberNode(1.5d)), store.get("f"));
    }

    @Test
    void valueRefusedByTheJournalChangesNothing() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of());
        journal.refuse = JSON.stringNode("unstorable");
        InMemoryStateStore store = store(journal);
        assertThrows(IllegalArgumentException.class, () -> store.set("a", JSON.stringNode("unstorable"), "x"));
        assertThrows(IllegalArgumentException.class,
                () -> store.replaceAll(Map.of("a", JSON.numberNode(1), "b", JSON.stringNode("unstorable"))));
        assertEquals(0, store.transitionCount());
        assertTrue(store.keys().isEmpty());
        assertTrue(journal.appended.isEmpty() && journal.rewrites.isEmpty());
    }

    @Test
    void reapAppendsOneDeletePerReapedKeyAndRewritesNothing() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of(
                StateTransition.ofSet("old", null, JSON.numberNode(0), "early", T0.minusSeconds(100), OptionalLong.of(1000))));
        InMemoryStateStore store = store(journal);
        store.set("z", JSON.numberNode(1), "x");
        store.setWithTtl("gone", JSON.numberNode(3), "x", 0);
        store.setWithTtl("also", JSON.numberNode(4), "x", 0);
        assertEquals(List.of("also", "gone"), store.reapExpired(T0));
        assertTrue(journal.rewrites.isEmpty(), "a reap rewrites nothing");
        List<StateTransition> deletes = journal.appended.subList(journal.appended.size() - 2, journal.appended.size());
        assertEquals(List.of("also", "gone"), deletes.stream().map(StateTransition::key).toList(),
                "in deadline order, equal deadlines by key");
        assertTrue(deletes.stream().allMatch(t -> t.isDelete() && t.actionId().equals("reap_expired")));
        assertEquals(List.of(5L, 6L), deletes.stream().map(StateTransition::revision).toList());
    }

    @Test
    void compactRewritesLiveKeysSortedWithOriginalRevisionsTimestampsAndTtlsAndNoOldValues() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of(
                StateTransition.ofSet("old", null, JSON.numberNode(0), "early", T0.minusSeconds(100), OptionalLong.of(1000))));
        InMemoryStateStore store = store(journal);
        store.set("z", JSON.numberNode(1), "x");
        store.set("z", JSON.numberNode(2), "y");
        store.compact();
        assertEquals(List.of(List.of(
                StateTransition.of("old", Optional.empty(), Optional.of(JSON.numberNode(0)), "early",
                        T0.minusSeconds(100), OptionalLong.of(1000), 1, 1),
                StateTransition.of("z", Optional.empty(), Optional.of(JSON.numberNode(2)), "y", T0,
                        OptionalLong.empty(), 3, 2))),
                journal.rewrites);
        assertEquals(3, journal.lastHistoryEnd, "the history is kept up to the latest revision");
    }

    @Test
    void reapWithNothingExpiredRewritesNothing() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of());
        InMemoryStateStore store = store(journal);
        store.setWithTtl("later", JSON.numberNode(1), "x", 60);
        assertEquals(List.of(), store.reapExpired(T0));
        assertTrue(journal.rewrites.isEmpty());
    }

    @Test
    void closeClosesTheJournalOnce() {
        ScriptedJournal journal = new ScriptedJournal(Durability.FLUSHED, List.of());
        InMemoryStateStore store = store(journal);
        store.close();
        store.close();
        assertEquals(1, journal.closes);
        assertThrows(IllegalStateException.class, () -> store.get("a"));
    }
}
