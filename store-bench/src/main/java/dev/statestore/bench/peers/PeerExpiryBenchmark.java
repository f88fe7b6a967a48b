package dev.statestore.bench.peers;

import dev.statestore.Durability;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Returns the time to expire the 10% of {@code keys} TTL'd keys whose TTL has run out, the rest
 * living on for an hour. Every store makes the expiry durable against a power loss before it
 * returns. This project's store reaps with {@code reapExpired(now)}, which records a delete
 * transition per key and rewrites the whole journal as a compacted snapshot of the survivors;
 * SQLite runs one indexed {@code DELETE}; RocksDB and H2 MVStore walk their deadline index up to
 * now (see {@link PeerKind#ttl()}). The store is opened afresh for every invocation, outside the
 * measured time, at the process-crash level ({@code FLUSHED}), as a copy of a template loaded once
 * per trial (the TTLs run from the template's load, an hour for the survivors).
 *
 * <p>Run: {@code java -jar store-bench/target/benchmarks.jar 'peers.PeerExpiryBenchmark'}; pick
 * with {@code -p keys=10000}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class PeerExpiryBenchmark {

    /** Returns a store whose every tenth key has expired; a fresh copy per invocation. */
    @State(Scope.Benchmark)
    public static class Store {
        /** The store. */
        @Param
        public PeerKind store;
        /** How many TTL'd keys the store holds; a tenth of them have expired. */
        @Param("100000")
        public int keys;

        SampleData data;
        Fixture fixture;

        /** Builds the loaded template of the store. */
        @Setup(Level.Trial)
        public void build() {
            data = new SampleData(keys);
            fixture = Fixture.build(store, Durability.FLUSHED, "expiry", keys,
                    i -> new PeerStore.Write(data.key(i), data.value(i), i % 10 == 0 ? 0 : PeerTtlWriteBenchmark.TTL_SECS));
        }

        /** Opens a fresh copy of the template, outside the measured time. */
        @Setup(Level.Invocation)
        public void reset() {
            fixture.reset();
        }

        /** Closes the store and deletes its files and the template. */
        @TearDown(Level.Trial)
        public void close() {
            fixture.close();
        }

        int expected() {
            return (keys + 9) / 10;
        }
    }

    /**
     * Expires every key whose TTL has run out, and checks that exactly the tenth did.
     *
     * @param s the store
     * @return the number of keys expired
     */
    @Benchmark
    public int expireTenPercent(Store s) {
        int expired = s.fixture.store().expire(Instant.now());
        if (expired != s.expected()) {
            throw new IllegalStateException(s.store + " expired " + expired + " keys, expected " + s.expected());
        }
        return expired;
    }
}
