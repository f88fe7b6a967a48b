package dev.statestore.bench.peers;

import dev.statestore.Durability;
import java.util.concurrent.ThreadLocalRandom;
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

/**
 * Returns the throughput (writes/s) of the writes of {@link PeerWriteBenchmark} when each also
 * leaves an audit record (key, old value, new value, action id, time) written atomically with
 * it: this project's store records its transition anyway; the peers read the old value and write
 * a history row, column family entry or map entry in the same transaction, batch or chunk (see
 * {@link PeerKind#audit()}). Only the process-crash and power-loss levels: H2 MVStore's
 * background writer cannot keep a value and its record in one chunk.
 *
 * <p>Run: {@code java -jar store-bench/target/benchmarks.jar 'peers.PeerAuditedWriteBenchmark'}; pick
 * with {@code -p store=ROCKSDB,STATESTORE_JSONL -p durability=SYNCED}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class PeerAuditedWriteBenchmark {

    /** Returns the store under test, preloaded with every key; a fresh copy per iteration. */
    @State(Scope.Benchmark)
    public static class Store {
        /** The store. */
        @Param
        public PeerKind store;
        /** What an acknowledged write survives. */
        @Param({"FLUSHED", "SYNCED"})
        public Durability durability;
        /** How many distinct keys the writes go to. */
        @Param("100000")
        public int keys;

        SampleData data;
        Fixture fixture;
        PeerStore peer;

        /** Builds the preloaded template of the store. */
        @Setup(Level.Trial)
        public void build() {
            data = new SampleData(keys);
            fixture = Fixture.build(store, durability, "audited", keys,
                    i -> new PeerStore.Write(data.key(i), data.value(i), PeerStore.NO_TTL));
        }

        /** Opens a fresh copy of the template, so every iteration starts from the same state. */
        @Setup(Level.Iteration)
        public void reset() {
            peer = fixture.reset();
        }

        /** Closes the store and deletes its files and the template. */
        @TearDown(Level.Trial)
        public void close() {
            fixture.close();
        }

        void write() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            peer.putAudited(data.key(random.nextInt(keys)), data.value(random.nextInt(1 << 20)), "update");
        }
    }

    /**
     * Writes one random key and its audit record from one thread.
     *
     * @param s the store
     */
    @Benchmark
    @Threads(1)
    public void oneThread(Store s) {
        s.write();
    }

    /**
     * Writes one random key and its audit record from each of four threads.
     *
     * @param s the store
     */
    @Benchmark
    @Threads(4)
    public void fourThreads(Store s) {
        s.write();
    }
}
