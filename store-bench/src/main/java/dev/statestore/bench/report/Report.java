package dev.statestore.bench.report;

import dev.statestore.bench.Subject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The generated parts of {@code docs/benchmarks.md} and its charts, built from the results of one
 * run: the machine and settings, the targets with their verdicts, one part per workload with its
 * side-by-side tables, and the charts. Every figure carries its 99.9% interval and every ratio
 * says whether the intervals separate. The prose around the parts is the document's own
 * ({@link Markers}).
 *
 * <p>Immutable; thread-safe.
 */
final class Report {

    private static final String WRITES = "WriteBenchmark";

    private final Results results;
    private final Machine machine;
    private final Instant generated;
    private final boolean smoke;
    private final List<String> sources;
    private final String duration;

    /**
     * Creates a report.
     *
     * @param results the run's results
     * @param machine the machine they were measured on
     * @param generated when the report is made
     * @param smoke whether they come from a smoke run, which the report then says loudly
     * @param sources the names of the JSON files read
     * @param duration how long the run took, in words, or empty when unknown
     */
    Report(Results results, Machine machine, Instant generated, boolean smoke, List<String> sources, String duration) {
        this.results = results;
        this.machine = machine;
        this.generated = generated;
        this.smoke = smoke;
        this.sources = List.copyOf(sources);
        this.duration = duration;
    }

