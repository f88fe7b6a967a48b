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
 * Returns the throughput (writes/s) of single-key writes of small JSON values (about 80 bytes)
 * to random keys among {@code keys} existing ones, on 1 and on 4 threads, for every store of
 * {@link PeerKind} at every durability level. Each acknowledged write is as durable as its level
 * promises (see {@link PeerKind} for what every store does). Every iteration starts from a
 * fresh copy of a store preloaded with every key, so the measured writes are updates, and this
 * project's store, which keeps every transition in memory, grows only within one iteration.
 *
 * <p>Run: {@code java -jar store-bench/target/benchmarks.jar 'peers.PeerWriteBenchmark'}; pick
 * with {@code -p store=ROCKSDB,STATESTORE_JSONL -p durability=SYNCED}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class PeerWriteBenchmark {

    /** Returns the store under test, preloaded with every key; a fresh copy per iteration. */
    @State(Scope.Benchmark)
    public static class Store {
        /** The store. */
        @Param
        public PeerKind store;
        /** What an acknowledged write survives. */
        @Param({"BUFFERED", "FLUSHED", "SYNCED"})
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
            fixture = Fixture.build(store, durability, "write", keys,
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
            peer.put(data.key(random.nextInt(keys)), data.value(random.nextInt(1 << 20)));
        }
    }

    /**
     * Writes one random key from one thread.
     *
     * @param s the store
     */
    @Benchmark
    @Threads(1)
    public void oneThread(Store s) {
        s.write();
    }

    /**
     * Writes one random key from each of four threads.
     *
     * @param s the store
     */
    @Benchmark
    @Threads(4)
    public void fourThreads(Store s) {
        s.write();
    }
}
