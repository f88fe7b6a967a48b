package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.jsonl.internal.JournalPaths;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * journal reopened: every write acknowledged before the kill must be there (flushed and synced),
 * the state must be exactly that of a prefix of each writer's sequence (all modes), and a kill
 * during a compaction must leave the old or the new journal, complete.
 *
 * <p>The normal run kills 26 writers. For a soak run, set {@code statestore.crash.kills} to the
 * total number of kills, e.g. {@code ./mvnw -B -pl store-jsonl -am verify -Pcrash-soak
 * -Dtest=CrashRecoveryTest -Dsurefire.failIfNoSpecifiedTests=false} (500 kills) or
 * {@code -Dstatestore.crash.kills=2000}.
 */
class CrashRecoveryTest {

    /** Keys per writer thread; compaction rounds use more, so that a rewrite takes a while. */
    static final int SLOTS = 64;
    static final int COMPACTION_SLOTS = 3000;
    /** Kills in the normal run: flushed, synced, buffered, compaction. */
    static final int[] NORMAL = {8, 8, 4, 6};

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
        KillStats s = killRounds(Durability.FLUSHED, 1, false, kills(0), 11);
        report("flushed", s);
    }

    @Test
    void syncedWritesOfConcurrentWritersSurviveSigkill() throws Exception {
        KillStats s = killRounds(Durability.SYNCED, 3, false, kills(1), 12);
        report("synced", s);
    }

    @Test
    void bufferedJournalRecoversToAPrefixAfterSigkill() throws Exception {
        KillStats s = killRounds(Durability.BUFFERED, 1, false, kills(2), 13);
        report("buffered", s);
    }

    @Test
    void killDuringRepeatedCompactionsLeavesTheOldOrTheNewJournalComplete() throws Exception {
        KillStats s = killRounds(Durability.FLUSHED, 1, true, kills(3), 14);
        report("compaction", s);
        assertTrue(s.compactions > 0, "the writer compacted");
    }

    static void report(String what, KillStats s) {
        System.out.printf("crash test %s: %d kills, %d acknowledged writes verified, %d kills with a "
                + "compaction in flight, %d torn tails cut%n", what, s.kills, s.verified, s.midCompaction, s.tornTails);
    }

    static final class KillStats {
        int kills;
        long verified;
        int midCompaction;
        int tornTails;
        long compactions;
    }

    KillStats killRounds(Durability durability, int threads, boolean compact, int kills, long seed) throws Exception {
        Random random = new Random(seed);
        KillStats stats = new KillStats();
        int slots = compact ? COMPACTION_SLOTS : SLOTS;
        Path journal = null;
        long[] before = new long[threads]; // writes of each thread the journal held before this life
        for (int round = 0; round < kills; round++) {
            if (round % 5 == 0) { // a fresh journal every five lives keeps replays short
                journal = Files.createDirectory(dir.resolve("series-" + round)).resolve("crash.jsonl");
                before = new long[threads];
            }
            Map<Integer, Long> acked = new ConcurrentHashMap<>();
            AtomicInteger compactions = new AtomicInteger();
            CountDownLatch ready = new CountDownLatch(1);
            ChildJvm child = ChildJvm.start(WriterMain.class, line -> {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acked.merge(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Math::max);
                } else if (line.startsWith("COMPACT ")) {
                    compactions.incrementAndGet();
                } else if (line.equals("READY")) {
                    ready.countDown();
                }
            }, journal.toString(), durability.urlName(), Integer.toString(threads), Integer.toString(slots),
                    compact ? "compact" : "writes");
            try {
                assertTrue(ready.await(60, TimeUnit.SECONDS), "writer did not start: " + child.stderr);
                if (compact) { // aim at a compaction: kill a moment after the writer announces one
                    int target = 1 + random.nextInt(3);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (compactions.get() < target && System.nanoTime() < deadline && child.process.isAlive()) {
                        Thread.sleep(0, 200_000);
                    }
                    Thread.sleep(random.nextInt(4));
                } else {
                    Thread.sleep(random.nextInt(5) == 0 ? random.nextInt(10) : 20 + random.nextInt(300));
                }
                assertTrue(child.process.isAlive(), "writer died by itself: " + child.stderr);
                child.kill();
            } finally {
                child.close();
            }
            stats.kills++;
            stats.compactions += compactions.get();
            if (Files.exists(JournalPaths.tempFile(journal))) {
                stats.midCompaction++;
            }
            try (JsonlStateStore s = JsonlStateStore.open(journal)) {
                ReplayReport r = s.replayReport();
                assertEquals(java.util.List.of(), r.skipped(), "round " + round + ": no half-written line inside");
                if (r.tornBytes() > 0) {
                    stats.tornTails++;
                }
                assertFalse(Files.exists(JournalPaths.tempFile(journal)));
                long[] held = prefixLengths(s.snapshot(), threads, slots, "round " + round);
                for (int t = 0; t < threads; t++) {
                    long ackedUpTo = acked.getOrDefault(t, -1L);
                    assertTrue(held[t] >= before[t], "round " + round + " thread " + t + ": writes of an earlier life lost");
                    if (durability != Durability.BUFFERED) {
                        assertTrue(held[t] > ackedUpTo, "round " + round + " thread " + t + ": acknowledged write "
                                + ackedUpTo + " lost; journal holds writes 0.." + (held[t] - 1));
                        stats.verified += Math.max(0, ackedUpTo + 1 - before[t]);
                    }
                }
                before = held;
            }
        }
        return stats;
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
