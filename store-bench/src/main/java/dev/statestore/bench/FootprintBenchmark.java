package dev.statestore.bench;

import dev.statestore.StateStore;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jol.info.GraphLayout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Measures heap bytes, not time: the bytes {@code statestore:memory:} (and, beside it,
 * {@link BaselineStore}) holds per live key and per retained transition, for small values. The
 * figures are the aux counters {@code bytesPerKey} and {@code bytesPerTransition}; the primary
 * score (the time the measurement took) means nothing.
 *
 * <p>Method: JOL's {@link GraphLayout#parseInstance} walks every object reachable from the store
 * and adds up their sizes as laid out by the running JVM (compressed oops, alignment and object
 * headers included). It is exact and deterministic, where a heap delta around forced GCs is
 * noisy to a few percent and also counts whatever else the JVM allocated meanwhile. The store
 * holds lambdas (a comparator, a method reference), whose hidden classes JOL lays out only with
 * {@code -Djol.magicFieldOffset=true}, which the fork gets. Per key:
 * {@code (size after writing each of {@code keys} keys once - size of the empty store) / keys},
 * so it includes the key string, the value, the entry and its one transition in the log. Per
 * transition: {@code (size after writing every key once more - size before) / keys}, that is
 * what each further write of an existing key retains (its transition, the new value, its log
 * slot). Table and array slack is included, as the JVM holds it.
 *
 * <p>Values: {@code INT} is a small number (the least a value can cost); {@code OBJECT_64} is
 * the 64-byte JSON object the other benchmarks write.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar FootprintBenchmark -f 1
 * -rf json -rff footprint.json}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g", "-Djdk.attach.allowAttachSelf=true",
        "-Djol.magicFieldOffset=true"})
@State(Scope.Benchmark)
public class FootprintBenchmark {

    /** The kind of value every key holds. */
    public enum ValueKind {
        /** A small JSON number. */
        INT,
        /** A 64-byte JSON object, {@link Values#object(int, int) Values.object(64, seq)}. */
        OBJECT_64
    }

    /** The store or the baseline. */
    @Param({"STATESTORE", "BASELINE"})
    public Subject subject;

    /** The value each key holds. */
    @Param({"INT", "OBJECT_64"})
    public ValueKind value;

    /** The number of keys. */
    @Param({"20000"})
    public int keys;

    /** Returns the measured figures, as JMH aux counters. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        /** Heap bytes per live key, its first transition included. */
        public double bytesPerKey;
        /** Heap bytes per further retained transition of an existing key. */
        public double bytesPerTransition;

        /** Clears the figures before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            bytesPerKey = 0;
            bytesPerTransition = 0;
        }
    }

    /**
     * Fills a new subject and measures it.
     *
     * @param f receives the figures
     * @return the subject, so that it stays reachable until measured
     */
    @Benchmark
    public Object measure(Footprint f) {
        String[] names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = String.format("key-%07d", i);
        }
        if (subject == Subject.STATESTORE) {
            try (StateStore s = StoreType.MEMORY.open(null)) {
                long empty = sizeOf(s);
                for (int i = 0; i < keys; i++) {
                    s.set(names[i], value(i), "fill");
                }
                long filled = sizeOf(s);
                for (int i = 0; i < keys; i++) {
                    s.set(names[i], value(i + 1), "update");
                }
                long updated = sizeOf(s);
                record(f, empty, filled, updated);
                return s;
            }
        }
        BaselineStore b = new BaselineStore();
        long empty = sizeOf(b);
        for (int i = 0; i < keys; i++) {
            b.set(names[i], value(i), "fill");
        }
        long filled = sizeOf(b);
        for (int i = 0; i < keys; i++) {
            b.set(names[i], value(i + 1), "update");
        }
        long updated = sizeOf(b);
        record(f, empty, filled, updated);
        return b;
    }

    private void record(Footprint f, long empty, long filled, long updated) {
        f.bytesPerKey = (filled - empty) / (double) keys;
        f.bytesPerTransition = (updated - filled) / (double) keys;
    }

    private JsonNode value(int i) {
        return value == ValueKind.INT
                ? JsonNodeFactory.instance.numberNode(i % 1000)
                : Values.object(Values.SMALL, i % 1_000_000);
    }

    private static long sizeOf(Object root) {
        return GraphLayout.parseInstance(root).totalSize();
    }
}
