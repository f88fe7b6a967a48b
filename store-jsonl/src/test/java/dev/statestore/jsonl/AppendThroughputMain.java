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
 * Prints rough appends per second of a {@link JsonlStateStore} in each durability mode: 64-byte
 * string values over 10,000 keys (so each line also carries the old value), one writer thread,
 * plus {@code synced} with 8 threads to show group commit. A first figure for the record, not a
 * benchmark: the JMH suite in store-bench measures properly. Not run by the build.
 *
 * <p>Run: {@code java -cp <test class path> dev.statestore.jsonl.AppendThroughputMain [seconds]}.
 */
public final class AppendThroughputMain {

    private AppendThroughputMain() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional: seconds per mode (default 2)
     * @throws Exception if a store fails
     */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        Path dir = Files.createTempDirectory("jsonl-throughput");
        JsonNode value = StringNode.valueOf("v".repeat(64));
        for (Durability d : Durability.values()) {
            run(dir, d, 1, value, seconds / 2); // warm-up
            double[] r = run(dir, d, 1, value, seconds);
            System.out.printf("%-8s 1 thread : %,12.0f appends/s wall, %,12.0f per CPU-second of the process%n",
                    d.urlName(), r[0], r[1]);
        }
        double[] r = run(dir, Durability.SYNCED, 8, value, seconds);
        System.out.printf("%-8s 8 threads: %,12.0f appends/s wall%n", "synced", r[0]);
    }

    /** Returns {appends per wall second, appends per CPU second of the whole process}. */
    static double[] run(Path dir, Durability d, int threads, JsonNode value, double seconds) throws Exception {
        long cpuBefore = processCpuNanos();
        Path p = dir.resolve(d.urlName() + "-" + threads + "-" + System.nanoTime() + ".jsonl");
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long[] counts = new long[threads];
        long start;
        try (JsonlStateStore s = JsonlStateStore.builder(p).durability(d).open()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long n = 0;
                    String prefix = "k" + id + "-";
                    while ((n & 255) != 0 || System.nanoTime() < deadline) {
                        s.set(prefix + (n % 10_000), value, "bench");
                        n++;
                    }
                    counts[id] = n;
                });
                w.start();
                workers.add(w);
            }
            start = System.nanoTime();
            go.countDown();
            for (Thread w : workers) {
                w.join();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpuTotal = processCpuNanos() - cpuBefore;
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        Files.deleteIfExists(p);
        return new double[] {total / elapsed, total / (cpuTotal / 1e9)};
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }
}
