package dev.statestore.bench;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.nio.file.Path;
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
 * Measures the latency of single writes to a JSONL journal while its checkpoints run, beside
 * the same writes with checkpoints kept from running: JMH samples every call, so the report
 * gives the percentiles (p99, p99.9, max) of each.
 *
 * <p>The store holds {@code keys} keys of 64-byte values and one writer sets random keys.
 * {@code ON}: the journal's defaults, under which a checkpoint is due after as many lines as the
 * last checkpoint holds ({@code keys}), so at a few hundred thousand writes a second one runs
 * every fraction of a second, folding the whole state on its background thread while the
 * writes go on. {@code OFF}: the bounds set so high that no checkpoint is taken during the run.
 * The difference between the two is what a checkpoint costs the writers: the time it holds
 * them (flushing and fsyncing what they wrote, the renames of a seal) and the CPU it takes.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar CheckpointLatencyBenchmark}.
 * A synced journal writes too few lines in an iteration to reach a checkpoint of 10^5 keys: run
 * it with {@code -p subject=JSONL_SYNCED -p keys=10000}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class CheckpointLatencyBenchmark {

    /** Whether the journal takes checkpoints during the run. */
    public enum Checkpoints {
        /** The defaults: checkpoints run as the history grows. */
        ON,
        /** Bounds no run reaches: no checkpoint runs. */
        OFF
    }

    /** The journal and its keys. */
    @State(Scope.Benchmark)
    public static class Journal {
        /** The durability level of the journal. */
        @Param("JSONL_FLUSHED")
        public Subject subject;
        /** Whether checkpoints run. */
        @Param({"ON", "OFF"})
        public Checkpoints checkpoints;
        /** The live keys. */
        @Param("100000")
        public int keys;

        String[] names;
        JsonNode[] values;
        Path dir;
        StateStore store;

        /** Opens a fresh journal and writes every key once. */
        @Setup(Level.Iteration)
        public void open() {
            if (!subject.name().startsWith("JSONL_")) {
                throw new IllegalArgumentException("CheckpointLatencyBenchmark measures the JSONL journal, not "
                        + subject);
            }
            names = Values.keys(keys);
            values = Values.pool(Values.SMALL, 1024);
            dir = BenchFiles.newDirectory("checkpoint-");
            String options = checkpoints == Checkpoints.ON ? ""
                    : "checkpoint-lines=" + Long.MAX_VALUE + "&checkpoint-bytes=" + Long.MAX_VALUE
                            + "&segment-bytes=" + Long.MAX_VALUE;
            // Loaded at the flushed level (a synced load would take an fsync per key), then reopened.
            try (StateStore load = Subject.JSONL_FLUSHED.openStateStore(dir, options)) {
                for (int i = 0; i < keys; i++) {
                    load.set(names[i], values[i & 1023], "load");
                }
            }
            store = subject.openStateStore(dir, options);
        }

        /** Closes the journal and deletes its files. */
        @TearDown(Level.Iteration)
        public void close() {
            try {
                store.close();
            } finally {
                BenchFiles.deleteTree(dir);
            }
        }
    }

    /**
     * Sets one random key.
     *
     * @param j the journal
     * @return the transition
     */
    @Benchmark
    public StateTransition set(Journal j) {
        int i = ThreadLocalRandom.current().nextInt(j.keys);
        return j.store.set(j.names[i], j.values[i & 1023], "w");
    }
}
