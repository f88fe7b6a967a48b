package dev.statestore.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the report generator on a hand-made JMH result file ({@code results.json} beside this
 * class) whose figures meet some targets, miss others and leave some unmeasured.
 */
class BenchmarkReportTest {

    private static final Machine MACHINE = new Machine(2, "Test CPU", "4.0 GiB", "Linux");

    @TempDir
    Path dir;

    private static Path fixture() throws URISyntaxException {
        return Paths.get(BenchmarkReportTest.class.getResource("results.json").toURI());
    }

    private static Figures figures() throws URISyntaxException {
        return new Figures(JmhResults.read(List.of(fixture())));
    }

    @Test
    void reapTimePerTransitionDividesTheCallByTheTransitionsItReaped() throws Exception {
        // 20 ms per call reaping 10 stores of 10^4 transitions: 200 ns each.
        assertEquals(200.0, figures().reap("MEMORY", 10_000).orElseThrow().nanosPerTransition(), 1e-9);
        // 0.4 s/op is converted from seconds like ms/op is from milliseconds.
        assertEquals(400.0, figures().reap("JSONL_FLUSHED", 1_000_000).orElseThrow().nanosPerTransition(), 1e-9);
    }

    @Test
    void appendMegabytesPerSecondAreAppendsTimesMeasuredLineBytes() throws Exception {
        Figures.Append buffered = figures().append("JSONL_BUFFERED", 64, 1).orElseThrow();
        assertEquals(200.0, buffered.lineBytes(), 1e-9);
        assertEquals(240.0, buffered.megabytesPerSecond(), 1e-9);
    }

    @Test
    void replayRatesUseTheWorkOfOneOpenNotTheSumOverIterations() throws Exception {
        Figures.Replay r = figures().replay().get(0);
        assertEquals(1_000_000.0, r.linesPerSecond(), 1e-6);
        assertEquals(120.0, r.megabytesPerSecond(), 1e-9);
    }

    @Test
    void everyTargetIsJudgedMetMissedOrNotMeasured() throws Exception {
        Map<String, Targets.Verdict> v = Targets.judge(figures()).stream()
                .collect(Collectors.toMap(Targets.Target::name, Targets.Target::verdict));
        assertEquals(Targets.Verdict.MET, v.get("reap, memory: time per transition at 10^6 vs 10^4"), "1.5x is within 1.5x");
        assertEquals(Targets.Verdict.MISSED, v.get("reap, jsonl (flushed): time per transition at 10^6 vs 10^4"));
        assertEquals(Targets.Verdict.MET, v.get("buffered appends, 64-byte values, 1 writer"));
        assertEquals(Targets.Verdict.MISSED, v.get("flushed appends, 64-byte values, 1 writer"));
        assertEquals(Targets.Verdict.MET, v.get("synced appends, 64-byte values: 16 writers vs 1 (group commit)"));
        assertEquals(Targets.Verdict.MET, v.get("replay of 1,000,000 lines"));
        assertEquals(Targets.Verdict.MISSED, v.get("in-memory set, 1 thread: baseline ops/s over store ops/s"));
        assertEquals(Targets.Verdict.MET, v.get("in-memory get, 1 thread: baseline ops/s over store ops/s"),
                "10^4 ops/ms is 10^7 ops/s, 1.2x behind the baseline");
        assertEquals(Targets.Verdict.NOT_MEASURED, v.get("in-memory set, 2 threads: baseline ops/s over store ops/s"));
        assertEquals(10, v.size());
    }

    @Test
    void markdownPutsEachTargetsFigureBesideItsVerdict() throws Exception {
        String md = report(false).markdown("");
        assertTrue(md.contains("| flushed appends, 64-byte values, 1 writer | >= 200,000/s | 150,000/s | **missed** |"), md);
        assertTrue(md.contains("| synced appends, 64-byte values: 16 writers vs 1 (group commit) | >= 8.00x | 10.00x"), md);
        assertTrue(md.contains("5 of 10 targets met, 3 missed, 2 not measured."), md);
        assertTrue(md.contains("| 2 | Test CPU | 4.0 GiB | Linux |"), md);
        assertFalse(md.contains("SMOKE"), "a full run is not labelled a smoke run");
    }

    @Test
    void smokeRunIsLabelledInTheDocumentAndTheCharts() throws Exception {
        BenchmarkReport smoke = report(true);
        assertTrue(smoke.markdown("").contains("**SMOKE RUN.**"));
        assertTrue(smoke.charts().values().stream().allMatch(svg -> svg.contains("(SMOKE RUN)")));
    }

