package dev.statestore.bench;

import dev.statestore.StateStore;
import java.nio.file.Path;
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

/**
 * Measures opening a store on an existing journal of {@code lines} lines: reading, parsing and
 * applying every line (replay) until the store is ready for use. The journal holds 64-byte values
 * written to {@code lines / 10} keys (ten writes per key, one in ten with a TTL), as a long-lived
 * store accumulates them. The aux counters {@code lines} and {@code journalBytes} give the work
 * per call; the report divides them by the time for lines/s and MB/s.
 *
 * <p>How it measures. Mode {@code SingleShotTime}: each measured call is one
 * {@code StateStores.open(url)}; the store is closed in a {@code Level.Invocation} teardown,
 * outside the timing, which also checks that the store holds the expected keys and that the
 * journal was left unchanged. The journal is written once per trial and is in the page cache
 * during the run, so this is the CPU cost of replay, not the disk's read speed.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar ReplayBenchmark -f 1 -wi 3
 * -i 5 -rf json -rff replay.json}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
@State(Scope.Benchmark)
public class ReplayBenchmark {

    /** Lines in the journal. */
    @Param({"100000", "1000000"})
    public int lines;

    /** The backend that opens the journal. */
    @Param({"JSONL_FLUSHED"})
    public StoreType store;

    private Path dir;
    private long fileBytes;
    private StateStore opened;

    /** Returns the work of the measured calls, as JMH aux counters. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Work {
        /** Journal lines replayed in this iteration. */
        public long lines;
        /** Journal bytes replayed in this iteration. */
        public long journalBytes;

        /** Clears the counters before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            lines = 0;
            journalBytes = 0;
        }
    }

    /** Writes the journal. */
    @Setup(Level.Trial)
    public void writeJournal() {
        if (!store.journaled()) {
            throw new IllegalArgumentException("ReplayBenchmark needs a journaled store type, not " + store);
        }
        if (lines < 10 || lines % 10 != 0) {
            throw new IllegalArgumentException("lines must be a positive multiple of 10, was " + lines);
        }
        dir = BenchFiles.newDirectory("replay-");
        int keys = lines / 10;
        try (StateStore s = StoreType.JSONL_BUFFERED.open(dir)) {
            for (int i = 0; i < lines; i++) {
                String key = String.format("key-%07d", i % keys);
                if (i % 10 == 3) {
                    s.setWithTtl(key, Values.object(Values.SMALL, i % 1_000_000), "fill", 86_400);
                } else {
                    s.set(key, Values.object(Values.SMALL, i % 1_000_000), "fill");
                }
            }
        }
        fileBytes = BenchFiles.size(StoreType.journalFile(dir));
    }

    /**
     * Opens the store, replaying the journal.
     *
     * @param work counts the lines and bytes replayed
     * @return the open store
     */
    @Benchmark
    public StateStore open(Work work) {
        opened = store.open(dir);
        work.lines += lines;
        work.journalBytes += fileBytes;
        return opened;
    }

    /** Checks and closes the opened store. */
    @TearDown(Level.Invocation)
    public void closeStore() {
        try {
            long count = opened.transitionCount();
            int keys = opened.keys().size();
            if (count != lines || keys != lines / 10) {
                throw new IllegalStateException("replay of " + lines + " lines gave " + count
                        + " transitions and " + keys + " keys, expected " + lines + " and " + lines / 10);
            }
        } finally {
            opened.close();
            opened = null;
        }
        long now = BenchFiles.size(StoreType.journalFile(dir));
        if (now != fileBytes) {
            throw new IllegalStateException("opening and closing the store changed the journal from "
                    + fileBytes + " to " + now + " bytes: the next call would replay something else");
        }
    }

    /** Deletes the journal. */
    @TearDown(Level.Trial)
    public void deleteJournal() {
        BenchFiles.deleteTree(dir);
    }
}
