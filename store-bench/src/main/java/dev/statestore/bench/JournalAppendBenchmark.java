package dev.statestore.bench;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.nio.file.Path;
import java.util.Arrays;
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

/**
 * Measures the throughput of {@code set} on a journaled store: each call writes one JSON object
 * of {@code valueBytes} bytes (64 or 1024, compact) and returns when the store's durability mode
 * promises the write is safe, by 1, 4 or 16 writer threads ({@link #oneWriter},
 * {@link #fourWriters}, {@link #sixteenWriters}). The primary score is writes per second over
 * all threads.
 *
 * <p>Bytes. Each thread overwrites its own 1024 keys in turn, so in the steady state every
 * journal line carries an old and a new value. Before the run, the trial setup writes the same
 * pattern to a scratch journal and measures the bytes one line takes (file growth over 256
 * overwrites); every call then adds that figure to the aux counter {@code journalBytes}, which JMH
 * reports as bytes per second beside the writes per second. The report turns it into MB/s.
 *
 * <p>Every iteration starts on a new, empty journal (its store opened in an iteration setup and
 * closed, with its files deleted, in the teardown), so the in-memory transition log, which keeps
 * every write, and the file never outgrow one iteration.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar JournalAppendBenchmark -f 1
 * -wi 3 -i 5 -w 2s -r 2s -rf json -rff append.json}; narrow it with
 * {@code -p store=JSONL_SYNCED -p valueBytes=64}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
@State(Scope.Benchmark)
public class JournalAppendBenchmark {

    /** The keys each writer thread cycles through. */
    public static final int KEYS_PER_THREAD = 1024;

    /** The backend and its durability mode. */
    @Param({"JSONL_BUFFERED", "JSONL_FLUSHED", "JSONL_SYNCED"})
    public StoreType store;

    /** The size of each value, in bytes of compact JSON. */
    @Param({"64", "1024"})
    public int valueBytes;

    private JsonNode value;
    private long lineBytes;
    private Path dir;
    private StateStore target;

    /** Returns one writer thread's keys and its place among them. */
    @State(Scope.Thread)
    public static class Writer {
        private String[] keys;
        private int next;

        /**
         * Makes this thread's keys.
         *
         * @param thread which thread this is
         */
        @Setup(Level.Trial)
        public void makeKeys(ThreadParams thread) {
            keys = keys(thread.getThreadIndex());
        }

        private String nextKey() {
            String k = keys[next];
            next = (next + 1) % KEYS_PER_THREAD;
            return k;
        }
    }

    /** Returns the journal bytes written by one thread, as a JMH aux counter (bytes per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        /** The journal bytes of the writes of this iteration. */
        public long journalBytes;

        /** Clears the counter before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            journalBytes = 0;
        }
    }

    /** Makes the value and measures the bytes of one journal line. */
    @Setup(Level.Trial)
    public void measureLine() {
        if (!store.journaled()) {
            throw new IllegalArgumentException("JournalAppendBenchmark needs a journaled store type, not " + store);
        }
        value = Values.object(valueBytes, 0);
        lineBytes = measureLineBytes(store, value);
    }

    /** Opens a store on a new empty journal. */
    @Setup(Level.Iteration)
    public void open() {
        dir = BenchFiles.newDirectory("append-");
        target = store.open(dir);
    }

    /** Closes the store and deletes its journal. */
    @TearDown(Level.Iteration)
    public void close() {
        try {
            target.close();
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    /**
     * Writes one value from a single thread.
     *
     * @param w the thread's keys
     * @param bytes counts the journal bytes
     * @return the transition
     */
    @Benchmark
    @Threads(1)
    public StateTransition oneWriter(Writer w, Bytes bytes) {
        return write(w, bytes);
    }

    /**
     * Writes one value from each of four threads.
     *
     * @param w the thread's keys
     * @param bytes counts the journal bytes
     * @return the transition
     */
    @Benchmark
    @Threads(4)
    public StateTransition fourWriters(Writer w, Bytes bytes) {
        return write(w, bytes);
    }

    /**
     * Writes one value from each of sixteen threads.
     *
     * @param w the thread's keys
     * @param bytes counts the journal bytes
     * @return the transition
     */
    @Benchmark
    @Threads(16)
    public StateTransition sixteenWriters(Writer w, Bytes bytes) {
        return write(w, bytes);
    }

    private StateTransition write(Writer w, Bytes bytes) {
        StateTransition t = target.set(w.nextKey(), value, "bench");
        bytes.journalBytes += lineBytes;
        return t;
    }

    private static String[] keys(int thread) {
        String[] keys = new String[KEYS_PER_THREAD];
        for (int i = 0; i < KEYS_PER_THREAD; i++) {
            keys[i] = String.format("w%02d-key-%04d", thread, i);
        }
        return keys;
    }

    /**
     * Returns the bytes one journal line takes when a writer overwrites one of its keys with
     * {@code value}: the file growth over 256 overwrites of keys written once before, divided
     * by the writes.
     *
     * @param type the journaled store type
     * @param value the value written
     * @return the mean bytes per line, rounded
     */
    static long measureLineBytes(StoreType type, JsonNode value) {
        Path scratch = BenchFiles.newDirectory("append-measure-");
        try {
            String[] keys = Arrays.copyOf(keys(0), 256);
            long before;
            try (StateStore s = type.open(scratch)) {
                for (String k : keys) {
                    s.set(k, value, "bench");
                }
                s.sync();
                before = BenchFiles.size(StoreType.journalFile(scratch));
                for (String k : keys) {
                    s.set(k, value, "bench");
                }
                s.sync();
            }
            long after = BenchFiles.size(StoreType.journalFile(scratch));
            return Math.round((after - before) / (double) keys.length);
        } finally {
            BenchFiles.deleteTree(scratch);
        }
    }
}
