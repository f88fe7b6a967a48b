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
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * Runs every benchmark once on every subject it declares, in this JVM ({@code forks = 0}), with
 * no warm-up, one short iteration and the smallest sizes, and the heap program on small sizes;
 * checks that each produced its figures; then fills a copy of {@code docs/benchmarks.md} from
 * that run. It proves the benchmarks and the report work, never how fast anything is.
 */
class BenchmarksSmokeTest {

    private static final String ALL = "^dev\\.statestore\\.bench\\.[A-Z]\\w*\\.\\w+$";

    @Test
    void everyBenchmarkRunsOnceOnEverySubjectAndTheDocumentIsFilledFromIt() throws Exception {
        assertTrue(StateStores.schemes().containsAll(Set.of("memory", "jsonl")),
                "both backends must be on the class path, found " + StateStores.schemes());
        Set<String> expected = declaredBenchmarks();
        for (String b : List.of("WriteBenchmark.put16", "WriteBenchmark.audited4", "WriteBenchmark.ttl1",
                "ReadBenchmark.get2", "ReopenBenchmark.openAndRead", "ExpiryBenchmark.expire",
                "ConditionalWriteBenchmark.casLoopContended", "ChangeFeedBenchmark.writeToOnNext")) {
            assertTrue(expected.contains("dev.statestore.bench." + b), "JMH's benchmark list lacks " + b + ": " + expected);
        }

        Path out = Paths.get("target", "smoke");
        Files.createDirectories(out);
        Path json = out.resolve("jmh-smoke.json");
        Options options = new OptionsBuilder()
                .include(ALL)
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .param("keys", "2000")
                .param("writes", "2000")
                .param("valueBytes", "64")
                .param("subscribers", "1")
                .shouldFailOnError(true)
                .output(out.resolve("jmh-smoke.log").toString())
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
        // With forks = 0 the benchmarks run here and read the scratch directory from this JVM.
        String before = System.setProperty(BenchFiles.DIR_PROPERTY, out.resolve("scratch").toAbsolutePath().toString());
        Collection<RunResult> results;
        Path heap;
        try {
            results = new Runner(options).run();
            heap = HeapFootprint.run("--out", out.resolve("heap-smoke.json").toString(), "--keys", "1000",
                    "--history-keys", "1000", "--writes", "2000");
            try (Stream<Path> left = Files.list(out.resolve("scratch"))) {
                assertEquals(List.of(), left.toList(), "every scratch directory is deleted");
            }
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
            String what = r.getParams().getBenchmark() + " " + r.getParams().getParam("subject");
            double score = r.getPrimaryResult().getScore();
            assertTrue(Double.isFinite(score) && score > 0, what + " scored " + score);
            for (String counter : countersOf(r)) {
                Result<?> aux = r.getSecondaryResults().get(counter);
                assertTrue(aux != null && aux.getScore() > 0, what + " reported no '" + counter + "': "
                        + r.getSecondaryResults().keySet());
            }
        }
        Set<Subject> written = results.stream().filter(r -> r.getParams().getBenchmark().endsWith(".put1"))
                .map(r -> Subject.valueOf(r.getParams().getParam("subject")))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Subject.class)));
        assertEquals(EnumSet.complementOf(EnumSet.of(Subject.POSTGRES)), written,
                "every subject but the one needing a database is written to");

        Path docs = Files.createDirectories(out.resolve("docs"));
        Path md = docs.resolve("benchmarks.md");
        Files.copy(Paths.get("..", "docs", "benchmarks.md"), md, StandardCopyOption.REPLACE_EXISTING);
        ReportMain.run("--smoke", "--out", md.toString(), json.toString(), heap.toString());
        String report = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(report.contains("SMOKE RUN"), "a smoke report must say so");
        for (String text : List.of("| JSONL_SYNCED | 64 B | 16 |", "| MEMORY | INT |", "(inconclusive)",
                "expiry of 1,000 keys, statestore memory: time at 10^6 keys vs 10^4 | <= 1.50× | not measured")) {
            assertTrue(report.contains(text), "the report lacks " + text + ":\n" + report);
        }
        for (String chart : List.of("bench-writes-synced.svg", "bench-reopen.svg", "bench-expiry.svg", "bench-heap.svg")) {
            assertTrue(Files.readString(docs.resolve(chart)).contains("<svg"), chart);
        }
    }

    private static Set<String> declaredBenchmarks() {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        return BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(quiet, VerboseMode.SILENT), List.of(ALL), List.of())
                .stream().map(BenchmarkListEntry::getUsername).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> countersOf(RunResult r) {
        String benchmark = r.getParams().getBenchmark();
        Subject subject = r.getParams().getParam("subject") == null ? null
                : Subject.valueOf(r.getParams().getParam("subject"));
        if (benchmark.contains("WriteBenchmark.put") && subject != null && subject.isOurs()
                && subject.storage() == Subject.Storage.FILES) {
            return List.of("writes", "fileBytes");
        }
        Map<String, List<String>> counters = Map.of("ReopenBenchmark", List.of("imageBytes"));
        String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
        return counters.getOrDefault(cls.substring(cls.lastIndexOf('.') + 1), List.of());
    }
}
