package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.tck.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Injected I/O failures under real files: nothing acknowledged is lost, failed fsyncs stop writes. */
class IoFaultTest {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    final FaultyIo io = new FaultyIo();

    Path journal() {
        return dir.resolve("f.jsonl");
    }

    JsonlStateStore open(Durability d) {
        return JsonlStateStore.builder(journal()).durability(d).io(io).open();
    }

    JsonlStateStore reopen() {
        return JsonlStateStore.open(journal());
    }

    static JsonNode n(int i) {
        return NODES.numberNode(i);
    }

    static void assertRefusesWrites(JsonlStateStore s, String why) {
        StateStoreException e = assertThrows(StateStoreException.class, () -> s.set("later", n(0), "w"));
        assertTrue(e.getMessage().contains("refuses writes") && e.getMessage().contains(why), e.getMessage());
        assertThrows(StateStoreException.class, () -> s.delete("a", "w"));
        assertThrows(StateStoreException.class, s::compact);
        assertThrows(StateStoreException.class, () -> s.replaceAll(Map.of()));
        assertFalse(s.exists("later"));
    }

    @Test
    void failedAppendThrowsAndChangesNothing() {
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
            s.set("a", n(1), "w1");
            io.failNextWrite = true;
            StateStoreException e = assertThrows(StateStoreException.class, () -> s.set("a", n(2), "w2"));
            assertTrue(e.getMessage().contains(s.path().toString()), e.getMessage());
            assertEquals(n(1), s.get("a").orElseThrow());
            assertEquals(1, s.transitionCount());
            s.set("a", n(3), "w3");
        }
        try (JsonlStateStore s = reopen()) {
            assertTrue(s.replayReport().clean());
            assertEquals(List.of("w1", "w3"), s.transitions().stream().map(StateTransition::actionId).toList());
        }
    }

    @Test
    void partOfAFailedAppendIsCutOff() {
        try (JsonlStateStore s = open(Durability.SYNCED)) {
            s.set("a", n(1), "w1");
            long size = sizeOf(journal());
            io.failNextWrite = true;
            io.partial = true;
            assertThrows(StateStoreException.class, () -> s.set("b", n(2), "w2"));
            assertEquals(size, sizeOf(journal()));
            s.set("c", n(3), "w3");
        }
        try (JsonlStateStore s = reopen()) {
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
            assertEquals(List.of("a", "c"), s.keys());
        }
    }

    @Test
    void failedAppendWhosePartCannotBeCutOffStopsWritesButNotReads() {
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
            s.set("a", n(1), "w1");
            io.failNextWrite = true;
            io.partial = true;
            io.failTruncate = true;
            assertThrows(StateStoreException.class, () -> s.set("b", n(2), "w2"));
            assertRefusesWrites(s, "could not be cut off");
            assertEquals(n(1), s.get("a").orElseThrow());
            assertEquals(List.of("a"), s.keys());
        }
        try (JsonlStateStore s = reopen()) {
            assertTrue(s.replayReport().tornBytes() > 0);
            assertEquals(List.of("a"), s.keys());
        }
    }

    @Test
    void failedFsyncInSyncedModeLosesNothingAcknowledgedAndStopsWrites() {
        try (JsonlStateStore s = open(Durability.SYNCED)) {
            s.set("a", n(1), "w1");
            s.set("b", n(2), "w2");
            io.failSync = true;
            StateStoreException e = assertThrows(StateStoreException.class, () -> s.set("a", n(9), "w3"));
            assertTrue(e.getMessage().contains("fsync"), e.getMessage());
            assertEquals(n(1), s.get("a").orElseThrow(), "the unacknowledged write is rolled back");
            assertEquals(2, s.transitionCount());
            int syncsAfterFailure = io.syncs.get();
            assertRefusesWrites(s, "fsync failed");
            assertThrows(StateStoreException.class, s::sync);
            assertEquals(syncsAfterFailure, io.syncs.get(), "a failed fsync is never retried");
            assertEquals(Map.of("a", n(1), "b", n(2)), s.snapshot());
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(n(2), s.get("b").orElseThrow());
            assertTrue(s.exists("a"));
        }
    }

    @Test
    void failedSyncInFlushedModeStopsWrites() {
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
            s.set("a", n(1), "w1");
            io.failSync = true;
            StateStoreException e = assertThrows(StateStoreException.class, s::sync);
            assertTrue(e.getMessage().contains(s.path().toString()) && e.getMessage().contains("fsync"), e.getMessage());
            assertRefusesWrites(s, "fsync failed");
            assertEquals(n(1), s.get("a").orElseThrow());
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(n(1), s.get("a").orElseThrow());
        }
    }

    @Test
    void failedRenameDuringCompactionLeavesTheOldJournalAndTheStoreWritable() {
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
            for (int i = 0; i < 10; i++) {
                s.set("k" + (i % 3), n(i), "w" + i);
            }
            io.failMove = true;
            StateStoreException e = assertThrows(StateStoreException.class, s::compact);
            assertTrue(e.getMessage().contains("unchanged"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("f.jsonl.tmp")));
            io.failMove = false;
            s.set("after", n(10), "w10");
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(11, s.transitionCount());
            assertEquals(n(9), s.get("k0").orElseThrow());
        }
    }

    @Test
    void failedTempWriteDuringRestoreChangesNothing() {
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
            s.set("a", n(1), "w1");
            Map<String, JsonNode> snap = s.snapshot();
            s.set("b", n(2), "w2");
            io.failNextWrite = true;
            assertThrows(StateStoreException.class, () -> s.restore(snap, 1));
            assertEquals(List.of("a", "b"), s.keys());
            assertEquals(2, s.transitionCount());
            assertFalse(Files.exists(dir.resolve("f.jsonl.tmp")));
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(List.of("a", "b"), s.keys());
        }
    }

    @Test
    void reapRenamesNothingSoAFailingRenameCannotStopIt() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).io(io).open()) {
            s.setWithTtl("t", n(1), "w", 1);
            s.set("p", n(2), "w");
            io.failMove = true;
            assertEquals(List.of("t"), s.reapExpired(Instant.parse("2026-01-01T00:00:05Z")),
                    "a reap appends one delete line per key and rewrites nothing");
            assertEquals(List.of("p"), s.keys());
            assertThrows(StateStoreException.class, s::compact, "a compaction does rename");
            io.failMove = false;
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(List.of("p"), s.keys());
        }
    }

    @Test
    void failedDirectoryFsyncAfterARenameStopsWrites() {
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
            s.set("a", n(1), "w1");
            s.set("a", n(2), "w2");
            io.failDirectorySync = true;
            assertThrows(StateStoreException.class, s::compact);
            assertRefusesWrites(s, "refuses writes");
            assertEquals(n(2), s.get("a").orElseThrow());
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(n(2), s.get("a").orElseThrow());
            assertTrue(s.replayReport().clean());
        }
    }

    @Test
    void failedFsyncOfTheRewriteStopsWritesAndKeepsTheOldJournal() {
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
            s.set("a", n(1), "w1");
            s.set("a", n(2), "w2");
            io.failSync = true;
            assertThrows(StateStoreException.class, s::compact);
            assertRefusesWrites(s, "fsync failed");
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(2, s.transitionCount(), "the old, uncompacted journal is in place");
            assertFalse(Files.exists(dir.resolve("f.jsonl.tmp")));
        }
    }

    @Test
    void failedBufferFlushKeepsEveryAcknowledgedWrite() {
        List<String> acknowledged = new ArrayList<>();
        String failed = null;
        try (JsonlStateStore s = open(Durability.BUFFERED)) {
            io.failNextWrite = true;
            for (int i = 0; i < 3000; i++) {
                String key = "k" + i;
                try {
                    s.set(key, NODES.stringNode("value-" + i + "-".repeat(40)), "w");
                    acknowledged.add(key);
                } catch (StateStoreException e) {
                    assertEquals(null, failed, "only one write fails");
                    failed = key;
                    assertFalse(s.exists(key));
                }
            }
        }
        assertTrue(failed != null, "the injected failure hit a buffer flush");
        try (JsonlStateStore s = reopen()) {
            assertTrue(s.replayReport().clean());
            assertEquals(acknowledged.stream().sorted().toList(), s.keys());
        }
    }

    @Test
    void concurrentSyncedWritersShareFsyncsAndReadsDoNotWait() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (JsonlStateStore s = open(Durability.SYNCED)) {
            s.set("warm", n(0), "w");
            io.writes.set(0);
            io.syncs.set(0);
            CountDownLatch gate = new CountDownLatch(1);
            io.syncGate = gate;
            List<Future<?>> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int id = i;
                writers.add(pool.submit(() -> s.set("w" + id, n(id), "writer")));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (io.writes.get() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            // all eight appended while the first fsync is held: the engine lock is not held while waiting
            assertEquals(8, io.writes.get());
            assertEquals(n(0), s.get("warm").orElseThrow());
            for (Future<?> w : writers) {
                assertFalse(w.isDone(), "a synced write returned before its fsync");
            }
            gate.countDown();
            io.syncGate = null;
            for (Future<?> w : writers) {
                w.get(30, TimeUnit.SECONDS);
            }
            assertTrue(io.syncs.get() <= 2, "8 writes took " + io.syncs.get() + " fsyncs");
        } finally {
            pool.shutdownNow();
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(9, s.keys().size());
        }
    }

    @Test
    void interruptedWriterDoesNotBreakTheJournal() {
        try (JsonlStateStore s = open(Durability.SYNCED)) {
            Thread.currentThread().interrupt();
            try {
                s.set("a", n(1), "w1");
                s.sync();
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt status is kept");
            }
            s.set("b", n(2), "w2");
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(List.of("a", "b"), s.keys());
        }
    }

    static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
