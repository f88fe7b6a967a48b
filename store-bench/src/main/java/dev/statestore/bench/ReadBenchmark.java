package dev.statestore.bench;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * Measures point reads (reads per second over all threads) of a random key among {@code keys}
 * loaded ones, on 1, 2 and 4 threads ({@code get1}, {@code get2}, {@code get4}). Every read
 * returns a {@link JsonNode} the caller owns. What that costs differs in kind: this project's
 * stores and the baseline hand out a deep copy of a tree they hold on the heap (an in-heap copy);
 * the peers look the key up in their files or caches and parse the stored JSON
 * (parse-from-disk, though after loading the data sits in the page cache and the stores' own
 * caches, so no read waits for the disk). The store is loaded once per trial at the
 * process-crash level; the level does not change reads.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar ReadBenchmark
 * -p subject=MEMORY,BASELINE}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class ReadBenchmark {

    /** The loaded store, opened once per trial. */
    @State(Scope.Benchmark)
    public static class Loaded extends LoadedStore {
        /** The store. */
        @Param({"BASELINE", "MEMORY", "JSONL_FLUSHED", "H2_FLUSHED", "SQLITE_FLUSHED", "ROCKSDB_FLUSHED"})
        public Subject subject;

        @Override
        protected Subject subject() {
            return subject;
        }

        @Override
        protected boolean freshEachIteration() {
            return false;
        }
    }

    /**
     * Reads a random key on one thread.
     *
     * @param s the store
     * @return the value, so that the read cannot be optimized away
     */
    @Benchmark
    @Threads(1)
    public Optional<JsonNode> get1(Loaded s) {
        return s.store.get(s.randomKey());
    }

    /**
     * Reads a random key on each of two threads.
     *
     * @param s the store
     * @return the value
     */
    @Benchmark
    @Threads(2)
    public Optional<JsonNode> get2(Loaded s) {
        return s.store.get(s.randomKey());
    }

    /**
     * Reads a random key on each of four threads.
     *
     * @param s the store
     * @return the value
     */
    @Benchmark
    @Threads(4)
    public Optional<JsonNode> get4(Loaded s) {
        return s.store.get(s.randomKey());
    }
}
