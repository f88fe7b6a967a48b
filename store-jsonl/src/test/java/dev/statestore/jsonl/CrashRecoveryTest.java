package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.HistoryCompactedException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.LayoutFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Real writer processes ({@link WriterMain}) killed with SIGKILL at random moments, then the
 * journal reopened: every write acknowledged before the kill must be there (flushed and synced;
 * buffered: every write acknowledged more than the flush interval before the kill), the state must
 * be exactly that of a prefix of each writer's sequence (all modes), and the retained history must
 * be gapless and hold every write of each writer in order. Rounds in {@code layout} mode seal tiny
 * segments, checkpoint every 100 lines and remove segments past {@code history=1000} all the time,
 * so kills land in the middle of each; there the history must reach back at least 1000 revisions.
 *
 * <p>The normal run kills 36 writers. For a soak run, set {@code statestore.crash.kills} to the
 * total number of kills, e.g. {@code ./mvnw -B -pl store-jsonl -am verify -Pcrash-soak
 * -Dtest=CrashRecoveryTest -Dsurefire.failIfNoSpecifiedTests=false} (500 kills) or
 * {@code -Dstatestore.crash.kills=2000}.
 */
class CrashRecoveryTest {

    /** Keys per writer thread; compaction rounds use more, so that a checkpoint takes a while. */
    static final int SLOTS = 64;
    static final int COMPACTION_SLOTS = 3000;
    /** Kills in the normal run: flushed, synced, buffered, compaction, layout. */
    static final int[] NORMAL = {8, 8, 4, 6, 10};
    /** How much later than the flush interval a buffered write may still be lost (scheduling slack). */
    static final long BUFFERED_SLACK_MILLIS = 1000;

    enum Mode {
        WRITES, COMPACT, LAYOUT
    }

    @TempDir
    Path dir;

    static int kills(int which) {
        int total = Integer.getInteger("statestore.crash.kills", 0);
        if (total <= 0) {
            return NORMAL[which];
        }
        int sum = 0;
        for (int n : NORMAL) {
            sum += n;
        }
        return Math.max(1, (int) Math.ceil((double) total * NORMAL[which] / sum));
    }

    @Test
    void flushedWritesSurviveSigkill() throws Exception {
        report("flushed", killRounds(Durability.FLUSHED, 1, Mode.WRITES, kills(0), 11));
    }

    @Test
    void syncedWritesOfConcurrentWritersSurviveSigkill() throws Exception {
        report("synced", killRounds(Durability.SYNCED, 3, Mode.WRITES, kills(1), 12));
    }

    @Test
    void bufferedJournalRecoversToAPrefixHoldingEveryWriteOlderThanTheFlushInterval() throws Exception {
        KillStats s = killRounds(Durability.BUFFERED, 1, Mode.WRITES, kills(2), 13);
        report("buffered", s);
        assertTrue(s.verified > 0, "some writes were older than the flush interval at a kill");
    }

    @Test
    void killDuringRepeatedCompactionsLeavesTheOldOrTheNewCheckpointComplete() throws Exception {
        KillStats s = killRounds(Durability.FLUSHED, 1, Mode.COMPACT, kills(3), 14);
        report("compaction", s);
        assertTrue(s.compactions > 0, "the writer compacted");
    }

    @Test
    void killsWhileSegmentsAreSealedCheckpointedAndRemovedLoseNoAcknowledgedWriteNorRetainedTransition()
            throws Exception {
        KillStats s = killRounds(Durability.FLUSHED, 2, Mode.LAYOUT, kills(4), 15);
        report("layout", s);
        assertTrue(s.segmentsSeen > 0, "segments were sealed");
        assertTrue(s.segmentsRemoved > 0, "segments were removed past the retained history");
    }

    static void report(String what, KillStats s) {
        System.out.printf("crash test %s: %d kills, %d acknowledged writes verified, %d kills with a checkpoint, "
                + "manifest or seal in flight, %d torn tails cut, %d segments seen, %d lives that removed segments, "
                + "%d transitions of retained history checked%n", what, s.kills, s.verified, s.midChange, s.tornTails,
                s.segmentsSeen, s.segmentsRemoved, s.historyChecked);
    }

