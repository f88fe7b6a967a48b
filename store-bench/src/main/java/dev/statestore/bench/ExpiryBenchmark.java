package dev.statestore.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import tools.jackson.databind.JsonNode;

/**
 * Measures expiry at a fixed amount of work: the time to expire {@code expired} keys (1,000 by
 * default) whose TTL has run out in a store of {@code keys} keys (10^4 to 10^6), as durably as
 * the subject's level promises ({@code reapExpired} for this project's stores, a walk of a deadline index or
 * an indexed {@code DELETE} for the peers). The expired keys are the same in every call while
 * the store around them grows, so the curve shows what expiry costs per key the store holds: a
 * store that expires in time proportional to the expired keys draws a flat line. With
 * {@code -p keys=100000 -p expired=10000} it measures the expiry of a tenth of the store.
 *
 * <p>The store is loaded once per trial: the first {@code expired} keys are the ones that
 * expire, three in ten of the rest carry a 30-day TTL and the others none. Before every call,
 * outside the measured time, the {@code expired} keys are written again with a TTL of 0 (due
 * at once), followed by a {@code System.gc()}; after the call, the number expired is checked,
 * so a call that expired nothing fails instead of reporting a fast time.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar ExpiryBenchmark
 * -p subject=MEMORY,JSONL_FLUSHED}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
public class ExpiryBenchmark {

    private static final long LIVE_TTL_SECS = Duration.ofDays(30).toSeconds();

    /** The loaded store, with {@code expired} keys due before every call. */
    @State(Scope.Benchmark)
    public static class Loaded {
        /** The store. */
        @Param({"MEMORY", "JSONL_FLUSHED", "JSONL_SYNCED", "H2_SYNCED", "SQLITE_SYNCED", "ROCKSDB_SYNCED"})
        public Subject subject;
        /** The keys in the store, the expiring ones included. */
        @Param({"10000", "100000", "1000000"})
        public int keys;
        /** The keys expired by every call. */
        @Param("1000")
        public int expired;

        String[] names;
        JsonNode value;
        Fixture fixture;
        BenchStore store;
        int reaped;

        /** Loads the store. */
        @Setup(Level.Trial)
        public void load() {
            if (expired < 1 || keys <= expired) {
                throw new IllegalArgumentException("expired must be at least 1 and below keys (" + keys + "), was "
                        + expired);
            }
            names = Values.keys(keys);
            value = Values.object(Values.SMALL, 0);
            fixture = Fixture.build(subject, "expiry", keys, i -> new BenchStore.Write(names[i], value,
                    i < expired ? LIVE_TTL_SECS : i % 10 < 3 ? LIVE_TTL_SECS : BenchStore.NO_TTL));
            store = fixture.reset();
        }

        /** Makes the expiring keys due, outside the measured time. */
        @Setup(Level.Invocation)
        public void makeDue() {
            List<BenchStore.Write> due = new ArrayList<>(expired);
            for (int i = 0; i < expired; i++) {
                due.add(new BenchStore.Write(names[i], value, 0));
            }
            store.load(due);
            reaped = -1;
            System.gc();
        }

        /** Checks that exactly the due keys expired. */
        @TearDown(Level.Invocation)
        public void check() {
            if (reaped != expired) {
                throw new IllegalStateException(subject + " expired " + reaped + " keys of " + keys + ", expected "
                        + expired);
            }
        }

        /** Closes the store and deletes its files. */
        @TearDown(Level.Trial)
        public void close() {
            fixture.close();
        }
    }

    /**
     * Expires the due keys.
     *
     * @param s the store
     * @return the number of keys expired
     */
    @Benchmark
    public int expire(Loaded s) {
        // A millisecond past now: the peers keep deadlines in milliseconds, written just before.
        s.reaped = s.store.expire(Instant.now().plusMillis(1));
        return s.reaped;
    }
}
