package dev.statestore.bench;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * Measures the time from opening a store to its first read, for a store that holds
 * {@code keys} live keys after {@code writes} writes (its history length): the time until an
 * application that restarts can serve reads. The live keys stay the same while the history
 * grows, so the curve shows what an open costs per write ever made; a store that opens in time
 * proportional to its live keys draws a flat line.
 *
 * <p>The store is written once per trial at the process-crash level with 64-byte values, then
 * captured either after {@code close()} ({@code CLEAN}: what a restart finds) or while still
 * open ({@code CRASH}: the files as a killed process leaves them, so the open includes each
 * store's crash recovery). Every call opens a fresh copy of that image, made outside the
 * measured time; the files are in the page cache, so this measures recovery work, not the disk.
 * The aux counter {@code imageBytes} is the size of the files opened, per call. A server
 * subject's data is not copied: it reopens the one store, and a crash of the client leaves the
 * server's data as a clean close does.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar ReopenBenchmark
 * -p subject=JSONL_FLUSHED -p shutdown=CLEAN}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class ReopenBenchmark {

    /** How the store was left before the reopen. */
    public enum Shutdown {
        /** Closed normally. */
        CLEAN,
        /** Copied while open, as a crash of the process would leave it. */
        CRASH
    }

    /** The image the store is reopened from, written once per trial. */
    @State(Scope.Benchmark)
    public static class Image {
        /** The store. */
        @Param({"JSONL_FLUSHED", "H2_FLUSHED", "SQLITE_FLUSHED", "ROCKSDB_FLUSHED"})
        public Subject subject;
        /** How the image was taken. */
        @Param({"CLEAN", "CRASH"})
        public Shutdown shutdown;
        /** The writes made before the image was taken: the history length. */
        @Param({"10000", "100000", "1000000"})
        public int writes;
        /** The distinct keys the writes go to in turn. */
        @Param("10000")
        public int keys;

        String[] names;
        Path image;
        long imageBytes;
        Path run;
        BenchStore opened;

        /** Writes the store and takes its image. */
        @Setup(Level.Trial)
        public void build() {
            if (writes < keys) {
                throw new IllegalArgumentException("writes (" + writes + ") must be at least keys (" + keys + ")");
            }
            names = Values.keys(keys);
            JsonNode[] values = Values.pool(Values.SMALL, 1024);
            boolean server = subject.storage() == Subject.Storage.SERVER;
            Path source = BenchFiles.newDirectory("reopen-source-");
            image = server ? source : BenchFiles.newDirectory("reopen-image-");
            try {
                try (BenchStore s = subject.open(source)) {
                    Fixture.load(s, writes, i -> new BenchStore.Write(names[i % keys], values[i & 1023],
                            BenchStore.NO_TTL));
                    if (shutdown == Shutdown.CRASH && !server) {
                        s.copyCrashImage(image);
                    }
                }
                if (shutdown == Shutdown.CLEAN && !server) {
                    BenchFiles.copyFiles(source, image);
                }
            } finally {
                if (!server) {
                    BenchFiles.deleteTree(source);
                }
            }
            imageBytes = BenchFiles.directorySize(image);
        }

        /** Copies the image to a fresh directory, outside the measured time. */
        @Setup(Level.Invocation)
        public void copy() {
            if (subject.storage() == Subject.Storage.SERVER) {
                run = image;
            } else {
                run = BenchFiles.newDirectory("reopen-run-");
                BenchFiles.copyFiles(image, run);
            }
            System.gc();
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
                if (run != image) {
                    BenchFiles.deleteTree(run);
                }
            }
        }

        /** Deletes the image. */
        @TearDown(Level.Trial)
        public void delete() {
            BenchFiles.deleteTree(image);
        }
    }

    /** The bytes opened, as a JMH aux counter. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Work {
        /** The size of the files opened in this iteration. */
        public long imageBytes;

        /** Clears the counter before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            imageBytes = 0;
        }
    }

    /**
     * Opens the copy of the image and reads one random key.
     *
     * @param image the image
     * @param work counts the bytes opened
     * @return the value read
     */
    @Benchmark
    public Optional<JsonNode> openAndRead(Image image, Work work) {
        image.opened = image.subject.open(image.run);
        String key = image.names[ThreadLocalRandom.current().nextInt(image.keys)];
        Optional<JsonNode> value = image.opened.get(key);
        if (value.isEmpty()) {
            throw new IllegalStateException(image.subject + " lost key " + key + " in the " + image.shutdown + " image");
        }
        work.imageBytes += image.imageBytes;
        return value;
    }
}