    /**
     * Returns the body of every generated block, by block name.
     *
     * @return name to Markdown
     */
    Map<String, String> blocks() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("run", run());
        b.put("targets", targets());
        b.put("writes", Comparisons.tables("Single-key writes", results.of(WRITES, "put", bytes(64)))
                + charts("writes", List.of("in memory", "BUFFERED", "FLUSHED", "SYNCED")));
        b.put("append", append());
        b.put("audited", Comparisons.tables("Audited writes", results.of(WRITES, "audited", r -> true)));
        b.put("ttl", Comparisons.tables("Writes with a TTL", results.of(WRITES, "ttl", r -> true)));
        b.put("reads", Comparisons.tables("Point reads", results.of("ReadBenchmark", "get", r -> true)));
        b.put("reopen", Comparisons.tables("Reopen", results.of("ReopenBenchmark", null, r -> true))
                + "![reopen time against history length](bench-reopen.svg)\n");
        b.put("expiry", Comparisons.tables("Expiry", results.of("ExpiryBenchmark", null, r -> true))
                + "![expiry time against store size](bench-expiry.svg)\n");
        b.put("heap", heap());
        b.put("postgres", postgres());
        b.put("checkpoint", percentiles(results.of("CheckpointLatencyBenchmark", null, r -> true)));
        b.put("conditional", listing(results.of("ConditionalWriteBenchmark", null, r -> true)));
        b.put("feed", listing(results.of("ChangeFeedBenchmark", null, r -> true)));
        return b;
    }

    /**
     * Returns the charts, by file name.
     *
     * @return file name to SVG document
     */
    Map<String, String> charts() {
        Map<String, String> charts = new LinkedHashMap<>();
        String suffix = smoke ? " (SMOKE RUN)" : "";
        for (String level : List.of("in memory", "BUFFERED", "FLUSHED", "SYNCED")) {
            String name = level.replace(' ', '-').toLowerCase(Locale.ROOT);
            charts.put("bench-writes-" + name + ".svg", Charts.lineChart("w" + name.charAt(0) + name.charAt(1),
                    new Charts.Spec("Writes per second, " + level + suffix, "threads", "writes/s (log scale)", false, true),
                    series(results.of(WRITES, "put", bytes(64).and(r -> Comparisons.level(r).equals(level))),
                            r -> Results.subject(r).orElseThrow().label(), JmhResult::threads),
                    "no write results at this level in this run"));
        }
        charts.put("bench-reopen.svg", Charts.lineChart("reopen",
                new Charts.Spec("Reopen to first read after a clean close" + suffix, "writes in the history (log scale)",
                        "ms (log scale)", true, true),
                series(results.of("ReopenBenchmark", null, r -> r.param("shutdown").orElse("").equals("CLEAN")
                                && r.param("keys").orElse("").equals("10000")),
                        r -> Results.subject(r).orElseThrow().label(), r -> intParam(r, "writes")),
                "no reopen results in this run"));
        charts.put("bench-expiry.svg", Charts.lineChart("expiry",
                new Charts.Spec("Expiry of 1,000 due keys" + suffix, "keys in the store (log scale)", "ms (log scale)",
                        true, true),
                series(results.of("ExpiryBenchmark", null, r -> r.param("expired").orElse("1000").equals("1000")),
                        r -> Results.subject(r).orElseThrow().name(),
                        r -> intParam(r, "keys")),
                "no expiry results in this run"));
        charts.put("bench-heap.svg", Charts.lineChart("heap",
                new Charts.Spec("Heap held against history length" + suffix, "writes in the history (log scale)",
                        "heap MB (log scale)", true, true),
                series(results.of("HeapFootprint", null, r -> !r.method().equals("perKey")), r -> Results.subject(r)
                                .orElseThrow().name() + " " + r.param("options").orElse("") + ", " + r.method(),
                        r -> intParam(r, "writes"), 1e-6),
                "no heap results in this run"));
        return charts;
    }

    private static Predicate<JmhResult> bytes(int valueBytes) {
        return r -> r.param("valueBytes").orElse("").equals(Integer.toString(valueBytes));
    }

    private static int intParam(JmhResult r, String name) {
        return Integer.parseInt(r.param(name).orElseThrow(() -> new IllegalArgumentException(
                r.benchmark() + " result has no parameter '" + name + "'")));
    }

    private static List<Charts.Series> series(List<JmhResult> rs, Function<JmhResult, String> name,
            Function<JmhResult, Integer> x) {
        return series(rs, name, x, 1);
    }

    private static List<Charts.Series> series(List<JmhResult> rs, Function<JmhResult, String> name,
            Function<JmhResult, Integer> x, double scale) {
        Map<String, List<Charts.Point>> lines = new LinkedHashMap<>();
        for (JmhResult r : rs) {
            lines.computeIfAbsent(name.apply(r), k -> new ArrayList<>())
                    .add(new Charts.Point(x.apply(r), Results.figure(r).times(scale)));
        }
        List<Charts.Series> out = new ArrayList<>();
        lines.forEach((n, points) -> {
            points.sort((a, b) -> Double.compare(a.x(), b.x()));
            out.add(new Charts.Series(n, points));
        });
        return out;
    }

    private static String charts(String prefix, List<String> levels) {
        StringBuilder md = new StringBuilder();
        for (String level : levels) {
            String name = level.replace(' ', '-').toLowerCase(Locale.ROOT);
            md.append("![").append(prefix).append(" per second, ").append(level).append("](bench-").append(prefix)
                    .append('-').append(name).append(".svg)\n");
        }
        return md.toString();
    }

    private String run() {
        StringBuilder md = new StringBuilder();
        if (smoke) {
            md.append("> **SMOKE RUN.** One short iteration per benchmark on the smallest parameters, to show that the\n")
                    .append("> suite and this report work. These figures are not measurements.\n\n");
        }
        md.append("Generated ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        generated.atOffset(ZoneOffset.UTC).withNano(0))).append(" UTC by `scripts/bench.sh` from ")
                .append(String.join(", ", sources.stream().map(s -> "`" + s + "`").toList()))
                .append(duration.isEmpty() ? "" : "; the run took " + duration).append(".\n\n");
        Set<String> jvms = new LinkedHashSet<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (JmhResult r : results.all()) {
            jvms.add(r.run().jvm() + " (JDK " + r.run().jdkVersion() + ")");
            settings.putIfAbsent(r.className(), r.mode() + "; " + r.run().describe() + "; JVM args "
                    + (r.run().jvmArgs().isEmpty() ? "none" : "`" + String.join(" ", r.run().jvmArgs()) + "`"));
        }
        md.append(new MdTable(6, List.of("processors (`nproc`)", "CPU", "RAM", "OS", "JVM", "JMH"))
                .row(List.of(Integer.toString(machine.processors()), machine.cpuModel(), machine.memory(), machine.os(),
                        String.join("; ", jvms), results.all().stream().map(r -> r.run().jmhVersion())
                                .filter(v -> !v.isEmpty()).findFirst().orElse("n/a"))));
        md.append('\n');
        MdTable t = new MdTable(2, List.of("benchmark", "settings"));
        settings.forEach((k, v) -> t.row(List.of(k, v)));
        return md.append(t).toString();
    }

    private String targets() {
        List<Targets.Target> judged = Targets.judge(results);
        MdTable t = new MdTable(2, List.of("target", "goal", "measured (99.9% interval)", "verdict"));
        Map<Verdict, Integer> count = new LinkedHashMap<>();
        for (Targets.Target x : judged) {
            t.row(List.of(x.name(), x.goal(), x.measured(), x.verdict().text()));
            count.merge(x.verdict(), 1, Integer::sum);
        }
        StringBuilder md = new StringBuilder(t.toString()).append('\n');
        List<String> counts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            counts.add(count.getOrDefault(v, 0) + " " + v.text().replace("*", ""));
        }
        return md.append(judged.size()).append(" targets: ").append(String.join(", ", counts))
                .append(smoke ? " (smoke run: the verdicts mean nothing)." : ".").append('\n').toString();
    }

    private String append() {
        MdTable t = new MdTable(3, List.of("durability", "value", "writers", "appends/s", "bytes per write",
                "MB/s (appends/s × bytes per write)"));
        for (JmhResult r : results.of(WRITES, "put", x -> Results.subject(x).map(s -> s.isOurs()
                && s.storage() == Subject.Storage.FILES).orElse(false))) {
            Estimate rate = Results.figure(r);
            double fileBytes = r.secondary("fileBytes").map(JmhResult.Metric::meanPerIteration).orElse(Double.NaN);
            double writes = r.secondary("writes").map(JmhResult.Metric::meanPerIteration).orElse(Double.NaN);
            double perWrite = fileBytes / writes;
            t.row(List.of(r.param("subject").orElse("?"), Format.bytes(intParam(r, "valueBytes")),
                    Integer.toString(r.threads()), Format.estimate(rate), Format.number(perWrite),
                    Format.estimate(rate.times(perWrite / 1e6))));
        }
        return t.isEmpty() ? "_Journal appends: not measured in this run._\n" : t + "\nBytes per write: what the"
                + " journal files grew by in each iteration (measured after closing the store) over the writes made"
                + " in it, averaged over iterations; MB means 10^6 bytes, and its interval is that of appends/s.\n";
    }

    private String heap() {
        StringBuilder md = new StringBuilder();
        MdTable perKey = new MdTable(2, List.of("subject", "value", "bytes per live key", "bytes per retained transition"));
        for (JmhResult r : results.of("HeapFootprint", "perKey", x -> true)) {
            perKey.row(List.of(r.param("subject").orElse("?"), r.param("value").orElse("?"),
                    Format.number(r.primary().score()), Format.number(r.secondary("bytesPerTransition")
                            .map(JmhResult.Metric::score).orElse(Double.NaN))));
        }
        md.append(perKey.isEmpty() ? "_Heap per key: not measured in this run._\n" : perKey.toString()).append('\n');
        MdTable history = new MdTable(4, List.of("measured", "subject", "options", "writes", "heap MB"));
        for (JmhResult r : results.of("HeapFootprint", null, x -> !x.method().equals("perKey"))) {
            history.row(List.of(r.method(), r.param("subject").orElse("?"), r.param("options").orElse(""),
                    Format.count(intParam(r, "writes")), Format.number(r.primary().score() / 1e6)));
        }
        md.append(history.isEmpty() ? "_Heap against history length: not measured in this run._\n" : history.toString());
        return md.append("\n![heap against history length](bench-heap.svg)\n").toString();
    }

    /**
     * Returns PostgreSQL beside the synced JSONL journal: writes, reads and conditional writes at
     * 1, 4 and 16 threads, and the feed's write-to-delivery time.
     */
    private String postgres() {
        MdTable t = new MdTable(2, List.of("operation", "threads", Subject.POSTGRES.label(),
                Subject.JSONL_SYNCED.label() + " (synced)", "PostgreSQL / JSONL", "unit"));
        boolean any = false;
        String[][] rows = {
            {"WriteBenchmark", "put", "set"},
            {"ReadBenchmark", "get", "get"},
            {"ConditionalWriteBenchmark", "setIfOneThread", "setIf"},
            {"ChangeFeedBenchmark", "writeToOnNext", "set to onNext"},
        };
        for (String[] row : rows) {
            for (int threads : List.of(1, 4, 16)) {
                Optional<JmhResult> pg = one(row[0], row[1], Subject.POSTGRES, threads);
                Optional<JmhResult> jsonl = one(row[0], row[1], Subject.JSONL_SYNCED, threads);
                if (pg.isEmpty() && jsonl.isEmpty()) {
                    continue;
                }
                any = true;
                String ratio = pg.isPresent() && jsonl.isPresent()
                        ? Format.ratio(Estimate.ratio(Results.figure(pg.get()), Results.figure(jsonl.get())))
                        : "n/a";
                t.row(List.of(row[2], Integer.toString(threads),
                        pg.map(r -> Format.estimate(Results.figure(r))).orElse("not measured"),
                        jsonl.map(r -> Format.estimate(Results.figure(r))).orElse("not measured"), ratio,
                        pg.or(() -> jsonl).map(Results::unit).orElse("")));
            }
        }
        return any ? t.toString() : "_Not measured in this run._\n";
    }

    /** Returns the result of {@code cls}'s method {@code method} (or operation) on {@code subject} at {@code threads}. */
    private Optional<JmhResult> one(String cls, String method, Subject subject, int threads) {
        return results.all().stream().filter(r -> r.className().equals(cls)
                && (r.method().equals(method) || r.operation().equals(method))
                && r.threads() == threads && r.param("subject").orElse("").equals(subject.name())
                && r.param("valueBytes").orElse("64").equals("64")).findFirst();
    }

    /** Returns a table of the latency percentiles of sample-time results. */
    private static String percentiles(List<JmhResult> rs) {
        if (rs.isEmpty()) {
            return "_Not measured in this run._\n";
        }
        MdTable t = new MdTable(2, List.of("subject", "parameters", "mean", "p50", "p99", "p99.9", "p99.99", "max",
                "unit"));
        for (JmhResult r : rs) {
            List<String> params = new ArrayList<>();
            r.params().forEach((k, v) -> {
                if (!k.equals("subject")) {
                    params.add(k + "=" + v);
                }
            });
            List<String> row = new ArrayList<>(List.of(r.param("subject").orElse(""), String.join(", ", params),
                    Format.estimate(r.primary().estimate())));
            for (double p : new double[] {50.0, 99.0, 99.9, 99.99, 100.0}) {
                Double v = r.primary().percentiles().get(p);
                row.add(v == null ? "n/a" : Format.number(v));
            }
            row.add(r.primary().unit());
            t.row(row);
        }
        return t.toString();
    }

    private static String listing(List<JmhResult> rs) {
        if (rs.isEmpty()) {
            return "_Not measured in this run._\n";
        }
        MdTable t = new MdTable(4, List.of("benchmark", "subject", "threads", "parameters", "score (99.9% interval)",
                "unit"));
        for (JmhResult r : rs) {
            List<String> params = new ArrayList<>();
            r.params().forEach((k, v) -> {
                if (!k.equals("subject")) {
                    params.add(k + "=" + v);
                }
            });
            t.row(List.of(r.method(), r.param("subject").orElse(""), Integer.toString(r.threads()),
                    String.join(", ", params), Format.estimate(Results.figure(r)), Results.unit(r)));
        }
        return t.toString();
    }
}