    @Test
    void chartsDrawOneLinePerReapedStoreAndOneBarPerAppendSetting() throws Exception {
        Map<String, String> charts = report(false).charts();
        assertEquals(2, count(charts.get(BenchmarkReport.REAP_CHART), "<polyline"));
        // Five append settings in the fixture: one bar each.
        assertEquals(5, count(charts.get(BenchmarkReport.APPEND_CHART), "<rect x=") - 1 - 3,
                "bars = rects - plot frame - legend swatches");
    }

    @Test
    void peerSectionIsCarriedOverVerbatimAcrossRegenerations() throws Exception {
        Path out = dir.resolve("docs/benchmarks.md");
        Files.createDirectories(out.getParent());
        String peers = "### Writes\n\n| store | ops/s |\n|---|---:|\n| rocksdb | 123 |\n";
        Files.writeString(out, "# old\n\n" + BenchmarkReport.PEERS_START + "\n" + peers + BenchmarkReport.PEERS_END + "\nold tail\n");
        ReportMain.run("--out", out.toString(), fixture().toString());
        ReportMain.run("--out", out.toString(), fixture().toString());
        String md = Files.readString(out);
        assertTrue(md.contains(BenchmarkReport.PEERS_START + "\n" + peers + BenchmarkReport.PEERS_END), md);
        assertFalse(md.contains("old tail"), "everything outside the markers is regenerated");
        assertTrue(Files.exists(out.resolveSibling(BenchmarkReport.REAP_CHART)));
        assertTrue(Files.exists(out.resolveSibling(BenchmarkReport.APPEND_CHART)));
    }

    @Test
    void closingNoteNamesTheTargetsAndKeepsHandWrittenNotes() throws Exception {
        String notes = "Replay misses its target: parsing dominates the profile.\n";
        String previous = BenchmarkReport.NOTES_START + "\n" + notes + BenchmarkReport.NOTES_END + "\n";
        String md = report(false).markdown(previous);
        String closing = md.substring(md.indexOf("## Closing note"));
        assertTrue(closing.contains("- Missed (3): reap, jsonl (flushed): time per transition at 10^6 vs 10^4; "
                + "flushed appends, 64-byte values, 1 writer; in-memory set, 1 thread: baseline ops/s over store ops/s."),
                closing);
        assertTrue(closing.contains("- Not measured (2): "), closing);
        assertTrue(closing.contains(BenchmarkReport.NOTES_START + "\n" + notes + BenchmarkReport.NOTES_END), closing);
    }

    @Test
    void peerSectionCanComeFromAnotherFile() throws Exception {
        Path from = dir.resolve("published.md");
        Files.writeString(from, BenchmarkReport.PEERS_START + "\npeer table\n" + BenchmarkReport.PEERS_END + "\n");
        Path out = ReportMain.run("--smoke", "--out", dir.resolve("smoke/benchmarks.md").toString(),
                "--peers-from", from.toString(), fixture().toString());
        assertTrue(Files.readString(out).contains(BenchmarkReport.PEERS_START + "\npeer table\n" + BenchmarkReport.PEERS_END));
    }

    @Test
    void documentWithoutPeerSectionGetsEmptyMarkersWithAPlaceholder() {
        String body = BenchmarkReport.peers("# no markers here\n");
        assertTrue(body.startsWith("_No side-by-side results yet"), body);
    }

    @Test
    void badArgumentsAreRefusedNamingTheProblem() throws Exception {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ReportMain.run("--colour", fixture().toString()));
        assertTrue(unknown.getMessage().contains("--colour"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ReportMain.run(dir.resolve("nope.json").toString()));
        assertTrue(missing.getMessage().contains("nope.json"), missing.getMessage());
        Path notJmh = dir.resolve("other.json");
        Files.writeString(notJmh, "{\"a\": 1}");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ReportMain.run("--out", dir.resolve("x.md").toString(), notJmh.toString()));
        assertTrue(wrong.getMessage().contains("other.json"), wrong.getMessage());
        assertFalse(Files.exists(dir.resolve("x.md")), "nothing is written on bad input");
    }

    @Test
    void machineFactsAreReadFromProcFiles() throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: Example CPU @ 2.0GHz\nprocessor\t: 1\n");
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24683520 kB\nMemFree: 1 kB\n");
        assertEquals("Example CPU @ 2.0GHz", Machine.cpuModel(cpuinfo));
        assertEquals("23.5 GiB", Machine.memory(meminfo));
        assertEquals("unknown", Machine.cpuModel(dir.resolve("absent")));
    }

    private static BenchmarkReport report(boolean smoke) throws URISyntaxException {
        return new BenchmarkReport(JmhResults.read(List.of(fixture())), MACHINE, Instant.parse("2026-01-02T03:04:05Z"),
                smoke, List.of("results.json"));
    }

    private static int count(String text, String needle) {
        return (int) text.lines().filter(l -> l.contains(needle)).count();
    }
}
