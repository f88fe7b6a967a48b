package dev.statestore.bench;

import dev.statestore.StateStore;
import java.util.concurrent.TimeUnit;
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

/**
 * Measures {@code get} and {@code set} of {@code statestore:memory:} beside
 * {@link BaselineStore} (a {@code ConcurrentHashMap} plus an append-only list doing the same
 * copies and keeping the same one-record-per-write log), with 1 and 2 threads, in one run. The
 * ratio of the two scores is the cost of what the store adds; the targets are {@code set} within
 * 3x and {@code get} within 2x of the baseline.
 *
 * <p>Workload: {@value #KEYS} keys holding 64-byte JSON objects; each thread walks the keys in
 * order from its own starting point. A {@code get} deep-copies the value out; a {@code set}
 * deep-copies a 64-byte object in and records the write. Both subjects are rebuilt for every
 * iteration, so the write log (which both keep in memory) never outgrows one iteration.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar InMemoryOpsBenchmark -f 1
 * -wi 3 -i 5 -w 2s -r 2s -rf json -rff memory-ops.json}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
@State(Scope.Benchmark)
public class InMemoryOpsBenchmark {

    /** The number of keys; a power of two. */
    public static final int KEYS = 1 << 14;

    /** The store or the baseline. */
    @Param({"STATESTORE", "BASELINE"})
    public Subject subject;

    private final String[] keys = new String[KEYS];
    private final JsonNode value = Values.object(Values.SMALL, 42);
    private StateStore store;
    private BaselineStore baseline;

    /** Returns one thread's position among the keys. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        /**
         * Starts this thread at its own offset.
         *
         * @param thread which thread this is
         */
        @Setup(Level.Trial)
        public void start(ThreadParams thread) {
            next = thread.getThreadIndex() * (KEYS / 2 + 7);
        }

        private int nextIndex() {
            return next++ & (KEYS - 1);
        }
    }

    /** Makes the keys. */
    @Setup(Level.Trial)
    public void makeKeys() {
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key-" + i;
        }
    }

    /** Builds a new subject holding every key. */
    @Setup(Level.Iteration)
    public void build() {
        if (subject == Subject.STATESTORE) {
            store = StoreType.MEMORY.open(null);
            for (String k : keys) {
                store.set(k, value, "fill");
            }
        } else {
            baseline = new BaselineStore();
            for (String k : keys) {
                baseline.set(k, value, "fill");
            }
        }
    }

    /** Closes the store. */
    @TearDown(Level.Iteration)
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
        baseline = null;
    }

    /**
     * Reads one key on one thread.
     *
     * @param c the thread's cursor
     * @return the copy read
     */
    @Benchmark
    @Threads(1)
    public Object getOneThread(Cursor c) {
        return get(c);
    }

    /**
     * Reads one key on each of two threads.
     *
     * @param c the thread's cursor
     * @return the copy read
     */
    @Benchmark
    @Threads(2)
    public Object getTwoThreads(Cursor c) {
        return get(c);
    }

    /**
     * Writes one key on one thread.
     *
     * @param c the thread's cursor
     * @return the write's record
     */
    @Benchmark
    @Threads(1)
    public Object setOneThread(Cursor c) {
        return set(c);
    }

    /**
     * Writes one key on each of two threads.
     *
     * @param c the thread's cursor
     * @return the write's record
     */
    @Benchmark
    @Threads(2)
    public Object setTwoThreads(Cursor c) {
        return set(c);
    }

    private Object get(Cursor c) {
        String key = keys[c.nextIndex()];
        return subject == Subject.STATESTORE ? store.get(key) : baseline.get(key);
    }

    private Object set(Cursor c) {
        String key = keys[c.nextIndex()];
        return subject == Subject.STATESTORE ? store.set(key, value, "bench") : baseline.set(key, value, "bench");
    }
}
