package dev.statestore.bench.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Returns {@code docs/benchmarks.md} and its SVG charts as text, built from JMH results: the
 * machine and JVM, every target with its measured figure and verdict, one table per benchmark,
 * and the side-by-side section of the peer benchmark, kept as it was.
 *
 * <p>Immutable; thread-safe.
 */
public final class BenchmarkReport {

    /** Opens the section the peer benchmark owns; the report keeps what lies between the markers. */
    public static final String PEERS_START = "<!-- peers:start -->";
    /** Closes the section the peer benchmark owns. */
    public static final String PEERS_END = "<!-- peers:end -->";
    /** Opens the hand-written notes on the results (what was profiled, what is left); kept like the peers'. */
    public static final String NOTES_START = "<!-- notes:start -->";
    /** Closes the hand-written notes. */
    public static final String NOTES_END = "<!-- notes:end -->";
    /** The file name of the reap chart, next to the Markdown file. */
    public static final String REAP_CHART = "bench-reap.svg";
    /** The file name of the append chart, next to the Markdown file. */
    public static final String APPEND_CHART = "bench-append.svg";

    private static final String PEERS_PLACEHOLDER =
            "_No side-by-side results yet: the peer benchmark writes its tables between these markers._";
    private static final String NOTES_PLACEHOLDER =
            "_No notes yet: explain each missed target here (profile, cause, what would fix it). Text between these"
            + " markers survives regeneration._";

    private final List<JmhResult> results;
    private final Figures figures;
    private final Machine machine;
    private final Instant generated;
    private final boolean smoke;
    private final List<String> sources;

    /**
     * Creates a report.
     *
     * @param results the JMH results
     * @param machine the machine they were measured on
     * @param generated when the report is made
     * @param smoke whether the results come from a smoke run, which the report then says loudly
     * @param sources the names of the JSON files read, for the record
     */
    public BenchmarkReport(List<JmhResult> results, Machine machine, Instant generated, boolean smoke,
            List<String> sources) {
        this.results = List.copyOf(results);
        this.figures = new Figures(results);
        this.machine = machine;
        this.generated = generated;
        this.smoke = smoke;
        this.sources = List.copyOf(sources);
    }

    /**
     * Returns the figures the report is built from.
     *
     * @return the figures
     */
    public Figures figures() {
        return figures;
    }

    /**
     * Returns the Markdown document.
     *
     * @param previous the existing document, whose peer section (between {@link #PEERS_START} and
     *     {@link #PEERS_END}) and notes (between {@link #NOTES_START} and {@link #NOTES_END}) are
     *     carried over; empty when there is none
     * @return the document
     */
    public String markdown(String previous) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        if (smoke) {
            md.append("> **SMOKE RUN.** One short iteration per benchmark on the smallest parameters, to show that the\n")
                    .append("> suite and this report work. These figures are not measurements; `scripts/bench.sh` without\n")
                    .append("> `--smoke` produces the real ones.\n\n");
        }
        md.append("Generated ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        generated.atOffset(ZoneOffset.UTC).withNano(0))).append(" UTC by `scripts/bench.sh` ")
                .append("(`dev.statestore.bench.report.ReportMain`) from the JMH results ")
                .append(String.join(", ", sources.stream().map(s -> "`" + s + "`").toList()))
                .append(". Scores are means over the measured iterations with JMH's 99.9% error where it gives one; ")
                .append("MB means 10^6 bytes. Compare ratios within one run: these machines are shared and absolute ")
                .append("times drift between runs.\n\n");
        machine(md);
        targets(md);
        reap(md);
        append(md);
        replay(md);
        ops(md);
        footprint(md);
        md.append("## Side by side with other embedded stores\n\n")
                .append(PEERS_START).append('\n').append(peers(previous)).append(PEERS_END).append("\n\n");
        closing(md, previous);
        reproduce(md);
        return md.toString();
    }

