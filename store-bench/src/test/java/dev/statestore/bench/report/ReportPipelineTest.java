package dev.statestore.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class ReportPipelineTest {

    @TempDir
    Path tmp;

    @Test
    void aFigureMeetsAGoalOnlyWhenItsWholeIntervalDoes() {
        assertEquals(Verdict.MET, new Estimate(1_200_000, 100_000).atLeast(1_000_000));
        assertEquals(Verdict.INCONCLUSIVE, new Estimate(1_074_186, 640_173).atLeast(1_000_000));
        assertEquals(Verdict.MISSED, new Estimate(800_000, 100_000).atLeast(1_000_000));
        assertEquals(Verdict.INCONCLUSIVE, new Estimate(2_000_000, Double.NaN).atLeast(1_000_000),
                "a figure without an interval decides nothing");
        assertEquals(Verdict.MET, new Estimate(1.0, 0.2).atMost(1.5));
        assertEquals(Verdict.MISSED, new Estimate(2.0, 0.2).atMost(1.5));
    }

    @Test
    void aRatioOfOverlappingIntervalsIsInconclusiveWhateverItsValue() {
        Estimate.Ratio reads = Estimate.ratio(new Estimate(592_663, 648_823), new Estimate(542_012, 509_705));
        assertEquals(592_663 / 542_012.0, reads.value(), 1e-9);
        assertFalse(reads.separated());
        assertEquals("1.09× (inconclusive)", Format.ratio(reads));
        Estimate.Ratio expiry = Estimate.ratio(new Estimate(179, 96.2), new Estimate(51.6, 4.42));
        assertTrue(expiry.separated());
        assertEquals("3.47× (separate)", Format.ratio(expiry));
        assertFalse(Estimate.ratio(new Estimate(10, Double.NaN), new Estimate(1, 0.1)).separated());
    }

    @Test
    void aRatioTargetTakesTheWidestRatioTheTwoIntervalsAllow() {
        Estimate.Ratio synced = Estimate.ratio(new Estimate(34_521, 9_886), new Estimate(7_098, 1_149));
        assertEquals(24_635 / 8_247.0, synced.lo(), 1e-9);
        assertEquals(44_407 / 5_949.0, synced.hi(), 1e-9);
        assertEquals(Verdict.MISSED, synced.atLeast(8));
        assertEquals(Verdict.INCONCLUSIVE, Estimate.ratio(new Estimate(929, 51.7), new Estimate(1188, 65)).atMost(0.8));
    }

    @Test
    void markersReplaceOnlyTheTextOfTheirBlocks() {
        String doc = "# T\n\nhand-written\n<!-- generated:a -->\nold a\n<!-- end:a -->\nmore prose\n"
                + "<!-- generated:b -->\nold b\n<!-- end:b -->\n";
        String filled = Markers.fill(doc, Map.of("a", "new a\n"));
        assertEquals("# T\n\nhand-written\n<!-- generated:a -->\nnew a\n<!-- end:a -->\nmore prose\n"
                + "<!-- generated:b -->\nold b\n<!-- end:b -->\n", filled);
        assertEquals(filled, Markers.fill(filled, Map.of("a", "new a\n")), "filling twice changes nothing");
    }

    @Test
    void aMissingOrUnclosedBlockIsNamedAndNothingIsWritten() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Markers.fill("# T\n", Map.of("targets", "x\n")));
        assertTrue(missing.getMessage().contains("<!-- generated:targets -->"), missing.getMessage());
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> Markers.blocks("<!-- generated:a -->\nx\n"));
        assertTrue(open.getMessage().contains("<!-- end:a -->"), open.getMessage());
    }

    @Test
    void everyRatioInASideBySideTableSaysWhetherTheIntervalsSeparate() {
        List<JmhResult> rs = List.of(
                result("WriteBenchmark.put1", "JSONL_SYNCED", 1, 5_121, 13_963),
                result("WriteBenchmark.put1", "SQLITE_SYNCED", 1, 5_242, 1_824),
                result("WriteBenchmark.put4", "JSONL_SYNCED", 4, 12_187, 5_216),
                result("WriteBenchmark.put4", "SQLITE_SYNCED", 4, 4_604, 240));
        String md = Comparisons.tables("Single-key writes", rs);
        assertTrue(md.contains("| 1 | 5,121 ± 13,963 | 5,242 ± 1,824 | 0.98× (inconclusive) |"), md);
        assertTrue(md.contains("| 4 | 12,187 ± 5,216 | 4,604 ± 240 | 2.65× (separate) |"), md);
        assertTrue(md.contains("2 comparisons, 0 with ours behind and the intervals separate, 1 inconclusive"), md);
    }

    @Test
    void targetsAreJudgedFromIntervalsAndMissingFiguresAreNotMeasured() throws Exception {
        Path json = tmp.resolve("r.json");
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        array.add(json("WriteBenchmark.put1", "JSONL_BUFFERED", 1, 1_074_186, 640_173));
        array.add(json("WriteBenchmark.put1", "JSONL_FLUSHED", 1, 473_667, 75_759));
        array.add(json("WriteBenchmark.put1", "JSONL_SYNCED", 1, 7_098, 1_149));
        array.add(json("WriteBenchmark.put16", "JSONL_SYNCED", 16, 34_521, 9_886));
        JsonMapper.builder().build().writeValue(json.toFile(), array);
        Results results = new Results(JmhResults.read(List.of(json)));
        Map<String, Verdict> verdicts = new java.util.LinkedHashMap<>();
        Targets.judge(results).forEach(t -> verdicts.put(t.name(), t.verdict()));
        assertEquals(Verdict.INCONCLUSIVE, verdicts.get("buffered appends, 64-byte values, 1 writer"));
        assertEquals(Verdict.MET, verdicts.get("flushed appends, 64-byte values, 1 writer"));
        assertEquals(Verdict.MISSED, verdicts.get("synced appends, 64-byte values: 16 writers vs 1 (group commit)"));
        assertEquals(Verdict.NOT_MEASURED, verdicts.get("reopen of a journal of 10^6 writes over 10^4 keys: its files' bytes per second of opening"));

        Path md = tmp.resolve("docs/benchmarks.md");
        ReportMain.run("--out", md.toString(), json.toString());
        String doc = Files.readString(md);
        assertTrue(doc.contains("| buffered appends, 64-byte values, 1 writer | >= 1,000,000/s | 1,074,186 ± 640,173/s"
                + " | inconclusive |"), doc);
        assertTrue(doc.contains("_Point reads: not measured in this run._"), doc);
        assertTrue(Files.readString(md.resolveSibling("bench-reopen.svg")).contains("no reopen results in this run"));
        String again = Files.readString(md);
        ReportMain.run("--out", md.toString(), json.toString());
        assertEquals(again.replaceAll("Generated [^ ]+ UTC", ""), Files.readString(md).replaceAll("Generated [^ ]+ UTC", ""),
                "regenerating from the same results gives the same document");
    }

    private static JmhResult result(String benchmark, String subject, int threads, double score, double error) {
        return new JmhResult("dev.statestore.bench." + benchmark, "thrpt", threads,
                Map.of("subject", subject, "valueBytes", "64"),
                new JmhResult.Metric(score, error, "ops/s", List.of(List.of(score)), new TreeMap<>()), Map.of(),
                new JmhResult.Run("1.37", "vm", "17", List.of(), 3, "2 x 2 s", "4 x 2 s"));
    }

    private static ObjectNode json(String benchmark, String subject, int threads, double score, double error) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("benchmark", "dev.statestore.bench." + benchmark);
        r.put("mode", "thrpt");
        r.put("threads", threads);
        r.put("forks", 3);
        r.put("jmhVersion", "1.37");
        r.putObject("params").put("subject", subject).put("valueBytes", "64").put("keys", "100000");
        ObjectNode m = r.putObject("primaryMetric");
        m.put("score", score);
        m.put("scoreError", error);
        m.put("scoreUnit", "ops/s");
        m.putArray("rawData").addArray().add(score);
        return r;
    }

    @Test
    void theRunBlockSaysWhenTheReportWasMadeAndHowLongTheRunTook() {
        Report r = new Report(new Results(List.of()), new Machine(2, "cpu", "1 GiB", "os"),
                Instant.parse("2026-01-02T03:04:05Z"), false, List.of("x.json"), "3 min");
        assertTrue(r.blocks().get("run").contains("Generated 2026-01-02T03:04:05 UTC"));
        assertTrue(r.blocks().get("run").contains("the run took 3 min"));
    }
}