    static final class KillStats {
        int kills;
        long verified;
        int midChange;
        int tornTails;
        long compactions;
        long segmentsSeen;
        int segmentsRemoved;
        long historyChecked;
    }

    KillStats killRounds(Durability durability, int threads, Mode mode, int kills, long seed) throws Exception {
        Random random = new Random(seed);
        KillStats stats = new KillStats();
        int slots = mode == Mode.COMPACT ? COMPACTION_SLOTS : SLOTS;
        Path journal = null;
        long[] before = new long[threads]; // writes of each thread the journal held before this life
        long oldestBefore = 1;
        for (int round = 0; round < kills; round++) {
            if (round % 5 == 0) { // a fresh journal every five lives keeps replays short
                journal = Files.createDirectory(dir.resolve("series-" + round)).resolve("crash.jsonl");
                before = new long[threads];
                oldestBefore = 1;
            }
            Map<Integer, Long> acked = new ConcurrentHashMap<>();
            Map<Integer, Long> ackedLongAgo = new ConcurrentHashMap<>();
            Map<Long, Long> ackTimes = new ConcurrentHashMap<>(); // thread << 40 | index -> nanoTime
            AtomicInteger compactions = new AtomicInteger();
            CountDownLatch ready = new CountDownLatch(1);
            ChildJvm child = ChildJvm.start(WriterMain.class, line -> {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    int t = Integer.parseInt(parts[1]);
                    long i = Long.parseLong(parts[2]);
                    acked.merge(t, i, Math::max);
                    if (durability == Durability.BUFFERED) {
                        ackTimes.put(((long) t << 40) | i, System.nanoTime());
                    }
                } else if (line.startsWith("COMPACT ")) {
                    compactions.incrementAndGet();
                } else if (line.equals("READY")) {
                    ready.countDown();
                }
            }, journal.toString(), durability.urlName(), Integer.toString(threads), Integer.toString(slots),
                    mode.name().toLowerCase(java.util.Locale.ROOT));
            long killedAt;
            try {
                assertTrue(ready.await(60, TimeUnit.SECONDS), "writer did not start: " + child.stderr);
                if (mode == Mode.COMPACT) { // aim at a compaction: kill a moment after the writer announces one
                    int target = 1 + random.nextInt(3);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (compactions.get() < target && System.nanoTime() < deadline && child.process.isAlive()) {
                        Thread.sleep(0, 200_000);
                    }
                    Thread.sleep(random.nextInt(4));
                } else if (mode == Mode.LAYOUT) {
                    Thread.sleep(100 + random.nextInt(900));
                } else if (durability == Durability.BUFFERED) {
                    Thread.sleep(WriterMain.FLUSH_MILLIS + BUFFERED_SLACK_MILLIS + 200 + random.nextInt(600));
                } else {
                    Thread.sleep(random.nextInt(5) == 0 ? random.nextInt(10) : 20 + random.nextInt(300));
                }
                assertTrue(child.process.isAlive(), "writer died by itself: " + child.stderr);
                killedAt = System.nanoTime();
                child.kill();
            } finally {
                child.close();
            }
            if (durability == Durability.BUFFERED) {
                long limit = killedAt - TimeUnit.MILLISECONDS.toNanos(WriterMain.FLUSH_MILLIS + BUFFERED_SLACK_MILLIS);
                ackTimes.forEach((k, at) -> {
                    if (at < limit) {
                        ackedLongAgo.merge((int) (k >>> 40), k & ((1L << 40) - 1), Math::max);
                    }
                });
            }
            stats.kills++;
            stats.compactions += compactions.get();
            LayoutFiles files = new LayoutFiles(journal);
            if (!files.staleTemps().isEmpty() || unfinishedSeal(files)) {
                stats.midChange++;
            }
            try (JsonlStateStore s = JsonlStateStore.open(journal)) {
                ReplayReport r = s.replayReport();
                String where = "round " + round;
                assertEquals(List.of(), r.skipped(), where + ": no half-written line inside");
                if (r.tornBytes() > 0) {
                    stats.tornTails++;
                }
                assertEquals(List.of(), files.staleTemps(), where + ": temp files are removed on open");
                assertTrue(!unfinishedSeal(files), where + ": an unfinished seal is undone on open");
                long[] held = prefixLengths(s.snapshot(), threads, slots, where);
                for (int t = 0; t < threads; t++) {
                    long ackedUpTo = durability == Durability.BUFFERED ? ackedLongAgo.getOrDefault(t, -1L)
                            : acked.getOrDefault(t, -1L);
                    assertTrue(held[t] >= before[t], where + " thread " + t + ": writes of an earlier life lost");
                    assertTrue(held[t] > ackedUpTo, where + " thread " + t + ": acknowledged write "
                            + ackedUpTo + " lost; journal holds writes 0.." + (held[t] - 1));
                    stats.verified += Math.max(0, ackedUpTo + 1 - before[t]);
                }
                long oldest = checkRetainedHistory(s, threads, where, stats);
                if (mode == Mode.LAYOUT) {
                    long latest = s.transitionCount();
                    assertTrue(oldest <= Math.max(1, latest - WriterMain.LAYOUT_HISTORY + 1), where + ": history=1000 "
                            + "keeps the latest 1000 transitions, yet the oldest kept is " + oldest + " of " + latest);
                    if (oldest > oldestBefore) {
                        stats.segmentsRemoved++;
                    }
                } else {
                    assertEquals(1, oldest, where + ": history=all keeps every transition");
                }
                oldestBefore = oldest;
                stats.segmentsSeen += Journals.segments(journal).size();
                before = held;
            }
        }
        return stats;
    }

    /** Returns whether the newest segment is still another name of the active file (a seal cut short). */
    static boolean unfinishedSeal(LayoutFiles files) throws Exception {
        List<Long> segments = files.segments();
        return !segments.isEmpty() && Files.exists(files.journal())
                && Files.isSameFile(files.segment(segments.get(segments.size() - 1)), files.journal());
    }

    /**
     * Checks the retained history: revisions gapless from the oldest retained to the latest, and
     * each writer thread's writes in it consecutive (none lost in the middle); returns the oldest.
     */
    static long checkRetainedHistory(JsonlStateStore s, int threads, String where, KillStats stats) {
        long oldest = 1;
        List<StateTransition> history;
        try {
            history = s.transitionsSince(0);
        } catch (HistoryCompactedException e) {
            oldest = e.oldestRetainedRevision();
            history = s.transitionsSince(oldest - 1);
        }
        long latest = s.transitionCount();
        assertEquals(latest - oldest + 1, history.size(), where + ": the history from " + oldest + " to " + latest);
        long[] lastIndex = new long[threads];
        java.util.Arrays.fill(lastIndex, -1);
        for (int k = 0; k < history.size(); k++) {
            StateTransition t = history.get(k);
            assertEquals(oldest + k, t.revision(), where + ": revisions are gapless");
            JsonNode v = t.newValue().orElseThrow();
            int thread = v.get("t").intValue();
            long i = v.get("i").longValue();
            if (lastIndex[thread] >= 0) {
                assertEquals(lastIndex[thread] + 1, i, where + ": thread " + thread + "'s writes in the history, at "
                        + "revision " + t.revision());
            }
            lastIndex[thread] = i;
        }
        stats.historyChecked += history.size();
        return oldest;
    }

    /**
     * Returns, per writer thread, the number m of its writes the state reflects, after checking the
     * state is exactly that of writes 0..m-1: each slot holds the last index below m that maps to it.
     */
    static long[] prefixLengths(Map<String, JsonNode> state, int threads, int slots, String where) {
        long[] m = new long[threads];
        for (JsonNode v : state.values()) {
            int t = v.get("t").intValue();
            m[t] = Math.max(m[t], v.get("i").longValue() + 1);
        }
        int expectedKeys = 0;
        for (int t = 0; t < threads; t++) {
            for (int slot = 0; slot < slots; slot++) {
                long last = m[t] - 1 - Math.floorMod(m[t] - 1 - slot, slots);
                JsonNode v = state.get("t" + t + "-" + slot);
                if (last < 0) {
                    assertEquals(null, v, where + ": slot " + slot + " of thread " + t + " written beyond the prefix");
                } else {
                    expectedKeys++;
                    assertEquals(WriterMain.value(t, last), v, where + ": slot " + slot + " of thread " + t
                            + " must hold write " + last + " of a prefix of " + m[t]);
                }
            }
        }
        assertEquals(expectedKeys, state.size(), where + ": unexpected keys");
        return m;
    }
}