    /**
     * Returns the charts, by file name.
     *
     * @return file name to SVG document
     */
    public Map<String, String> charts() {
        Map<String, String> charts = new LinkedHashMap<>();
        List<SvgChart.Series> series = new ArrayList<>();
        for (String store : new TreeSet<>(figures.reap().stream().map(Figures.Reap::store).toList())) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Figures.Reap r : figures.reap()) {
                if (r.store().equals(store)) {
                    xs.add((double) r.transitions());
                    ys.add(r.nanosPerTransition());
                }
            }
            series.add(new SvgChart.Series(Targets.label(store), xs, ys));
        }
        charts.put(REAP_CHART, SvgChart.lineChart("reapExpired: time per transition" + (smoke ? " (SMOKE RUN)" : ""),
                "transitions in the store (log scale)", "ns per transition", series, true));
        Map<String, Figures.Append> groupOf = new LinkedHashMap<>();
        Set<Integer> threadSet = new TreeSet<>();
        for (Figures.Append a : figures.append()) {
            threadSet.add(a.threads());
            groupOf.putIfAbsent(a.store() + "/" + a.valueBytes(), a);
        }
        List<Integer> threads = new ArrayList<>(threadSet);
        List<String> groups = new ArrayList<>();
        double[][] values = new double[groupOf.size()][threads.size()];
        int g = 0;
        for (Figures.Append first : groupOf.values()) {
            groups.add(first.store().replace("JSONL_", "").toLowerCase(Locale.ROOT) + "\n" + bytes(first.valueBytes()));
            for (int t = 0; t < threads.size(); t++) {
                values[g][t] = figures.append(first.store(), first.valueBytes(), threads.get(t))
                        .map(Figures.Append::opsPerSecond).orElse(Double.NaN);
            }
            g++;
        }
        charts.put(APPEND_CHART, SvgChart.barChart("JSONL appends per second" + (smoke ? " (SMOKE RUN)" : ""),
                "set calls per second (log scale)", groups,
                threads.stream().map(t -> t + (t == 1 ? " writer" : " writers")).toList(), values, true));
        return charts;
    }

    /**
     * Returns the text between the peer markers of {@code previous}, with its line breaks, or a
     * placeholder line when it has no such section.
     *
     * @param previous the previous document, possibly empty
     * @return the section's body
     */
    static String peers(String previous) {
        return preserved(previous, PEERS_START, PEERS_END, PEERS_PLACEHOLDER);
    }

    private static String preserved(String previous, String startMarker, String endMarker, String placeholder) {
        int start = previous.indexOf(startMarker);
        int end = previous.indexOf(endMarker);
        if (start < 0 || end < start) {
            return placeholder + "\n";
        }
        String body = previous.substring(start + startMarker.length(), end);
        if (body.startsWith("\n")) {
            body = body.substring(1);
        }
        return body.isEmpty() || body.endsWith("\n") ? body : body + "\n";
    }

    private void machine(StringBuilder md) {
        Set<String> jvms = new LinkedHashSet<>();
        Set<String> jmh = new LinkedHashSet<>();
        for (JmhResult r : results) {
            jvms.add(r.jvm() + " (JDK " + r.jdkVersion() + ")");
            jmh.add(r.jmhVersion());
        }
        md.append("## Machine\n\n| processors (`nproc`) | CPU | RAM | OS | JVM | JMH |\n|---|---|---|---|---|---|\n")
                .append("| ").append(machine.processors()).append(" | ").append(cell(machine.cpuModel())).append(" | ")
                .append(machine.memory()).append(" | ").append(cell(machine.os())).append(" | ")
                .append(cell(String.join("; ", jvms))).append(" | ").append(String.join(", ", jmh)).append(" |\n\n");
        Map<String, String> settings = new LinkedHashMap<>();
        for (JmhResult r : results) {
            settings.putIfAbsent(r.className(), r.mode() + "; " + r.settings() + "; JVM args "
                    + (r.jvmArgs().isEmpty() ? "none" : "`" + String.join(" ", r.jvmArgs()) + "`"));
        }
        md.append("| benchmark | JMH settings |\n|---|---|\n");
        settings.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
        md.append('\n');
    }

    private void targets(StringBuilder md) {
        List<Targets.Target> judged = Targets.judge(figures);
        md.append("## Targets\n\n| target | goal | measured | verdict |\n|---|---|---|---|\n");
        for (Targets.Target t : judged) {
            md.append("| ").append(cell(t.name())).append(" | ").append(cell(t.goal())).append(" | ")
                    .append(cell(t.measured())).append(" | ").append(verdict(t.verdict())).append(" |\n");
        }
        long met = judged.stream().filter(t -> t.verdict() == Targets.Verdict.MET).count();
        long missed = judged.stream().filter(t -> t.verdict() == Targets.Verdict.MISSED).count();
        md.append("\n").append(met).append(" of ").append(judged.size()).append(" targets met, ").append(missed)
                .append(" missed, ").append(judged.size() - met - missed).append(" not measured")
                .append(smoke ? " (smoke run: the verdicts mean nothing)." : ".").append("\n\n");
    }

    private void reap(StringBuilder md) {
        md.append("## 1. Reap (`ReapBenchmark`)\n\n`reapExpired` on stores of n transitions (one per key, 10% expired); ")
                .append("for JSONL the time includes the compaction rewrite. Store building is outside the timing. ")
                .append("The time per transition should stay flat as n grows.\n\n")
                .append("| store | n | ms per call | transitions per call | ns per transition | vs n = 10^4 |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (Figures.Reap r : figures.reap()) {
            String rel = figures.reap(r.store(), Targets.REAP_SMALL)
                    .map(s -> Format.ratio(r.nanosPerTransition() / s.nanosPerTransition())).orElse("n/a");
            md.append("| ").append(Targets.label(r.store())).append(" | ").append(Format.number(r.transitions()))
                    .append(" | ").append(Format.withError(r.secondsPerCall() * 1e3, r.errorSecondsPerCall() * 1e3))
                    .append(" | ").append(Format.number(r.transitionsPerCall())).append(" | ")
                    .append(Format.number(r.nanosPerTransition())).append(" | ").append(rel).append(" |\n");
        }
        md.append("\n![reap time per transition](").append(REAP_CHART).append(")\n\n");
    }

    private void append(StringBuilder md) {
        md.append("## 2. Journal appends (`JournalAppendBenchmark`)\n\n`set` of a JSON object of the given size, ")
                .append("each writer overwriting its own 1024 keys; a call returns when the durability mode's promise holds. ")
                .append("Line bytes are measured on a scratch journal; MB/s = appends/s x line bytes.\n\n")
                .append("| durability | value | writers | appends/s | line bytes | MB/s |\n|---|---:|---:|---:|---:|---:|\n");
        for (Figures.Append a : figures.append()) {
            md.append("| ").append(Targets.label(a.store())).append(" | ").append(bytes(a.valueBytes())).append(" | ")
                    .append(a.threads()).append(" | ").append(Format.withError(a.opsPerSecond(), a.error()))
                    .append(" | ").append(Format.number(a.lineBytes())).append(" | ")
                    .append(Format.number(a.megabytesPerSecond())).append(" |\n");
        }
        md.append("\n![appends per second](").append(APPEND_CHART).append(")\n\n");
    }

    private void replay(StringBuilder md) {
        md.append("## 3. Replay (`ReplayBenchmark`)\n\nOpening a store on a journal of n lines (64-byte values, ")
                .append("ten writes per key); the journal is in the page cache.\n\n")
                .append("| store | lines | journal MB | ms per open | lines/s | MB/s |\n|---|---:|---:|---:|---:|---:|\n");
        for (Figures.Replay r : figures.replay()) {
            md.append("| ").append(Targets.label(r.store())).append(" | ").append(Format.number(r.lines())).append(" | ")
                    .append(Format.number(r.journalBytes() / 1e6)).append(" | ")
                    .append(Format.withError(r.secondsPerOpen() * 1e3, r.errorSeconds() * 1e3)).append(" | ")
                    .append(Format.number(r.linesPerSecond())).append(" | ")
                    .append(Format.number(r.megabytesPerSecond())).append(" |\n");
        }
        md.append('\n');
    }

    private void ops(StringBuilder md) {
        md.append("## 4. In-memory get and set (`InMemoryOpsBenchmark`)\n\n`statestore:memory:` beside a ")
                .append("`ConcurrentHashMap` plus an append-only list doing the same deep copies and keeping one record ")
                .append("per write (`BaselineStore`), 64-byte values, 16,384 keys, same run.\n\n")
                .append("| operation | threads | store ops/s | baseline ops/s | slowdown (baseline/store) |\n")
                .append("|---|---:|---:|---:|---:|\n");
        for (Figures.Ops o : figures.ops()) {
            md.append("| ").append(o.operation()).append(" | ").append(o.threads()).append(" | ")
                    .append(Format.withError(o.store(), o.storeError())).append(" | ")
                    .append(Format.withError(o.baseline(), o.baselineError())).append(" | ")
                    .append(Format.ratio(o.slowdown())).append(" |\n");
        }
        md.append('\n');
    }

    private void footprint(StringBuilder md) {
        md.append("## 5. Heap footprint (`FootprintBenchmark`)\n\nMeasured with JOL (`GraphLayout`): the exact ")
                .append("sizes of every object reachable from the store, as this JVM lays them out, so no GC noise. ")
                .append("Per key: growth from the empty store to one write per key (the key, its value, its entry and ")
                .append("its first transition). Per transition: growth from one more write per key (the transition, ")
                .append("its copy of the new value, its log slot).\n\n")
                .append("| subject | value | bytes per live key | bytes per retained transition |\n|---|---|---:|---:|\n");
        for (Figures.Footprint f : figures.footprint()) {
            md.append("| ").append(f.subject().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(f.value().equals("INT") ? "small number" : "64-byte object").append(" | ")
                    .append(Format.number(f.bytesPerKey())).append(" | ")
                    .append(Format.number(f.bytesPerTransition())).append(" |\n");
        }
        md.append('\n');
    }

    private void closing(StringBuilder md, String previous) {
        List<Targets.Target> judged = Targets.judge(figures);
        md.append("## Closing note\n\n");
        if (smoke) {
            md.append("Smoke run: no target is judged.\n\n");
        } else {
            for (Targets.Verdict v : Targets.Verdict.values()) {
                List<String> names = judged.stream().filter(t -> t.verdict() == v).map(Targets.Target::name).toList();
                md.append("- ").append(switch (v) {
                    case MET -> "Met";
                    case MISSED -> "Missed";
                    case NOT_MEASURED -> "Not measured";
                }).append(" (").append(names.size()).append("): ")
                        .append(names.isEmpty() ? "none" : String.join("; ", names)).append(".\n");
            }
            md.append('\n');
        }
        md.append(NOTES_START).append('\n').append(preserved(previous, NOTES_START, NOTES_END, NOTES_PLACEHOLDER))
                .append(NOTES_END).append("\n\n");
    }

    private static void reproduce(StringBuilder md) {
        md.append("## Reproduce\n\n```\nscripts/bench.sh            # full run, 15 to 20 minutes on 2 cores\n")
                .append("scripts/bench.sh --smoke    # every benchmark once, 1 to 3 minutes; writes to store-bench/target\n")
                .append("```\n\nOne benchmark: `java -jar store-bench/target/benchmarks.jar ReapBenchmark -p store=MEMORY`; ")
                .append("each class's javadoc says what it measures and how.\n");
    }

    private static String verdict(Targets.Verdict v) {
        return switch (v) {
            case MET -> "met";
            case MISSED -> "**missed**";
            case NOT_MEASURED -> "not measured";
        };
    }

    private static String bytes(int n) {
        return n % 1024 == 0 ? n / 1024 + " KiB" : n + " B";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
