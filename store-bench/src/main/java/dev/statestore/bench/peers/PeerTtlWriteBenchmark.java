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
 * Returns the throughput (writes/s) of single-key writes that carry a TTL (one hour), on one
 * thread at the process-crash level ({@code FLUSHED}), to random keys among {@code keys} that
 * already carry TTLs. This project's store keeps the TTL in the transition; the peers write a
 * deadline with the value and an entry in a deadline index in the same transaction or batch (see
 * {@link PeerKind#ttl()}). Compare with the one-thread {@code FLUSHED} row of
 * {@link PeerWriteBenchmark} for the cost of the TTL.
 *
 * <p>Run: {@code java -jar store-bench/target/benchmarks.jar 'peers.PeerTtlWriteBenchmark'}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class PeerTtlWriteBenchmark {

    /** The TTL of every write, in seconds. */
    static final long TTL_SECS = 3600;

    /** Returns the store under test, preloaded with every key; a fresh copy per iteration. */
    @State(Scope.Benchmark)
    public static class Store {
        /** The store. */
        @Param
        public PeerKind store;
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
            fixture = Fixture.build(store, Durability.FLUSHED, "ttl", keys,
                    i -> new PeerStore.Write(data.key(i), data.value(i), TTL_SECS));
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
    }

    /**
     * Writes one random key with a TTL.
     *
     * @param s the store
     */
    @Benchmark
    @Threads(1)
    public void oneThread(Store s) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        s.peer.putWithTtl(s.data.key(random.nextInt(s.keys)), s.data.value(random.nextInt(1 << 20)), TTL_SECS);
    }
}
