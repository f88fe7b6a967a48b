package dev.statestore.cli;

import dev.statestore.Durability;
import dev.statestore.jsonl.JsonlStateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * Returns a quick measurement of journal write throughput in each durability mode, and of the
 * time to reopen (replay) the journal written, on a temporary directory that is deleted after.
 * The full, statistically sound suite is the JMH one in store-bench.
 */
@Command(name = "bench",
        header = "Measure journal write throughput per durability mode",
        description = {
            "Measures journal write throughput in each durability mode (buffered, flushed, synced) on "
                    + "a temporary directory, and the time to reopen the journal written; prints a table. Each "
                    + "mode runs --seconds or --max-writes, whichever ends first, over 1,000 keys with "
                    + "~100-byte JSON values. A quick look, not a benchmark suite: numbers drift on shared "
                    + "machines; the JMH suite is store-bench/target/benchmarks.jar. -o json / jsonl: one object "
                    + "per mode.",
        })
final class BenchCommand extends BaseCommand {

    static final int KEYS = 1000;

    @Option(names = "--seconds", paramLabel = "N", description = "seconds per mode (default: ${DEFAULT-VALUE}; decimals allowed)")
    double seconds = 2;

    @Option(names = "--threads", paramLabel = "T", description = "writing threads (default: ${DEFAULT-VALUE}); "
            + "with more, synced writers share fsyncs (group commit)")
    int threads = 1;

    @Option(names = "--max-writes", paramLabel = "N", description = "stop a mode after N writes (default: ${DEFAULT-VALUE}), "
            + "to bound the disk used")
    long maxWrites = 200_000;

    @Mixin
    OutputFormat output;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "where to create the temporary directory that is written and deleted (default: the system's)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || seconds > 3600) {
            throw CliException.usage("--seconds must be > 0 and <= 3600, was " + seconds);
        }
        if (threads < 1 || threads > 256) {
            throw CliException.usage("--threads must be between 1 and 256, was " + threads);
        }
        if (maxWrites < 1) {
            throw CliException.usage("--max-writes must be >= 1, was " + maxWrites);
        }
        Path work = createWorkDir();
        PrintWriter out = out();
        boolean text = output.format() == OutputFormat.Format.TEXT;
        Output json = text ? null : new Output(out, output.format());
        if (text) {
            out.printf(Locale.ROOT, "journal write throughput: %s, %s s per mode (or %s writes), %s keys, in %s%n",
                    Text.plural(threads, "thread", "threads"), seconds, Text.count(maxWrites), Text.count(KEYS), work);
            out.printf("%-9s %11s %8s %11s %10s %15s %14s%n",
                    "mode", "writes", "seconds", "writes/s", "us/write", "journal bytes", "reopen ms");
            out.flush();
        }
        try (Progress progress = progress()) {
            for (Durability mode : Durability.values()) {
                Path modeDir = Files.createDirectory(work.resolve(mode.urlName()));
                Result r = measure(modeDir.resolve("bench.jsonl"), mode, progress);
                deleteTree(modeDir);
                double secs = r.nanos / 1e9;
                double usPerWrite = r.nanos / 1e3 / r.writes * threads;
                if (text) {
                    out.printf(Locale.ROOT, "%-9s %11s %8.2f %11s %10.1f %15s %14.1f%n", mode.urlName(),
                            Text.count(r.writes), secs, Text.count(Math.round(r.writes / secs)),
                            usPerWrite, Text.count(r.bytes), r.reopenNanos / 1e6);
                    out.flush();
                } else {
                    var row = Json.NODES.objectNode().put("mode", mode.urlName()).put("threads", threads)
                            .put("writes", r.writes).put("seconds", secs).put("writes_per_second", r.writes / secs);
                    if (r.writes > 0) {
                        row.put("us_per_write", usPerWrite);
                    }
                    json.item(row.put("journal_bytes", r.bytes).put("reopen_ms", r.reopenNanos / 1e6));
                }
            }
        } finally {
            deleteTree(work);
        }
        if (text) {
            out.println("us/write is the time one thread waits for one write; reopen replays the whole journal.");
        } else {
            json.close();
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Path createWorkDir() {
        try {
            if (dir == null) {
                return Files.createTempDirectory("statestore-bench");
            }
            Files.createDirectories(dir);
            return Files.createTempDirectory(dir, "statestore-bench");
        } catch (IOException e) {
            throw CliException.io("cannot create the bench directory: " + e, e);
        }
    }

    private Result measure(Path file, Durability mode, Progress progress) throws InterruptedException {
        ObjectNode[] values = new ObjectNode[64];
        for (int i = 0; i < values.length; i++) {
            values[i] = Json.NODES.objectNode();
            values[i].put("agent", "agent-" + (i % 8));
            values[i].put("step", i);
            values[i].put("state", "calling_tool");
            values[i].put("note", "a tool result of about a hundred bytes, #" + i);
        }
        AtomicLong writes = new AtomicLong();
        long budget = (long) (seconds * 1e9);
        Result result = new Result();
        try (JsonlStateStore store = Writers.openBuilt(JsonlStateStore.builder(file).durability(mode))) {
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            long start = System.nanoTime();
            long deadline = start + budget;
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread worker = new Thread(() -> {
                    long i = id;
                    while (System.nanoTime() < deadline && writes.incrementAndGet() <= maxWrites) {
                        store.set("bench:" + (i % KEYS), values[(int) (i % values.length)], "bench");
                        i += threads;
                    }
                }, "bench-" + mode.urlName() + "-" + t);
                worker.setUncaughtExceptionHandler((th, e) -> {
                    synchronized (failures) {
                        failures.add(e);
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                while (worker.isAlive()) {
                    progress.update("bench: " + mode.urlName() + " " + String.format(Locale.ROOT, "%.1f",
                            Math.min(seconds, (System.nanoTime() - start) / 1e9)) + " of " + seconds + " s");
                    worker.join(100);
                }
            }
            result.nanos = System.nanoTime() - start;
            if (!failures.isEmpty()) {
                Throwable f = failures.get(0);
                throw f instanceof RuntimeException ? (RuntimeException) f : new IllegalStateException(f);
            }
            result.writes = Math.min(writes.get(), maxWrites);
        }
        result.bytes = JournalFigures.totalBytes(file);
        long start = System.nanoTime();
        JsonlStateStore reopened = Writers.openBuilt(JsonlStateStore.builder(file));
        result.reopenNanos = System.nanoTime() - start;
        reopened.close();
        return result;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Result {
        long writes;
        long nanos;
        long bytes;
        long reopenNanos;
    }
}
