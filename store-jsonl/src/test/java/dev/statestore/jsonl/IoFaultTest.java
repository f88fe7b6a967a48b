package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.LayoutFiles;
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
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
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
            assertEquals(List.of(), Journals.checkpoints(journal()));
            assertFalse(Files.exists(new LayoutFiles(journal()).checkpointTemp()));
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
            assertFalse(Files.exists(new LayoutFiles(journal()).restoreTemp()));
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
    void aReapWritesEachBatchOfDeletesAtOnceAndAFailedBatchReapsNoneOfIts() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        int keys = 2500; // three batches of at most 1,024 deletes
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).durability(Durability.FLUSHED).clock(clock).io(io)
                .open()) {
            for (int i = 0; i < keys; i++) {
                s.setWithTtl(String.format("t%04d", i), n(i), "w", 1);
            }
            s.set("p", n(-1), "w");
            int writes = io.writes.get();
            io.writesBeforeFailure.set(1); // the first batch is written, half the second
            io.partial = true;
            Instant later = Instant.parse("2026-01-01T00:00:05Z");
            assertThrows(StateStoreException.class, () -> s.reapExpired(later));
            assertEquals(writes + 1, io.writes.get(), "the first batch took one write");
            assertEquals(keys + 1 + 1024, s.transitionCount(), "the first batch stays reaped, the second not");
            byte[] file = Journals.bytes(journal());
            assertEquals(keys + 1 + 1024, Journals.lineEnds(file).size(), "the half of the failed write is cut off");
            assertEquals('\n', file[file.length - 1]);

            List<String> reaped = s.reapExpired(later);
            assertEquals(keys - 1024, reaped.size(), "the keys of the failed batches kept their deadlines");
            assertEquals(String.format("t%04d", 1024), reaped.get(0));
            assertEquals(writes + 3, io.writes.get(), "the two batches left took one write each");
            assertEquals(List.of("p"), s.keys());
            assertEquals(2L * keys + 1, s.transitionCount());
        }
        try (JsonlStateStore s = reopen()) {
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
            assertEquals(List.of("p"), s.keys());
            assertEquals(2L * keys + 1, s.transitionCount());
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
            assertEquals(List.of(), Journals.checkpoints(journal()));
            assertFalse(Files.exists(new LayoutFiles(journal()).checkpointTemp()));
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
    void concurrentSyncedWritersShareWritesAndFsyncsAndReadsDoNotWait() throws Exception {
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
            // all eight applied while the first fsync is held: the engine lock is not held while waiting
            await(() -> java.util.stream.IntStream.range(0, 8).allMatch(i -> s.exists("w" + i)),
                    "all eight writes are applied");
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
            // the first commit writes what was buffered when it began; the next one all the rest at once
            assertTrue(io.writes.get() <= 2, "8 writes took " + io.writes.get() + " write calls");
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


    /** Waits up to 30 s for {@code condition}; fails naming {@code what}. */
    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aCheckpointWaitingForAnFsyncThatFailsIsAbandonedAndTheWriteIsRolledBack() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (JsonlStateStore s = open(Durability.SYNCED)) {
            s.set("a", n(1), "w1");
            s.set("a", n(2), "w2");
            s.set("b", n(3), "w3");
            Path journalFile = s.path();
            CountDownLatch gate = new CountDownLatch(1);
            io.syncFaultsOn = journalFile::equals;
            io.failSync = true;
            io.syncGate = gate;
            Future<?> writer = pool.submit(() -> s.set("w", n(9), "unlucky"));
            await(() -> io.atGate.get() == 1, "the writer's fsync is held at the gate");
            java.util.concurrent.atomic.AtomicReference<Thread> compactor = new java.util.concurrent.atomic.AtomicReference<>();
            Future<?> compaction = pool.submit(() -> {
                compactor.set(Thread.currentThread());
                s.compact();
            });
            await(() -> compactor.get() != null && compactor.get().getState() == Thread.State.WAITING,
                    "the compaction waits for the running fsync");
            gate.countDown();
            java.util.concurrent.ExecutionException w = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> writer.get(30, TimeUnit.SECONDS));
            assertTrue(w.getCause().getMessage().contains("fsync failed"), w.getCause().getMessage());
            java.util.concurrent.ExecutionException c = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> compaction.get(30, TimeUnit.SECONDS));
            assertTrue(c.getCause() instanceof StateStoreException && c.getCause().getMessage().contains("fsync failed"),
                    c.getCause().toString());
            assertFalse(s.exists("w"), "the write whose fsync failed is rolled back in memory");
            assertEquals(3, s.transitionCount());
            assertEquals(Map.of("a", n(2), "b", n(3)), s.snapshot());
            assertEquals(List.of(), Journals.checkpoints(journalFile), "no checkpoint holds the rolled-back write");
            assertRefusesWrites(s, "fsync failed");
        } finally {
            pool.shutdownNow();
        }
        try (JsonlStateStore s = reopen()) {
            List<String> actions = s.transitions().stream().map(StateTransition::actionId).toList();
            assertEquals(List.of("w1", "w2", "w3"), actions.subList(0, 3), "the journal was not compacted");
            // The failed write's line had reached the operating system before its fsync failed, so
            // (like any write whose fsync failed) it may be found on reopen: here it is.
            assertEquals(List.of("w1", "w2", "w3", "unlucky"), actions);
        }
    }

    /**
     * Starts writer {@code w0} and waits until the fsync of its commit is held at {@code gate}, then
     * starts {@code w1}..{@code w<n-1>} and waits until each has applied its write: they are queued
     * behind the held commit, their lines buffered for the next one. Returns the writers in order.
     */
    List<Future<?>> queueBehindAHeldFsync(JsonlStateStore s, ExecutorService pool, int n, CountDownLatch gate)
            throws InterruptedException {
        io.syncGate = gate;
        List<Future<?>> writers = new ArrayList<>();
        writers.add(pool.submit(() -> s.set("w0", n(0), "writer")));
        await(() -> io.atGate.get() == 1, "the first writer's fsync is held at the gate");
        for (int i = 1; i < n; i++) {
            int id = i;
            writers.add(pool.submit(() -> s.set("w" + id, n(id), "writer")));
        }
        await(() -> java.util.stream.IntStream.range(1, n).allMatch(i -> s.exists("w" + i)),
                "every queued writer has applied its write");
        for (Future<?> w : writers) {
            assertFalse(w.isDone(), "a synced write returned before its fsync");
        }
        return writers;
    }

    /** Asserts that every writer after the first failed with a message holding {@code why}; returns nothing. */
    static void assertQueuedWritersFailed(List<Future<?>> writers, String why) throws Exception {
        writers.get(0).get(30, TimeUnit.SECONDS);
        for (Future<?> w : writers.subList(1, writers.size())) {
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> w.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof StateStoreException && e.getCause().getMessage().contains(why)
                    && e.getCause().getMessage().contains("refuses writes"), e.getCause().toString());
        }
    }

    @Test
    void aFailedCombinedWriteFailsEveryWriterItHeldAndTheStoreKeepsExactlyTheAcknowledgedWrites() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (JsonlStateStore s = open(Durability.SYNCED)) {
            s.set("a", n(-1), "w");
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<?>> writers = queueBehindAHeldFsync(s, pool, 16, gate);
            long size = sizeOf(journal());
            io.failNextWrite = true; // the next write is the combined one of the 15 queued writers
            io.partial = true;
            gate.countDown();
            assertQueuedWritersFailed(writers, "writing out the lines");
            assertEquals(size, sizeOf(journal()), "the part of the combined write that reached the file is cut off");
            assertEquals(Map.of("a", n(-1), "w0", n(0)), s.snapshot(), "the 15 failed writes are rolled back");
            assertEquals(2, s.transitionCount());
            assertRefusesWrites(s, "writing out the lines");
            assertThrows(StateStoreException.class, s::sync);
        } finally {
            pool.shutdownNow();
        }
        try (JsonlStateStore s = reopen()) {
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
            assertEquals(Map.of("a", n(-1), "w0", n(0)), s.snapshot());
            assertEquals(List.of(1L, 2L), s.transitions().stream().map(StateTransition::revision).toList());
        }
    }

    @Test
    void aFailedCombinedWriteThatCannotBeCutOffLeavesATornTailThatTheOpenCutsOff() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (JsonlStateStore s = open(Durability.SYNCED)) {
            s.set("a", n(-1), "w");
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<?>> writers = queueBehindAHeldFsync(s, pool, 16, gate);
            io.failNextWrite = true;
            io.partial = true;
            io.failTruncate = true;
            gate.countDown();
            assertQueuedWritersFailed(writers, "could not be cut off");
            assertEquals(Map.of("a", n(-1), "w0", n(0)), s.snapshot());
            assertRefusesWrites(s, "could not be cut off");
        } finally {
            pool.shutdownNow();
        }
        io.failTruncate = false;
        try (JsonlStateStore s = reopen()) {
            assertTrue(s.replayReport().tornBytes() > 0, s.replayReport().toString());
            // What reached the file and could not be cut off is, like the lines of a failed fsync,
            // found on reopen: the whole lines of it, after every acknowledged write; its torn rest is cut off.
            List<StateTransition> all = s.transitions();
            assertEquals(List.of("a", "w0"), all.subList(0, 2).stream().map(StateTransition::key).toList());
            assertTrue(all.size() < 17, "only part of the combined write reached the file: " + all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i + 1, all.get(i).revision(), "revisions are gapless in file order");
            }
        }
    }

    @Test
    void aFailedFsyncOfACombinedWriteFailsEveryWriterItCoveredAndTheStoreRollsBackExactlyThose() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (JsonlStateStore s = open(Durability.SYNCED)) {
            s.set("a", n(-1), "w");
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<?>> writers = queueBehindAHeldFsync(s, pool, 16, gate);
            io.syncsBeforeFailure.set(1); // the held fsync succeeds, the next one (of the 15 queued) fails
            int writesBefore = io.writes.get();
            gate.countDown();
            assertQueuedWritersFailed(writers, "fsync failed");
            assertEquals(writesBefore + 1, io.writes.get(), "the 15 queued lines went out in one write");
            assertEquals(Map.of("a", n(-1), "w0", n(0)), s.snapshot(), "the 15 unsynced writes are rolled back");
            assertEquals(2, s.transitionCount());
            int syncs = io.syncs.get();
            assertRefusesWrites(s, "fsync failed");
            assertThrows(StateStoreException.class, s::sync);
            assertEquals(syncs, io.syncs.get(), "a failed fsync is never retried");
        } finally {
            pool.shutdownNow();
        }
        try (JsonlStateStore s = reopen()) {
            // The 15 lines reached the operating system before their fsync failed, so (like any
            // write whose fsync failed) they are found on reopen, after every acknowledged one.
            List<StateTransition> all = s.transitions();
            assertEquals(List.of("a", "w0"), all.subList(0, 2).stream().map(StateTransition::key).toList());
            assertEquals(17, all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i + 1, all.get(i).revision(), "revisions are gapless in file order");
            }
        }
    }

    @Test
    void aFailedWriteOfTheBufferBySyncFailsTheWritersWaitingForItAndTheStoreRollsThemBack() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (JsonlStateStore s = open(Durability.SYNCED)) {
            s.set("a", n(-1), "w");
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<?>> writers = queueBehindAHeldFsync(s, pool, 4, gate);
            io.failNextWrite = true;
            StateStoreException e = assertThrows(StateStoreException.class, s::sync, "sync writes the buffer out first");
            assertTrue(e.getMessage().contains("refuses writes") && e.getMessage().contains(s.path().toString()),
                    e.getMessage());
            gate.countDown();
            assertQueuedWritersFailed(writers, "writing out the lines");
            assertEquals(Map.of("a", n(-1), "w0", n(0)), s.snapshot());
        } finally {
            pool.shutdownNow();
        }
        try (JsonlStateStore s = reopen()) {
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
            assertEquals(Map.of("a", n(-1), "w0", n(0)), s.snapshot());
        }
    }

    /** Returns the number in {@code message} just before {@code word}, or fails. */
    static long numberBefore(String message, String word) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+) " + word).matcher(message);
        assertTrue(m.find(), "no number of " + word + " in: " + message);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aFailedFlushAtSyncInBufferedModeSaysHowManyAcknowledgedWritesAreStillOnlyInMemory() {
        try (JsonlStateStore s = open(Durability.BUFFERED)) {
            s.set("early", n(0), "w");
            s.sync();
            long before = sizeOf(journal());
            for (int i = 0; i < 34; i++) {
                s.set("k" + i, n(i), "w");
            }
            io.failAllWrites = true;
            StateStoreException e = assertThrows(StateStoreException.class, s::sync);
            assertEquals(34, numberBefore(e.getMessage(), "acknowledged writes"), e.getMessage());
            assertTrue(e.getMessage().contains(s.path().toString()) && e.getMessage().contains("still")
                    && !e.getMessage().contains("not applied"), e.getMessage());
            long bytes = numberBefore(e.getMessage(), "bytes");
            io.failAllWrites = false;
            s.sync();
            assertEquals(bytes, sizeOf(journal()) - before, "the bytes the message named");
        }
        try (JsonlStateStore s = reopen()) {
            assertEquals(35, s.keys().size());
        }
    }

    @Test
    void aFailedFlushAtCloseInBufferedModeSaysHowManyAcknowledgedWritesWereLost() {
        JsonlStateStore s = open(Durability.BUFFERED);
        s.set("early", n(0), "w");
        s.sync();
        for (int i = 0; i < 34; i++) {
            s.set("k" + i, n(i), "w");
        }
        io.failAllWrites = true;
        StateStoreException e = assertThrows(StateStoreException.class, s::close);
        assertEquals(34, numberBefore(e.getMessage(), "acknowledged writes"), e.getMessage());
        assertTrue(e.getMessage().contains("lost") && !e.getMessage().contains("not applied"), e.getMessage());
        assertTrue(s.isClosed());
        io.failAllWrites = false;
        try (JsonlStateStore again = reopen()) {
            assertEquals(List.of("early"), again.keys());
        }
    }

    @Test
    void aWriteRefusedBecauseTheBufferCannotBeFlushedSaysTheBufferedWritesAreKept() {
        try (JsonlStateStore s = open(Durability.BUFFERED)) {
            int acknowledged = 0;
            io.failAllWrites = true;
            StateStoreException e = null;
            while (e == null) {
                try {
                    s.set("k" + acknowledged, NODES.stringNode("v".repeat(100)), "w");
                    acknowledged++;
                } catch (StateStoreException failed) {
                    e = failed;
                }
            }
            assertEquals(acknowledged, numberBefore(e.getMessage(), "acknowledged writes"), e.getMessage());
            assertTrue(e.getMessage().contains("was not applied"), e.getMessage());
            io.failAllWrites = false;
        }
        try (JsonlStateStore s = reopen()) {
            assertTrue(s.keys().size() > 100, "the buffered writes were flushed at close");
        }
    }

    @Test
    void aFailedOpenOnAFullDiskLeavesNoTornSideFileBehind() throws Exception {
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
            s.set("a", n(1), "w");
        }
        Files.write(journal(), "{\"key\":\"torn".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Journals.bytes(journal());
        io.failAllWrites = true;
        StateStoreException e = assertThrows(StateStoreException.class, () -> open(Durability.FLUSHED));
        assertTrue(e.getMessage().contains(journal().toRealPath().toString()), e.getMessage());
        assertEquals(List.of(), Journals.filesStartingWith(dir, "f.jsonl.torn-"), "an empty side file was left");
        assertTrue(java.util.Arrays.equals(before, Journals.bytes(journal())), "the journal was changed");
        io.failAllWrites = false;
        try (JsonlStateStore s = open(Durability.FLUSHED)) {
            assertEquals(List.of("a"), s.keys());
            assertEquals(1, Journals.filesStartingWith(dir, "f.jsonl.torn-").size());
        }
    }
}
