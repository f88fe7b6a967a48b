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
 * Measures expiry at a fixed amount of work: the time to expire {@value #EXPIRED} keys whose
 * TTL has run out in a store of {@code keys} keys (10^4 to 10^6), as durably as the subject's
 * level promises ({@code reapExpired} for this project's stores, a walk of a deadline index or
 * an indexed {@code DELETE} for the peers). The expired keys are the same in every call while
 * the store around them grows, so the curve shows what expiry costs per key the store holds: a
 * store that expires in time proportional to the expired keys draws a flat line.
 *
 * <p>The store is loaded once per trial: the first {@value #EXPIRED} keys are the ones that
 * expire, three in ten of the rest carry a 30-day TTL and the others none. Before every call,
 * outside the measured time, the {@value #EXPIRED} keys are written again with a TTL of 0 (due
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

    /** The keys expired by every call. */
    public static final int EXPIRED = 1000;

    private static final long LIVE_TTL_SECS = Duration.ofDays(30).toSeconds();

    /** The loaded store, with {@value #EXPIRED} keys due before every call. */
    @State(Scope.Benchmark)
    public static class Loaded {
        /** The store. */
        @Param({"MEMORY", "JSONL_FLUSHED", "JSONL_SYNCED", "H2_SYNCED", "SQLITE_SYNCED", "ROCKSDB_SYNCED"})
        public Subject subject;
        /** The keys in the store, the expiring ones included. */
        @Param({"10000", "100000", "1000000"})
        public int keys;

        String[] names;
        JsonNode value;
        Fixture fixture;
        BenchStore store;
        int expired;

        /** Loads the store. */
        @Setup(Level.Trial)
        public void load() {
            if (keys <= EXPIRED) {
                throw new IllegalArgumentException("keys must exceed " + EXPIRED + ", was " + keys);
            }
            names = Values.keys(keys);
            value = Values.object(Values.SMALL, 0);
            fixture = Fixture.build(subject, "expiry", keys, i -> new BenchStore.Write(names[i], value,
                    i < EXPIRED ? LIVE_TTL_SECS : i % 10 < 3 ? LIVE_TTL_SECS : BenchStore.NO_TTL));
            store = fixture.reset();
        }

        /** Makes the expiring keys due, outside the measured time. */
        @Setup(Level.Invocation)
        public void makeDue() {
            List<BenchStore.Write> due = new ArrayList<>(EXPIRED);
            for (int i = 0; i < EXPIRED; i++) {
                due.add(new BenchStore.Write(names[i], value, 0));
            }
            store.load(due);
            expired = -1;
            System.gc();
        }

        /** Checks that exactly the due keys expired. */
        @TearDown(Level.Invocation)
        public void check() {
            if (expired != EXPIRED) {
                throw new IllegalStateException(subject + " expired " + expired + " keys of " + keys + ", expected "
                        + EXPIRED);
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
        s.expired = s.store.expire(Instant.now().plusMillis(1));
        return s.expired;
    }
}
