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
 * Writes {@code docs/benchmarks.md} and its SVG charts from JMH JSON results. Run by
 * {@code scripts/bench.sh}:
 *
 * <pre>
 * java -cp store-bench/target/benchmarks.jar dev.statestore.bench.report.ReportMain \
 *     [--smoke] [--out docs/benchmarks.md] [--peers-from FILE] results.json...
 * </pre>
 *
 * <p>The charts are written next to the Markdown file. Two sections are copied from
 * {@code --peers-from} (default: the existing output file) instead of generated, so that
 * regenerating the core figures never loses them: the one between {@code <!-- peers:start -->}
 * and {@code <!-- peers:end -->}, which the peer benchmark fills, and the hand-written notes on
 * the results between {@code <!-- notes:start -->} and {@code <!-- notes:end -->}.
 * {@code --smoke} marks the document as a smoke run.
 *
 * <p>Exit status 0 on success, 2 on bad arguments, 1 when a file cannot be read or written.
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
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ReportMain: " + e.getMessage());
            System.err.println("usage: ReportMain [--smoke] [--out docs/benchmarks.md] [--peers-from FILE] results.json...");
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
     * @throws IllegalArgumentException on bad arguments or a file that is not JMH output
     * @throws UncheckedIOException when a file cannot be read or written
     */
    public static Path run(String... args) {
        boolean smoke = false;
        Path out = Paths.get("docs", "benchmarks.md");
        Path peersFrom = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Paths.get(value(args, ++i, "--out"));
                case "--peers-from" -> peersFrom = Paths.get(value(args, ++i, "--peers-from"));
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    inputs.add(Paths.get(args[i]));
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no JMH result files given");
        }
        for (Path p : inputs) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("JMH result file " + p + " does not exist");
            }
        }
        Path previousFile = peersFrom != null ? peersFrom : out;
        String previous = Files.isRegularFile(previousFile) ? read(previousFile) : "";
        BenchmarkReport report = new BenchmarkReport(JmhResults.read(inputs), Machine.current(), Instant.now(), smoke,
                inputs.stream().map(p -> p.getFileName().toString()).toList());
        Path dir = out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Files.writeString(out, report.markdown(previous), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> chart : report.charts().entrySet()) {
                Files.writeString(dir.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out, e);
        }
        return out;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a file name");
        }
        return args[i];
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
