package dev.statestore.bench;

import dev.statestore.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * Measures {@code reapExpired} on stores holding {@code transitions} transitions, one per key,
 * of which 10% carry a TTL that has run out, 30% a TTL that has not, and 60% none. For a
 * journaled store the time includes the compaction rewrite of the journal (temp file, fsync,
 * rename, directory fsync). The point is the growth curve: divide the score by the aux counter
 * {@code transitions} to get the time per transition; it should stay flat from 10^4 to 10^6
 * (reap is O(n), never O(n²)).
 *
 * <p>How it measures. Mode {@code SingleShotTime}: every measured call reaps freshly built
 * stores, and building them (filling an in-memory store with {@code set}s; copying a template
 * journal and opening, that is replaying, it) happens in a {@code Level.Invocation} setup that
 * JMH keeps out of the timing, followed by a {@code System.gc()} so the reap does not pay for the
 * setup's garbage. Small stores are reaped {@link #storesPerInvocation(int)} at a time (at least
 * {@value #MIN_TRANSITIONS_PER_INVOCATION} transitions per call) so that a call is long enough to
 * time and the reap loop gets compiled during warm-up. After each call the number of reaped keys
 * is checked, so a benchmark that reaped nothing fails instead of reporting a fast time.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar ReapBenchmark -f 1 -wi 3 -i 5
 * -rf json -rff reap.json}; narrow it with {@code -p transitions=10000,1000000 -p store=MEMORY}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
@State(Scope.Benchmark)
public class ReapBenchmark {

    /** The least number of transitions one measured call reaps. */
    public static final int MIN_TRANSITIONS_PER_INVOCATION = 100_000;

    private static final long EXPIRED_TTL_SECS = 60;
    private static final long LIVE_TTL_SECS = Duration.ofDays(30).toSeconds();

    /** Transitions (and keys) per store. */
    @Param({"1000", "10000", "100000", "1000000"})
    public int transitions;

    /** The backend. */
    @Param({"MEMORY", "JSONL_FLUSHED"})
    public StoreType store;

    private String[] keys;
    private Path template;
    private Path workDir;
    private StateStore[] stores;
    private Instant reapAt;
    private int reaped;

    /** Returns the amount of work of the measured calls, as a JMH aux counter. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Work {
        /** The transitions held by the stores reaped in the measured calls of an iteration. */
        public long transitions;

        /** Clears the counter before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            transitions = 0;
        }
    }

    /**
     * Returns how many stores of {@code transitions} transitions one call reaps.
     *
     * @param transitions the transitions per store
     * @return {@code max(1, 100000 / transitions)}
     */
    public static int storesPerInvocation(int transitions) {
        return Math.max(1, MIN_TRANSITIONS_PER_INVOCATION / transitions);
    }

    /** Makes the keys and, for a journaled type, the template journal every invocation copies. */
    @Setup(Level.Trial)
    public void writeTemplate() {
        if (transitions < 10 || transitions % 10 != 0) {
            throw new IllegalArgumentException("transitions must be a positive multiple of 10, was " + transitions);
        }
        keys = new String[transitions];
        for (int i = 0; i < transitions; i++) {
            keys[i] = String.format("key-%07d", i);
        }
        if (store.journaled()) {
            template = BenchFiles.newDirectory("reap-template-");
            // Buffered for speed: the lines are the same in every mode.
            try (StateStore s = StoreType.JSONL_BUFFERED.open(template)) {
                fill(s, keys);
            }
        }
    }

    /** Builds the stores the next call reaps, outside the timing. */
    @Setup(Level.Invocation)
    public void buildStores() {
        int count = storesPerInvocation(transitions);
        stores = new StateStore[count];
        workDir = BenchFiles.newDirectory("reap-");
        try {
            for (int i = 0; i < count; i++) {
                if (store.journaled()) {
                    Path dir = Files.createDirectory(workDir.resolve("s" + i));
                    BenchFiles.copyFiles(template, dir);
                    stores[i] = store.open(dir);
                } else {
                    stores[i] = store.open(workDir);
                    fill(stores[i], keys);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the stores under " + workDir, e);
        }
        reapAt = Instant.now().plus(Duration.ofHours(1));
        reaped = 0;
        System.gc();
    }

    /**
     * Reaps every prepared store.
     *
     * @param work counts the transitions reaped over
     * @return the number of keys reaped
     */
    @Benchmark
    public int reap(Work work) {
        int n = 0;
        for (StateStore s : stores) {
            n += s.reapExpired(reapAt).size();
        }
        work.transitions += (long) stores.length * transitions;
        reaped = n;
        return n;
    }

    /** Checks what the call reaped, closes the stores and deletes their files. */
    @TearDown(Level.Invocation)
    public void closeStores() {
        try {
            long expected = (long) stores.length * (transitions / 10);
            if (reaped != expected) {
                throw new IllegalStateException("reapExpired reaped " + reaped + " keys, expected " + expected
                        + " (" + stores.length + " stores of " + transitions + " transitions, 10% expired)");
            }
        } finally {
            for (StateStore s : stores) {
                if (s != null) {
                    s.close();
                }
            }
            stores = null;
            BenchFiles.deleteTree(workDir);
        }
    }

    /** Deletes the template journal. */
    @TearDown(Level.Trial)
    public void deleteTemplate() {
        BenchFiles.deleteTree(template);
    }

    /**
     * Writes each key once with a 64-byte value: every tenth with a TTL that has run out an hour
     * from now, three in ten with a 30-day TTL, the rest with none.
     */
    private static void fill(StateStore s, String[] keys) {
        JsonNode value = Values.object(Values.SMALL, 0);
        for (int i = 0; i < keys.length; i++) {
            switch (i % 10) {
                case 0 -> s.setWithTtl(keys[i], value, "fill", EXPIRED_TTL_SECS);
                case 1, 2, 3 -> s.setWithTtl(keys[i], value, "fill", LIVE_TTL_SECS);
                default -> s.set(keys[i], value, "fill");
            }
        }
    }
}
