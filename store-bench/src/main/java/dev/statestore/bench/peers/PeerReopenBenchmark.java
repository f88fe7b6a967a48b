package dev.statestore.bench.peers;

import dev.statestore.bench.BenchFiles;
import dev.statestore.Durability;
import java.lang.System.Logger;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * Returns the time to reopen a store holding {@code keys} keys written {@code churn} times each
 * ({@code keys × churn} writes, by default 10<sup>5</sup> keys and 10<sup>6</sup> writes) and
 * read one random key from it: the time until an application that restarts can serve reads.
 *
 * <p>The store is built once per trial at the process-crash level and then captured either after
 * {@code close()} ({@code CLEAN}: what a restart finds) or while still open ({@code CRASH}: the
 * files as a killed process leaves them, so the open includes each store's crash recovery, such
 * as SQLite's WAL index rebuild and RocksDB's WAL replay). Every invocation opens a fresh copy of
 * that image; the copy is made outside the measured time, and its files are in the OS page cache,
 * so this measures recovery work, not the disk. This project's store reads its whole journal and
 * rebuilds the state and the transition log in memory; the peers open on-disk indexes and read
 * lazily.
 *
 * <p>Run: {@code java -jar store-bench/target/benchmarks.jar 'peers.PeerReopenBenchmark'}; pick
 * with {@code -p shutdown=CRASH -p keys=10000}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class PeerReopenBenchmark {

    private static final Logger LOG = System.getLogger(PeerReopenBenchmark.class.getName());

    /** Returns how the store was left before the reopen. */
    public enum Shutdown {
        /** Closed normally. */
        CLEAN,
        /** Copied while open, as a crash of the process would leave it. */
        CRASH
    }

    /** Returns the image the store is reopened from, built once per trial. */
    @State(Scope.Benchmark)
    public static class Image {
        /** The store. */
        @Param
        public PeerKind store;
        /** How the image was taken. */
        @Param({"CLEAN", "CRASH"})
        public Shutdown shutdown;
        /** How many distinct keys the store holds. */
        @Param("100000")
        public int keys;
        /** How many times each key was written. */
        @Param("10")
        public int churn;

        SampleData data;
        Path image;
        Path run;
        PeerStore opened;

        /** Writes the store and takes its image. */
        @Setup(Level.Trial)
        public void build() {
            data = new SampleData(keys);
            Path source = BenchFiles.newDirectory("statestore-peers-reopen-source-");
            try {
                image = BenchFiles.newDirectory("statestore-peers-reopen-image-");
                try (PeerStore s = store.open(source, Durability.FLUSHED)) {
                    Fixture.load(s, keys * churn,
                            i -> new PeerStore.Write(data.key(i % keys), data.value(i), PeerStore.NO_TTL));
                    if (shutdown == Shutdown.CRASH) {
                        s.copyCrashImage(image);
                    }
                }
                if (shutdown == Shutdown.CLEAN) {
                    BenchFiles.copyFiles(source, image);
                }
            } finally {
                BenchFiles.deleteTree(source);
            }
            LOG.log(Logger.Level.INFO, "{0} {1} image of {2} writes: {3} bytes",
                    store, shutdown, (long) keys * churn, BenchFiles.directorySize(image));
        }

        /** Copies the image to a fresh directory, outside the measured time. */
        @Setup(Level.Invocation)
        public void copy() {
            run = BenchFiles.newDirectory("statestore-peers-reopen-run-");
            BenchFiles.copyFiles(image, run);
        }

        /** Closes the reopened store and deletes its copy. */
        @TearDown(Level.Invocation)
        public void closeCopy() {
            try {
                if (opened != null) {
                    opened.close();
                }
            } finally {
                opened = null;
                BenchFiles.deleteTree(run);
            }
        }

        /** Deletes the image. */
        @TearDown(Level.Trial)
        public void delete() {
            BenchFiles.deleteTree(image);
        }

        Optional<JsonNode> reopen() {
            opened = store.open(run, Durability.FLUSHED);
            String key = data.key(ThreadLocalRandom.current().nextInt(keys));
            Optional<JsonNode> value = opened.get(key);
            if (value.isEmpty()) {
                throw new IllegalStateException(store + " lost key " + key + " in the " + shutdown + " image");
            }
            return value;
        }
    }

    /**
     * Opens the copy of the image and reads one random key.
     *
     * @param image the image
     * @return the value read
     */
    @Benchmark
    public Optional<JsonNode> openAndRead(Image image) {
        return image.reopen();
    }
}
