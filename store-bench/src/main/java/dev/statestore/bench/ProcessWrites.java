package dev.statestore.bench;

import dev.statestore.StateStore;
import dev.statestore.StateStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Measures writes to one shared store from 1, 2 and 4 client processes: the throughput of the
 * whole, which JMH cannot give (it measures the threads of one JVM). A program, not a JMH
 * benchmark.
 *
 * <p>For each process count, the program starts that many child JVMs on the same class path,
 * each opening the store at {@code --url} (a fresh store name per count) and setting random keys
 * of its own among 10,000 with 64-byte values from one thread. Every child writes for a warm-up
 * of {@code --warmup} seconds, says it is ready, and on a go from the parent counts its writes
 * for {@code --seconds} seconds; the parent sums the counts. Each count is measured
 * {@code --rounds} times; the table gives the mean, the lowest and the highest writes per second,
 * and the mean per process.
 *
 * <p>{@code java -cp store-bench/target/benchmarks.jar dev.statestore.bench.ProcessWrites --url
 * 'statestore:postgresql://localhost:5432/postgres?user=postgres' [--processes 1,2,4] [--seconds
 * 10] [--warmup 5] [--rounds 3] [--out table.md]}. Only a backend that several processes may open
 * at once can be measured: PostgreSQL (a JSONL journal is locked by the process that opens it).
 */
public final class ProcessWrites {

    private static final int KEYS = 10_000;

    private ProcessWrites() {
    }

    /**
     * Runs the measurement, or a child when the first argument is {@code child}.
     *
     * @param args the options above
     * @throws Exception if a child fails or the output cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        String url = null;
        List<Integer> counts = List.of(1, 2, 4);
        int seconds = 10;
        int warmup = 5;
        int rounds = 3;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--url" -> url = value;
                case "--processes" -> counts = parseCounts(value);
                case "--seconds" -> seconds = positive("--seconds", value);
                case "--warmup" -> warmup = positive("--warmup", value);
                case "--rounds" -> rounds = positive("--rounds", value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --url, --processes, --seconds, --warmup, --rounds, --out)");
            }
            i++;
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required: the store URL of a backend several processes share");
        }
        StringBuilder table = new StringBuilder();
        table.append("| client processes | writes/s, mean | lowest | highest | per process |\n");
        table.append("|---:|---:|---:|---:|---:|\n");
        for (int n : counts) {
            double[] rates = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                String store = "process_writes_" + n + "_" + r + "_"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
                rates[r] = round(url + (url.contains("?") ? "&" : "?") + "store=" + store, n, seconds, warmup);
                System.err.printf(Locale.ROOT, "%d process(es), round %d: %.0f writes/s%n", n, r + 1, rates[r]);
            }
            double sum = 0;
            double low = Double.MAX_VALUE;
            double high = 0;
            for (double rate : rates) {
                sum += rate;
                low = Math.min(low, rate);
                high = Math.max(high, rate);
            }
            double mean = sum / rounds;
            table.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %,.0f | %,.0f |%n", n, mean, low, high,
                    mean / n));
        }
        String text = table.toString();
        System.out.print(text);
        if (out != null) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        }
    }

    /** Returns the total writes per second of {@code n} children writing to one store. */
    private static double round(String url, int n, int seconds, int warmup) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<Process> children = new ArrayList<>();
        try {
            for (int id = 0; id < n; id++) {
                ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", classPath, ProcessWrites.class.getName(),
                        "child", url, Integer.toString(id), Integer.toString(warmup));
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
                children.add(pb.start());
            }
            List<BufferedReader> replies = new ArrayList<>();
            for (Process p : children) {
                BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line = in.readLine();
                if (!"ready".equals(line)) {
                    throw new IllegalStateException("a child did not get ready, it said: " + line);
                }
                replies.add(in);
            }
            for (Process p : children) {
                Writer go = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
                go.write(seconds + "\n");
                go.flush();
            }
            long total = 0;
            for (BufferedReader in : replies) {
                String line = in.readLine();
                if (line == null) {
                    throw new IllegalStateException("a child ended without its count");
                }
                total += Long.parseLong(line.trim());
            }
            for (Process p : children) {
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("a child did not end cleanly");
                }
            }
            return total / (double) seconds;
        } finally {
            for (Process p : children) {
                p.destroyForcibly();
            }
        }
    }

    /** A child: opens the store, warms up, then counts its writes for the seconds the parent sends. */
    private static void child(String url, int id, int warmup) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String[] names = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            names[i] = "p" + id + ":" + i;
        }
        JsonNode[] values = Values.pool(Values.SMALL, 1024);
        try (StateStore store = StateStores.open(url)) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < until) {
                int k = random.nextInt(KEYS);
                store.set(names[k], values[k & 1023], "w");
            }
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String go = in.readLine();
            if (go == null) {
                return;
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.parseInt(go.trim()));
            long writes = 0;
            while (System.nanoTime() < end) {
                int k = random.nextInt(KEYS);
                store.set(names[k], values[k & 1023], "w");
                writes++;
            }
            out.println(writes);
        }
    }

    private static List<Integer> parseCounts(String value) {
        List<Integer> counts = new ArrayList<>();
        for (String part : value.split(",")) {
            counts.add(positive("--processes", part.trim()));
        }
        return counts;
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a positive whole number, was '" + value + "'", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be a positive whole number, was " + n);
        }
        return n;
    }
}
