package dev.statestore.jsonl;

import dev.statestore.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Prints rough appends per second of a {@link JsonlStateStore} in each durability mode: 64-char
 * string values over 10,000 keys (so each line also carries the old value, about 270 bytes a
 * line), one writer thread after a warm-up, plus {@code synced} with 8 threads to show group
 * commit. Each figure is given per wall-clock second and per CPU-second of the whole process
 * (JIT and GC threads included), which is steadier on a shared machine. A first figure for the
 * record, not a benchmark: the JMH suite in store-bench measures properly. Not run by the build.
 *
 * <p>Run: {@code java -cp <test class path> dev.statestore.jsonl.AppendThroughputMain [appends]}.
 */
public final class AppendThroughputMain {

    private static final String[] KEYS = new String[10_000];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = "k-" + i;
        }
    }

    private AppendThroughputMain() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional: appends per buffered run (default 2,000,000; flushed does a quarter,
     *     synced a thousandth)
     * @throws Exception if a store fails
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        Path dir = Files.createTempDirectory("jsonl-throughput");
        JsonNode value = StringNode.valueOf("v".repeat(64));
        for (Durability d : Durability.values()) {
            int count = d == Durability.BUFFERED ? n : d == Durability.FLUSHED ? n / 4 : Math.max(200, n / 1000);
            run(dir, d, 1, value, count); // warm-up
            double[] r = run(dir, d, 1, value, count);
            System.out.printf("%-8s 1 thread : %,12.0f appends/s wall, %,12.0f per process CPU-second%n",
                    d.urlName(), r[0], r[1]);
        }
        double[] r = run(dir, Durability.SYNCED, 8, value, Math.max(200, n / 1000));
        System.out.printf("%-8s 8 threads: %,12.0f appends/s wall, %,12.0f per process CPU-second%n", "synced", r[0], r[1]);
    }

    /**
     * Returns {appends per wall second, appends per CPU second of the whole process}.
     *
     * @param dir where to put the journal
     * @param d the durability
     * @param threads writer threads
     * @param value the value written
     * @param perThread appends per thread
     * @return the two rates
     * @throws Exception if the store fails
     */
    static double[] run(Path dir, Durability d, int threads, JsonNode value, int perThread) throws Exception {
        Path p = dir.resolve(d.urlName() + "-" + threads + "-" + System.nanoTime() + ".jsonl");
        long start;
        long end;
        long cpuBefore;
        try (JsonlStateStore s = JsonlStateStore.builder(p).durability(d).open()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 1237;
                Thread w = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        s.set(KEYS[(i + offset) % KEYS.length], value, "bench");
                    }
                });
                w.start();
                workers.add(w);
            }
            cpuBefore = processCpuNanos();
            start = System.nanoTime();
            go.countDown();
            for (Thread w : workers) {
                w.join();
            }
            end = System.nanoTime();
        }
        long cpu = processCpuNanos() - cpuBefore;
        Files.deleteIfExists(p);
        double total = (double) perThread * threads;
        return new double[] {total / ((end - start) / 1e9), total / (cpu / 1e9)};
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }
}
