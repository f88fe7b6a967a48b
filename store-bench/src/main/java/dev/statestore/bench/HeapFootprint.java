package dev.statestore.bench;

import dev.statestore.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A program, not a JMH benchmark, that measures heap bytes (as Caffeine's {@code MemoryBenchmark}
 * does) and writes them as JMH JSON results, so that the report reads them like every other
 * figure:
 * <ul>
 *   <li>{@code perKey}: the bytes {@code statestore:memory:} and {@link BaselineStore} hold per
 *       live key and per retained transition, for a small number and for the 64-byte object.
 *       JOL's {@link GraphLayout} adds up every object reachable from the store as this JVM lays
 *       it out: exact and deterministic, so these figures carry no error. Per key: growth from
 *       the empty store to one write of each of {@code --keys} keys; per transition: growth from
 *       one more write of each.
 *   <li>{@code afterWrites}: the heap a statestore holds after N writes (its history length)
 *       spread over {@code --history-keys} keys, for each N of {@code --writes}: the used heap
 *       after {@code System.gc()} with the store open, less the same before it was opened. A
 *       heap delta counts whatever else the JVM kept meanwhile (little, here), so it is good to
 *       a few hundred KiB and carries no interval. It is taken once the store's background work
 *       has settled: a JSONL checkpoint still running after the last write holds a sorted copy of
 *       the state (about one more state's worth, whatever the history's length), so the heap is
 *       sampled every 250 ms until two samples agree within 64 KiB (ten at most). The first
 *       sample is kept beside it as the secondary metric {@code firstSample}. A store that keeps every transition in
 *       memory ({@code MEMORY}, {@code history=all}) is measured only up to
 *       {@code --max-unbounded} writes.
 *   <li>{@code afterReopen}: the same (settled likewise) for a JSONL store reopened on that journal.
 * </ul>
 *
 * <p>Run: {@code java -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true -Xmx3g -cp
 * store-bench/target/benchmarks.jar dev.statestore.bench.HeapFootprint --out heap.json
 * [--keys 20000] [--history-keys 10000] [--writes 10000,100000,1000000] [--max-unbounded 1000000]}.
 * JOL lays out the store's lambdas (hidden classes) only with {@code -Djol.magicFieldOffset=true}.
 * Journals go to the scratch directory of {@link BenchFiles} and are deleted.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class HeapFootprint {

    private static final String NAME = HeapFootprint.class.getName();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ArrayNode results = JSON.arrayNode();

    private HeapFootprint() {
    }

    /**
     * Runs the measurements and writes the results.
     *
     * @param args the command line, as in the class comment
     */
    public static void main(String[] args) {
        try {
            Path out = run(args);
            System.out.println("wrote " + out);
        } catch (IllegalArgumentException e) {
            System.err.println("HeapFootprint: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Runs the measurements and writes the results, without exiting.
     *
     * @param args the command line
     * @return the JSON file written
     * @throws IllegalArgumentException on a bad argument
     */
    public static Path run(String... args) {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("--keys", "20000", "--history-keys", "10000",
                "--writes", "10000,100000,1000000", "--max-unbounded", "1000000"));
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].equals("--out") && !opts.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "': use --out FILE"
                        + " [--keys N] [--history-keys N] [--writes N,N,…] [--max-unbounded N]");
            }
            opts.put(args[i], args[i + 1]);
        }
        if (!opts.containsKey("--out")) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        HeapFootprint h = new HeapFootprint();
        int keys = Integer.parseInt(opts.get("--keys"));
        for (boolean small : new boolean[] {true, false}) {
            h.perKey(Subject.MEMORY, small, keys);
            h.perKey(Subject.BASELINE, small, keys);
        }
        int historyKeys = Integer.parseInt(opts.get("--history-keys"));
        long maxUnbounded = Long.parseLong(opts.get("--max-unbounded"));
        for (String w : opts.get("--writes").split(",")) {
            long writes = Long.parseLong(w.trim());
            h.afterWrites(Subject.MEMORY, "history=10000", writes, historyKeys);
            if (writes <= maxUnbounded) {
                h.afterWrites(Subject.MEMORY, "", writes, historyKeys);
            }
            h.afterWrites(Subject.JSONL_FLUSHED, "", writes, historyKeys);
        }
        Path out = Paths.get(opts.get("--out"));
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), h.results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return out;
    }

    private void perKey(Subject subject, boolean small, int keys) {
        String[] names = Values.keys(keys);
        long empty;
        long filled;
        long updated;
        Path dir = BenchFiles.newDirectory("heap-");
        try (BenchStore s = subject.open(dir)) {
            empty = sizeOf(s);
            for (int i = 0; i < keys; i++) {
                s.put(names[i], value(small, i));
            }
            filled = sizeOf(s);
            for (int i = 0; i < keys; i++) {
                s.put(names[i], value(small, i + 1));
            }
            updated = sizeOf(s);
        } finally {
            BenchFiles.deleteTree(dir);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("subject", subject.name());
        params.put("value", small ? "INT" : "OBJECT_64");
        params.put("keys", Integer.toString(keys));
        ObjectNode r = result("perKey", params, (filled - empty) / (double) keys, 0, "B/key");
        r.putObject("secondaryMetrics").set("bytesPerTransition",
                metric((updated - filled) / (double) keys, 0, "B/transition"));
    }

    private void afterWrites(Subject subject, String options, long writes, int keys) {
        String[] names = Values.keys(keys);
        JsonNode[] values = Values.pool(Values.SMALL, 1024);
        Path dir = BenchFiles.newDirectory("heap-history-");
        try {
            long before = usedAfterGc();
            long held;
            long first;
            try (StateStore s = subject.openStateStore(dir, options)) {
                for (long i = 0; i < writes; i++) {
                    s.set(names[(int) (i % keys)], values[(int) (i & 1023)], "bench");
                }
                first = usedAfterGc() - before;
                held = settledAfterGc(first + before) - before;
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("subject", subject.name());
            params.put("options", options.isEmpty() ? "defaults" : options);
            params.put("writes", Long.toString(writes));
            params.put("keys", Integer.toString(keys));
            result("afterWrites", params, held, Double.NaN, "B").putObject("secondaryMetrics")
                    .set("firstSample", metric(first, Double.NaN, "B"));
            if (subject.storage() == Subject.Storage.FILES) {
                before = usedAfterGc();
                try (StateStore s = subject.openStateStore(dir, options)) {
                    held = settledAfterGc(usedAfterGc()) - before;
                    if (s.transitionCount() != writes) {
                        throw new IllegalStateException(subject + " reopened with " + s.transitionCount()
                                + " transitions, expected " + writes);
                    }
                }
                result("afterReopen", new LinkedHashMap<>(params), held, Double.NaN, "B");
            }
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private ObjectNode result(String method, Map<String, String> params, double score, double error, String unit) {
        ObjectNode r = results.addObject();
        r.put("jmhVersion", "");
        r.put("benchmark", NAME + "." + method);
        r.put("mode", "ss");
        r.put("threads", 1);
        r.put("forks", 1);
        r.put("jvm", ProcessHandle.current().info().command().orElse("java"));
        ArrayNode jvmArgs = r.putArray("jvmArgs");
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(jvmArgs::add);
        r.put("jdkVersion", System.getProperty("java.version"));
        r.put("vmName", System.getProperty("java.vm.name"));
        r.put("vmVersion", System.getProperty("java.vm.version"));
        r.put("warmupIterations", 0);
        r.put("warmupTime", "single-shot");
        r.put("measurementIterations", 1);
        r.put("measurementTime", "single-shot");
        ObjectNode p = r.putObject("params");
        params.forEach(p::put);
        r.set("primaryMetric", metric(score, error, unit));
        return r;
    }

    private static ObjectNode metric(double score, double error, String unit) {
        ObjectNode m = JSON.objectNode();
        m.put("score", score);
        if (Double.isNaN(error)) {
            m.put("scoreError", "NaN");
        } else {
            m.put("scoreError", error);
        }
        m.put("scoreUnit", unit);
        m.putArray("rawData").addArray().add(score);
        return m;
    }

    private static JsonNode value(boolean small, int i) {
        return small ? JSON.numberNode(i % 1000) : Values.object(Values.SMALL, i % 1_000_000);
    }

    private static long sizeOf(Object root) {
        return GraphLayout.parseInstance(root).totalSize();
    }

    /**
     * Samples the used heap every 250 ms from {@code first} on until two samples agree within
     * 64 KiB, ten samples at most; returns the last.
     */
    private static long settledAfterGc(long first) {
        long previous = first;
        for (int i = 0; i < 10; i++) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return previous;
            }
            long now = usedAfterGc();
            if (Math.abs(now - previous) <= 64 * 1024) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
