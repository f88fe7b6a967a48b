package dev.statestore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStores;
import dev.statestore.bench.report.ReportMain;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark of {@code dev.statestore.bench} once, in this JVM ({@code forks = 0}),
 * with no warm-up, one short iteration and the smallest sizes, and checks that each produced a
 * result with its figures; then generates the report from that run. It proves the benchmarks
 * work, never how fast anything is. The peer benchmarks in {@code dev.statestore.bench.peers}
 * are not included.
 */
class BenchmarksSmokeTest {

    /** The core benchmarks: classes directly in {@code dev.statestore.bench}. */
    private static final String CORE = "^dev\\.statestore\\.bench\\.[A-Z]\\w*\\.\\w+$";

    @Test
    void everyBenchmarkRunsOnceAndReportsItsFigures() throws Exception {
        assertTrue(StateStores.schemes().containsAll(Set.of("memory", "jsonl")),
                "both backends must be on the class path, found " + StateStores.schemes());
        Set<String> expected = declaredBenchmarks();
        assertTrue(expected.containsAll(Set.of(
                        ReapBenchmark.class.getName() + ".reap",
                        JournalAppendBenchmark.class.getName() + ".oneWriter",
                        JournalAppendBenchmark.class.getName() + ".sixteenWriters",
                        ReplayBenchmark.class.getName() + ".open",
                        InMemoryOpsBenchmark.class.getName() + ".setTwoThreads",
                        FootprintBenchmark.class.getName() + ".measure")),
                "JMH's benchmark list lacks some benchmarks: " + expected);

        Path out = Paths.get("target", "smoke");
        Files.createDirectories(out);
        Path json = out.resolve("jmh-smoke.json");
        Options options = new OptionsBuilder()
                .include(CORE)
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("transitions", "1000")
                .param("lines", "1000")
                .param("keys", "1000")
                .param("valueBytes", "64")
                .shouldFailOnError(true)
                .output(out.resolve("jmh-smoke.log").toString())
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
        // With forks = 0 the benchmarks run here and read the scratch directory from this JVM.
        String before = System.setProperty(BenchFiles.DIR_PROPERTY, out.resolve("scratch").toAbsolutePath().toString());
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } finally {
            if (before == null) {
                System.clearProperty(BenchFiles.DIR_PROPERTY);
            } else {
                System.setProperty(BenchFiles.DIR_PROPERTY, before);
            }
        }

        Set<String> ran = results.stream().map(r -> r.getParams().getBenchmark())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, ran, "every benchmark must produce a result");
        for (RunResult r : results) {
            String what = r.getParams().getBenchmark() + " " + paramsOf(r);
            double score = r.getPrimaryResult().getScore();
            assertTrue(Double.isFinite(score) && score > 0, what + " scored " + score);
            for (String counter : countersOf(r.getParams().getBenchmark())) {
                Result<?> aux = r.getSecondaryResults().get(counter);
                assertTrue(aux != null && aux.getScore() > 0, what + " reported no '" + counter + "': "
                        + r.getSecondaryResults().keySet());
            }
        }
        assertEquals(Set.of("JSONL_BUFFERED", "JSONL_FLUSHED", "JSONL_SYNCED"), results.stream()
                .filter(r -> r.getParams().getBenchmark().contains("JournalAppendBenchmark"))
                .map(r -> r.getParams().getParam("store")).collect(Collectors.toSet()),
                "every durability mode must be appended to");
        assertEquals(Set.of("MEMORY", "JSONL_FLUSHED"), results.stream()
                .filter(r -> r.getParams().getBenchmark().contains("ReapBenchmark"))
                .map(r -> r.getParams().getParam("store")).collect(Collectors.toSet()),
                "both backends must be reaped");

        Path md = ReportMain.run("--smoke", "--out", out.resolve("docs/benchmarks.md").toString(), json.toString());
        String report = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(report.contains("SMOKE RUN"), "a smoke report must say so");
        for (String row : List.of("| memory | 1,000 |", "| jsonl (flushed) | 1,000 |", "| jsonl (synced) | 64 B | 16 |",
                "| set | 2 |", "| statestore | small number |")) {
            assertTrue(report.contains(row), "the report lacks the row starting " + row + ":\n" + report);
        }
        assertTrue(Files.readString(md.resolveSibling("bench-reap.svg")).contains("<polyline"));
        assertTrue(Files.readString(md.resolveSibling("bench-append.svg")).contains("<rect x="));
    }

    private static Set<String> declaredBenchmarks() {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        return BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(quiet, VerboseMode.SILENT), List.of(CORE), List.of())
                .stream().map(BenchmarkListEntry::getUsername).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> countersOf(String benchmark) {
        Map<String, List<String>> counters = Map.of(
                "ReapBenchmark", List.of("transitions"),
                "JournalAppendBenchmark", List.of("journalBytes"),
                "ReplayBenchmark", List.of("lines", "journalBytes"),
                "FootprintBenchmark", List.of("bytesPerKey", "bytesPerTransition"));
        String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
        return counters.getOrDefault(cls.substring(cls.lastIndexOf('.') + 1), List.of());
    }

    private static String paramsOf(RunResult r) {
        StringBuilder sb = new StringBuilder();
        for (Object k : r.getParams().getParamsKeys()) {
            sb.append(k).append('=').append(r.getParams().getParam((String) k)).append(' ');
        }
        return sb.toString().trim();
    }
}
