package dev.statestore.bench.peers;

import dev.statestore.Durability;
import java.util.Optional;
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
import tools.jackson.databind.JsonNode;

/**
 * Returns the throughput (reads/s) of point reads of random keys among {@code keys} present ones,
 * on 1 and on 4 threads. Every read returns the value as a Jackson {@link JsonNode} the caller
 * owns: this project's store hands out a deep copy of its in-memory node, the peers look the key
 * up in their files or caches and parse the stored JSON. The stores are opened at the
 * process-crash level ({@code FLUSHED}); it does not change reads. After preloading the data sits
 * in the OS page cache and in each store's own cache, so this measures the read path, not the
 * disk.
 *
 * <p>Run: {@code java -jar store-bench/target/benchmarks.jar 'peers.PeerReadBenchmark'}; pick
 * with {@code -p store=SQLITE_WAL}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class PeerReadBenchmark {

    /** Returns the store under test, holding every key; one per trial. */
    @State(Scope.Benchmark)
    public static class Store {
        /** The store. */
        @Param
        public PeerKind store;
        /** How many keys the store holds. */
        @Param("100000")
        public int keys;

        SampleData data;
        Fixture fixture;
        PeerStore peer;

        /** Opens and loads the store. */
        @Setup(Level.Trial)
        public void open() {
            data = new SampleData(keys);
            fixture = Fixture.build(store, Durability.FLUSHED, "read", keys,
                    i -> new PeerStore.Write(data.key(i), data.value(i), PeerStore.NO_TTL));
            peer = fixture.reset();
            if (peer.get(data.key(keys - 1)).isEmpty()) {
                throw new IllegalStateException(store + " lost key " + data.key(keys - 1) + " after loading");
            }
        }

        /** Closes the store and deletes its files. */
        @TearDown(Level.Trial)
        public void close() {
            fixture.close();
        }

        Optional<JsonNode> read() {
            return peer.get(data.key(ThreadLocalRandom.current().nextInt(keys)));
        }
    }

    /**
     * Reads one random key on one thread.
     *
     * @param s the store
     * @return the value, so that the read cannot be optimized away
     */
    @Benchmark
    @Threads(1)
    public Optional<JsonNode> oneThread(Store s) {
        return s.read();
    }

    /**
     * Reads one random key on each of four threads.
     *
     * @param s the store
     * @return the value, so that the read cannot be optimized away
     */
    @Benchmark
    @Threads(4)
    public Optional<JsonNode> fourThreads(Store s) {
        return s.read();
    }
}
