package dev.statestore.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills the generated blocks of {@code docs/benchmarks.md} and writes its SVG charts from the JMH
 * JSON results of one run. Run by {@code scripts/bench.sh}:
 *
 * <pre>
 * java -cp store-bench/target/benchmarks.jar dev.statestore.bench.report.ReportMain \
 *     [--smoke] [--duration "2 h 50 min"] [--processes processes.md] --out docs/benchmarks.md results.json...
 * </pre>
 *
 * <p>Only the text between each {@code <!-- generated:NAME -->} and {@code <!-- end:NAME -->}
 * pair is replaced ({@link Markers}); everything else in the document is hand-written and kept.
 * A missing output file is created with every block and nothing else. The charts are written
 * next to it. {@code --smoke} marks the figures as a smoke run's. {@code --processes} names the
 * table {@code ProcessWrites} wrote (writes from several client processes, not a JMH run), which
 * fills the block {@code processes}.
 *
 * <p>Exit status 0 on success, 2 on bad arguments or a document whose markers are broken, 1
 * when a file cannot be read or written.
 */
public final class ReportMain {

    private ReportMain() {
    }

    /**
     * Runs the generator.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        try {
            System.out.println("wrote " + run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("ReportMain: " + e.getMessage());
            System.err.println("usage: ReportMain [--smoke] [--duration TEXT] [--processes TABLE.md] --out docs/benchmarks.md"
                    + " results.json...");
            System.exit(2);
        } catch (UncheckedIOException e) {
            System.err.println("ReportMain: " + e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
        }
    }

    /**
     * Writes the report as {@link #main} does, without exiting.
     *
     * @param args the command line
     * @return the Markdown file written
     * @throws IllegalArgumentException on bad arguments, a file that is not JMH output, or broken
     *     markers
     * @throws UncheckedIOException when a file cannot be read or written
     */
    public static Path run(String... args) {
        boolean smoke = false;
        Path out = null;
        String duration = "";
        Path processes = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Paths.get(value(args, ++i, "--out"));
                case "--duration" -> duration = value(args, ++i, "--duration");
                case "--processes" -> processes = Paths.get(value(args, ++i, "--processes"));
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    inputs.add(Paths.get(args[i]));
                }
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no JMH result files given");
        }
        for (Path p : inputs) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("JMH result file " + p + " does not exist");
            }
        }
        if (processes != null && !Files.isRegularFile(processes)) {
            throw new IllegalArgumentException("the processes table " + processes + " does not exist");
        }
        Report report = new Report(new Results(JmhResults.read(inputs)), Machine.current(), Instant.now(), smoke,
                inputs.stream().map(p -> p.getFileName().toString()).toList(), duration);
        Map<String, String> blocks = report.blocks();
        try {
            blocks.put("processes", processes == null ? "_Not measured in this run._\n"
                    : Files.readString(processes, StandardCharsets.UTF_8));
            String doc = Files.isRegularFile(out) ? Files.readString(out, StandardCharsets.UTF_8) : skeleton(blocks);
            Path dir = out.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.writeString(out, Markers.fill(doc, blocks), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> chart : report.charts().entrySet()) {
                Files.writeString(dir.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out, e);
        }
        return out;
    }

    private static String skeleton(Map<String, String> blocks) {
        StringBuilder doc = new StringBuilder("# Benchmarks\n\n");
        for (String name : blocks.keySet()) {
            doc.append("## ").append(name).append("\n\n").append(Markers.start(name)).append('\n')
                    .append(Markers.end(name)).append("\n\n");
        }
        return doc.toString();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
