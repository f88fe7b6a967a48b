package dev.statestore.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * Measures single-key writes (writes per second over all threads): a {@code set} of a random key
 * among {@code keys} loaded ones to a {@code valueBytes}-byte JSON object, acknowledged only once
 * it is as durable as the subject's level promises. Every iteration starts from a fresh copy of
 * the loaded store, so the writes are updates and a store that keeps its history grows only
 * within one iteration.
 *
 * <ul>
 *   <li>{@code put1}, {@code put2}, {@code put4}, {@code put16}: plain writes on 1, 2, 4 and 16
 *       threads, on every subject ({@link Plain}). For a statestore subject with files, the aux
 *       counters {@code fileBytes} (what the store's files grew by in the iteration, measured
 *       after closing it) and {@code writes} (every write of the iteration, warm-up and
 *       warm-down included) give the bytes one write really appends.
 *   <li>{@code audited1}, {@code audited4}: each write also leaves an audit record (key, old
 *       value, new value, action id, time) written atomically with it ({@link Audited}); this
 *       project's stores record their transition anyway. Not at {@code BUFFERED}: H2 MVStore's
 *       background writer cannot keep a value and its record in one chunk.
 *   <li>{@code ttl1}: writes with a one-hour TTL to keys that carry TTLs, one thread, at the
 *       process-crash level ({@link Ttl}).
 * </ul>
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar WriteBenchmark.put
 * -p subject=JSONL_SYNCED,ROCKSDB_SYNCED}; {@code -p valueBytes=1024} for large values.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class WriteBenchmark {

    /** The TTL of the {@code ttl1} writes, in seconds. */
    public static final long TTL_SECS = 3600;

    /** The loaded store of the plain writes. */
    @State(Scope.Benchmark)
    public static class Plain extends LoadedStore {
        /** The store. */
        @Param({"BASELINE", "MEMORY", "JSONL_BUFFERED", "JSONL_FLUSHED", "JSONL_SYNCED",
                "H2_BUFFERED", "H2_FLUSHED", "H2_SYNCED", "SQLITE_BUFFERED", "SQLITE_FLUSHED", "SQLITE_SYNCED",
                "ROCKSDB_BUFFERED", "ROCKSDB_FLUSHED", "ROCKSDB_SYNCED"})
        public Subject subject;

        final List<Counts> counts = new CopyOnWriteArrayList<>();

        @Override
        protected Subject subject() {
            return subject;
        }

        /**
         * Closes the iteration's store and hands the growth of its files to the first thread's
         * counters (the aux counters are summed over threads).
         */
        @TearDown(Level.Iteration)
        public void measureGrowth() {
            fixture.closeStore();
            if (subject.isOurs() && subject.storage() == Subject.Storage.FILES && !counts.isEmpty()) {
                counts.get(0).fileBytes = BenchFiles.directorySize(fixture.directory()) - fixture.loadedBytes();
            }
            counts.clear();
        }
    }

    /** The loaded store of the audited writes. */
    @State(Scope.Benchmark)
    public static class Audited extends LoadedStore {
        /** The store. */
        @Param({"MEMORY", "JSONL_FLUSHED", "JSONL_SYNCED", "H2_FLUSHED", "H2_SYNCED", "SQLITE_FLUSHED",
                "SQLITE_SYNCED", "ROCKSDB_FLUSHED", "ROCKSDB_SYNCED"})
        public Subject subject;

        @Override
        protected Subject subject() {
            return subject;
        }
    }

    /** The loaded store of the TTL writes; every loaded key carries a one-hour TTL. */
    @State(Scope.Benchmark)
    public static class Ttl extends LoadedStore {
        /** The store. */
        @Param({"MEMORY", "JSONL_FLUSHED", "H2_FLUSHED", "SQLITE_FLUSHED", "ROCKSDB_FLUSHED"})
        public Subject subject;

        @Override
        protected Subject subject() {
            return subject;
        }

        @Override
        protected long loadTtl() {
            return TTL_SECS;
        }
    }

    /** One thread's writes and the file growth of the iteration, as JMH aux counters. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        /** Writes this thread made in the iteration, warm-up and warm-down included. */
        public long writes;
        /** The growth of the store's files in the iteration; on one thread only. */
        public long fileBytes;

        /**
         * Clears the counters and joins the iteration's store.
         *
         * @param store the store written to
         */
        @Setup(Level.Iteration)
        public void join(Plain store) {
            writes = 0;
            fileBytes = 0;
            store.counts.add(this);
        }
    }

    private static void put(Plain s, Counts c) {
        s.store.put(s.randomKey(), s.randomValue());
        c.writes++;
    }

    /**
     * Writes a random key on one thread.
     *
     * @param s the store
     * @param c the thread's counters
     */
    @Benchmark
    @Threads(1)
    public void put1(Plain s, Counts c) {
        put(s, c);
    }

    /**
     * Writes a random key on each of two threads.
     *
     * @param s the store
     * @param c the thread's counters
     */
    @Benchmark
    @Threads(2)
    public void put2(Plain s, Counts c) {
        put(s, c);
    }

    /**
     * Writes a random key on each of four threads.
     *
     * @param s the store
     * @param c the thread's counters
     */
    @Benchmark
    @Threads(4)
    public void put4(Plain s, Counts c) {
        put(s, c);
    }

    /**
     * Writes a random key on each of sixteen threads.
     *
     * @param s the store
     * @param c the thread's counters
     */
    @Benchmark
    @Threads(16)
    public void put16(Plain s, Counts c) {
        put(s, c);
    }

    /**
     * Writes a random key and its audit record on one thread.
     *
     * @param s the store
     */
    @Benchmark
    @Threads(1)
    public void audited1(Audited s) {
        s.store.putAudited(s.randomKey(), s.randomValue(), "update");
    }

    /**
     * Writes a random key and its audit record on each of four threads.
     *
     * @param s the store
     */
    @Benchmark
    @Threads(4)
    public void audited4(Audited s) {
        s.store.putAudited(s.randomKey(), s.randomValue(), "update");
    }

    /**
     * Writes a random key with a one-hour TTL on one thread.
     *
     * @param s the store
     */
    @Benchmark
    @Threads(1)
    public void ttl1(Ttl s) {
        s.store.putWithTtl(s.randomKey(), s.randomValue(), TTL_SECS);
    }
}
