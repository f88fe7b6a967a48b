package dev.statestore.bench;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.nio.file.Path;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Measures conditional writes of a statestore {@code subject} ({@code MEMORY} unless
 * {@code -p subject=…} names another of this project's backends) beside plain {@code set}, with 1 and 2
 * threads, in one run: {@code setIf} that succeeds, {@code setIf} that fails, and a contended
 * compare-and-set loop. The primary score is calls per second over all threads.
 *
 * <ul>
 *   <li>{@code set*}: a plain {@code set} of the thread's next key (the baseline).
 *   <li>{@code setIf*}: {@code setIf} of the thread's next key with the revision its previous
 *       write of that key returned, so it always succeeds: what a single writer per key pays for
 *       the check.
 *   <li>{@code setIfStale*}: {@code setIf} with a revision the key no longer has, so it always
 *       fails and writes nothing; with 2 threads both call it on the same keys, so the failures
 *       contend for the store's lock as losers of a real race do.
 *   <li>{@code casLoopContended}: 2 threads increment one shared counter key with
 *       {@code getVersioned} + {@code setIf}, retrying on failure; the score is completed
 *       increments per second and the aux counter {@code failedSetIf} the failed attempts per
 *       second.
 * </ul>
 *
 * <p>Workload: each thread cycles through its own {@value #KEYS_PER_THREAD} keys (the stale and
 * counter benchmarks share theirs) holding 64-byte JSON objects. The store keeps the latest 10000 transitions
 * ({@code history=10000}), so it runs a whole trial without its history growing and every
 * benchmark pays the same trimming.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar ConditionalWriteBenchmark
 * -p subject=MEMORY,JSONL_FLUSHED -rf json -rff conditional.json}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ConditionalWriteBenchmark {

    /** The keys each thread cycles through; a power of two. */
    public static final int KEYS_PER_THREAD = 1024;
    /** The URL options of the store: the latest 10000 transitions kept. */
    public static final String OPTIONS = "history=10000";

    private static final String COUNTER = "counter";

    private final JsonNode value = Values.object(Values.SMALL, 42);
    /** The store: one of this project's backends ({@link Subject#isOurs()}). */
    @Param({"MEMORY"})
    public Subject subject;

    private Path dir;
    private StateStore store;

    /** Opens the store. */
    @Setup(Level.Trial)
    public void open() {
        dir = BenchFiles.newDirectory("conditional-");
        store = subject.openStateStore(dir, OPTIONS);
    }

    /** Closes the store. */
    @TearDown(Level.Trial)
    public void close() {
        try {
            store.close();
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    /** Returns one thread's keys, the revisions of its latest writes, and its place among them. */
    @State(Scope.Thread)
    public static class Writer {
        private String[] keys;
        private String[] sharedKeys;
        private long[] revisions;
        private int next;

        /**
         * Makes this thread's keys and writes each once, remembering the revisions; writes the
         * shared keys too, so that revision 0 (absent) is stale for them.
         *
         * @param bench the benchmark, whose store is open
         * @param thread which thread this is
         */
        @Setup(Level.Trial)
        public void fill(ConditionalWriteBenchmark bench, ThreadParams thread) {
            keys = new String[KEYS_PER_THREAD];
            sharedKeys = new String[KEYS_PER_THREAD];
            revisions = new long[KEYS_PER_THREAD];
            for (int i = 0; i < KEYS_PER_THREAD; i++) {
                keys[i] = "t" + thread.getThreadIndex() + "-" + i;
                sharedKeys[i] = "shared-" + i;
                revisions[i] = bench.store.set(keys[i], bench.value, "fill").revision();
                bench.store.set(sharedKeys[i], bench.value, "fill");
            }
        }

        private int nextIndex() {
            return next++ & (KEYS_PER_THREAD - 1);
        }
    }

    /** Returns the failed attempts of the contended loop, as a JMH aux counter. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Failures {
        /** Failed {@code setIf} calls. */
        public long failedSetIf;

        /** Clears the count before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            failedSetIf = 0;
        }
    }

    /**
     * Sets the thread's next key on one thread.
     *
     * @param w the thread's keys
     * @return the write's record
     */
    @Benchmark
    @Threads(1)
    public StateTransition setOneThread(Writer w) {
        return set(w);
    }

    /**
     * Sets each thread's next key on two threads.
     *
     * @param w the thread's keys
     * @return the write's record
     */
    @Benchmark
    @Threads(2)
    public StateTransition setTwoThreads(Writer w) {
        return set(w);
    }

    /**
     * Sets the thread's next key with {@code setIf} at its current revision, on one thread.
     *
     * @param w the thread's keys
     * @return the write's record
     */
    @Benchmark
    @Threads(1)
    public StateTransition setIfOneThread(Writer w) {
        return setIf(w);
    }

    /**
     * Sets each thread's next key with {@code setIf} at its current revision, on two threads.
     *
     * @param w the thread's keys
     * @return the write's record
     */
    @Benchmark
    @Threads(2)
    public StateTransition setIfTwoThreads(Writer w) {
        return setIf(w);
    }

    /**
     * Calls {@code setIf} on the next shared key with a stale revision, on one thread.
     *
     * @param w the thread's keys
     * @return the empty result
     */
    @Benchmark
    @Threads(1)
    public Optional<StateTransition> setIfStaleOneThread(Writer w) {
        return setIfStale(w);
    }

    /**
     * Calls {@code setIf} on the next shared key with a stale revision, on two threads.
     *
     * @param w the thread's keys
     * @return the empty result
     */
    @Benchmark
    @Threads(2)
    public Optional<StateTransition> setIfStaleTwoThreads(Writer w) {
        return setIfStale(w);
    }

    /**
     * Increments the shared counter once with a {@code getVersioned} + {@code setIf} loop, on two
     * threads.
     *
     * @param f receives the failed attempts
     * @return the successful write's record
     */
    @Benchmark
    @Threads(2)
    public StateTransition casLoopContended(Failures f) {
        while (true) {
            Optional<Versioned> read = store.getVersioned(COUNTER);
            long revision = read.map(Versioned::revision).orElse(0L);
            long count = read.map(v -> v.value().longValue()).orElse(0L);
            JsonNode next = JsonNodeFactory.instance.numberNode(count + 1);
            Optional<StateTransition> t = store.setIf(COUNTER, revision, next, "increment");
            if (t.isPresent()) {
                return t.get();
            }
            f.failedSetIf++;
        }
    }

    private StateTransition set(Writer w) {
        return store.set(w.keys[w.nextIndex()], value, "bench");
    }

    private StateTransition setIf(Writer w) {
        int i = w.nextIndex();
        StateTransition t = store.setIf(w.keys[i], w.revisions[i], value, "bench")
                .orElseThrow(() -> new IllegalStateException("setIf of " + w.keys[i] + " at revision "
                        + w.revisions[i] + " failed: another writer touched this thread's key"));
        w.revisions[i] = t.revision();
        return t;
    }

    private Optional<StateTransition> setIfStale(Writer w) {
        // Every shared key exists, so revision 0 ("must be absent") never matches.
        return store.setIf(w.sharedKeys[w.nextIndex()], 0, value, "bench");
    }
}
