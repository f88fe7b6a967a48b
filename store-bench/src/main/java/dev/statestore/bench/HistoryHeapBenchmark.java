package dev.statestore.bench;

import dev.statestore.StateStore;
import dev.statestore.StateStores;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
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
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * Measures heap bytes, not time: what a store holds on the heap after {@code transitions} writes
 * (10^7) spread over {@code keys} keys (10^4) of 64-byte JSON objects, with the default history
 * window. The figures are aux counters; the primary score (the time the writes took) is only
 * there because JMH needs one, and includes the journal's disk writes.
 *
 * <ul>
 *   <li>{@code heapBytes}: the JVM's used heap after {@code System.gc()} once every write is done,
 *       the store still open, less the same just before the store was opened.
 *   <li>{@code heapBytesEarly}: the same after the first {@code 2 * keys + 10000} writes (every
 *       key written twice and a full history window). With a bounded history the final figure
 *       stays near it; a store that kept every transition would grow with every write.
 * </ul>
 *
 * <p>Method: a heap delta around forced full collections, not JOL's object graph walk as in
 * {@link FootprintBenchmark}. The journal's open file channels reach JVM-wide cleaner lists, so a
 * graph walk from a JSONL store would count objects that are not the store's; the delta counts
 * everything the store keeps alive, and also whatever else the JVM allocated and kept meanwhile
 * (little, in a fork that does nothing else), so it is good to a few hundred KiB.
 *
 * <p>Stores: {@code JSONL_DEFAULT} is {@code statestore:jsonl:<file>} with default options (every
 * transition kept on disk, {@code memory-history=10000} on the heap, flushed writes);
 * {@code MEMORY_HISTORY_10000} is {@code statestore:memory:?history=10000}. The journal of 10^7
 * writes takes about 2 GB in the scratch directory ({@link BenchFiles}) and is deleted afterwards.
 * The fork runs with a 512 MiB heap, which a store keeping every transition would overflow.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar HistoryHeapBenchmark -f 1
 * -rf json -rff history-heap.json} (2 to 5 minutes).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class HistoryHeapBenchmark {

    /** The stores measured, as URL templates. */
    public enum Store {
        /** {@code statestore:jsonl:<file>}, default options. */
        JSONL_DEFAULT("statestore:jsonl:{file}"),
        /** {@code statestore:memory:?history=10000}. */
        MEMORY_HISTORY_10000("statestore:memory:?history=10000");

        private final String template;

        Store(String template) {
            this.template = template;
        }

        String url(Path dir) {
            return template.replace("{file}", dir.resolve("state.jsonl").toAbsolutePath().toString());
        }
    }

    /** The store. */
    @Param({"JSONL_DEFAULT", "MEMORY_HISTORY_10000"})
    public Store store;

    /** The number of writes. */
    @Param({"10000000"})
    public int transitions;

    /** The number of keys the writes go to, in turn. */
    @Param({"10000"})
    public int keys;

    /** The figures, as JMH aux counters. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap {
        /** Used heap after a GC once every write is done, less the same before the store opened. */
        public double heapBytes;
        /** Used heap after a GC after the first writes, less the same before the store opened. */
        public double heapBytesEarly;

        /** Clears the figures before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            heapBytes = 0;
            heapBytesEarly = 0;
        }
    }

    /**
     * Writes to a new store and measures it.
     *
     * @param h receives the figures
     * @return the store's transition count
     */
    @Benchmark
    public long measure(Heap h) {
        String[] names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = "key-" + i;
        }
        JsonNode[] values = new JsonNode[1024];
        for (int i = 0; i < values.length; i++) {
            values[i] = Values.object(Values.SMALL, i);
        }
        int early = Math.min(transitions, 2 * keys + 10_000);
        Path dir = BenchFiles.newDirectory("history-heap-");
        try {
            long before = usedAfterGc();
            try (StateStore s = StateStores.open(store.url(dir))) {
                for (int i = 0; i < transitions; i++) {
                    s.set(names[i % keys], values[i & (values.length - 1)], "bench");
                    if (i + 1 == early) {
                        h.heapBytesEarly = usedAfterGc() - before;
                    }
                }
                h.heapBytes = usedAfterGc() - before;
                return s.transitionCount();
            }
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
