package dev.statestore.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the report generator on a small hand-written JMH result file: the tables, the ratios,
 * the lines naming where a peer is ahead, and that only the text between the markers changes.
 */
class PeerReportTest {

    @TempDir
    Path tmp;

    private static String result(String benchmark, String mode, int threads, String params, double score,
            String error, String unit) {
        return String.format(Locale.ROOT, "{\"jmhVersion\":\"1.37\",\"benchmark\":\"dev.statestore.bench.peers.%s\","
                + "\"mode\":\"%s\",\"threads\":%d,\"forks\":1,\"jvm\":\"/usr/bin/java\",\"jvmArgs\":[\"-Xmx3g\"],"
                + "\"jdkVersion\":\"17.0.15\",\"vmName\":\"OpenJDK 64-Bit Server VM\",\"vmVersion\":\"17.0.15+6\","
                + "\"warmupIterations\":2,\"warmupTime\":\"2 s\",\"warmupBatchSize\":1,"
                + "\"measurementIterations\":3,\"measurementTime\":\"2 s\",\"measurementBatchSize\":1,"
                + "\"params\":{%s},\"primaryMetric\":{\"score\":%s,\"scoreError\":%s,\"scoreUnit\":\"%s\"},"
                + "\"secondaryMetrics\":{}}", benchmark, mode, threads, params, score, error, unit);
    }

    private static String writes(String store, String durability, int threads, double score) {
        return result("PeerWriteBenchmark." + (threads == 1 ? "oneThread" : "fourThreads"), "thrpt", threads,
                "\"store\":\"" + store + "\",\"durability\":\"" + durability + "\",\"keys\":\"100000\"",
                score, "100.0", "ops/s");
    }

    private static String reopen(String store, double ms) {
        return result("PeerReopenBenchmark.openAndRead", "ss", 1,
                "\"store\":\"" + store + "\",\"shutdown\":\"CRASH\",\"keys\":\"100000\",\"churn\":\"10\"",
                ms, "\"NaN\"", "ms/op");
    }

    private static JmhResults sample() {
        String json = "[" + String.join(",",
                writes("STATESTORE_JSONL", "FLUSHED", 1, 200_000),
                writes("ROCKSDB", "FLUSHED", 1, 400_000),
                writes("SQLITE_WAL", "FLUSHED", 1, 50_000),
                writes("STATESTORE_JSONL", "SYNCED", 4, 8_000),
                writes("ROCKSDB", "SYNCED", 4, 4_000),
                reopen("STATESTORE_JSONL", 2000),
                reopen("H2_MVSTORE", 20)) + "]";
        return JmhResults.parse(json, "sample.json");
    }

    @Test
    void tablesShowEveryStoreAndTheRatioOfOursToEachPeer() {
        String md = new PeerReport(sample(), "sample.json", "2 cores, ext4", false).render();
        assertTrue(md.contains("| threads | durability | statestore JSONL | SQLite WAL | RocksDB | ours/SQLite WAL | ours/RocksDB |"), md);
        assertTrue(md.contains("| 1 | FLUSHED | 200,000 ± 100 | 50,000 ± 100 | 400,000 ± 100 | 4.00× | 0.50× |"), md);
        assertTrue(md.contains("| 4 | SYNCED | 8,000 ± 100 | – | 4,000 ± 100 | – | 2.00× |"), md);
        assertTrue(md.contains("`keys` = 100000"), "fixed sizes go to the caption: " + md);
        assertTrue(md.contains("| CRASH | 2,000 | 20.0 | 100× |"), md);
        assertTrue(md.contains("lower is better"), md);
        assertTrue(md.contains("1 fork, 2 warm-up + 3 measured iterations of 2 s"), md);
        assertTrue(md.contains("1 fork, 2 warm-up + 3 measured single shots"), md);
        assertTrue(md.contains("2 cores, ext4") && md.contains("OpenJDK 64-Bit Server VM 17.0.15+6"), md);
        for (PeerKind kind : PeerKind.values()) {
            assertTrue(md.contains(kind.setup()), "settings of " + kind);
        }
    }

    @Test
    void everyPeerAheadOfOursIsNamedWithWhyAndWhatWouldChangeIt() {
        String md = new PeerReport(sample(), "sample.json", "", false).render();
        assertTrue(md.contains("- **RocksDB** is ahead on 1 thread, FLUSHED: 2.00× ours. Why: RocksDB appends"), md);
        assertFalse(md.contains("**SQLite WAL** is ahead"), "SQLite is behind ours in the sample: " + md);
        assertFalse(md.contains("is ahead on 4 threads, SYNCED"), "ours leads there: " + md);
        assertTrue(md.contains("- **H2 MVStore** is ahead on CRASH: 100× ours. Why: ours reads and parses every journal line"), md);
        assertTrue(md.contains("What would change that: bounding replay"), md);
        String closing = md.substring(md.indexOf("### Where ours is behind"));
        assertTrue(closing.contains("- Single-key writes, 1 thread, FLUSHED: behind RocksDB (2.00×)."), closing);
        assertTrue(closing.contains("- Reopen and recovery, CRASH: behind H2 MVStore (100×)."), closing);
        assertTrue(md.contains("### 3. Point reads") && md.contains("_Not in this run._"), md);
    }

    @Test
    void aSmokeRunSaysItsFiguresMeanNothing() {
        String md = new PeerReport(sample(), "sample.json", "", true).render();
        assertTrue(md.contains("**Smoke run**"), md);
    }

    @Test
    void sectionIsAppendedWithMarkersWhenTheFileHasNone() throws Exception {
        Path file = tmp.resolve("benchmarks.md");
        Files.writeString(file, "# Benchmarks\n\nCore figures.\n");
        PeerReport.writeSection(file, "NEW\n");
        assertEquals("# Benchmarks\n\nCore figures.\n\n" + PeerReport.START + "\nNEW\n" + PeerReport.END + "\n",
                Files.readString(file));
    }

    @Test
    void sectionReplacesOnlyTheTextBetweenTheMarkers() throws Exception {
        Path file = tmp.resolve("benchmarks.md");
        Files.writeString(file, "before\n" + PeerReport.START + "\nOLD\nOLD\n" + PeerReport.END + "\nafter\n");
        PeerReport.writeSection(file, "NEW\n");
        assertEquals("before\n" + PeerReport.START + "\nNEW\n" + PeerReport.END + "\nafter\n", Files.readString(file));
    }

    @Test
    void aMissingFileIsCreatedWithATitleAndTheMarkers() throws Exception {
        Path file = tmp.resolve("docs").resolve("benchmarks.md");
        PeerReport.writeSection(file, "NEW\n");
        assertEquals("# Benchmarks\n\n" + PeerReport.START + "\nNEW\n" + PeerReport.END + "\n", Files.readString(file));
    }

    @Test
    void brokenMarkersAreRefusedAndTheFileIsLeftAlone() throws Exception {
        Path file = tmp.resolve("benchmarks.md");
        String broken = "x\n" + PeerReport.END + "\n" + PeerReport.START + "\n";
        Files.writeString(file, broken);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerReport.writeSection(file, "NEW\n"));
        assertTrue(e.getMessage().contains(PeerReport.START), e.getMessage());
        assertEquals(broken, Files.readString(file));
        assertThrows(IllegalArgumentException.class,
                () -> PeerReport.splice("a\n" + PeerReport.START + "\n", "NEW\n"));
    }

    @Test
    void resultsThatAreNotJmhJsonAreRefusedNamingTheFile() {
        IllegalArgumentException notArray = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.parse("{\"benchmark\":\"x\"}", "run.json"));
        assertTrue(notArray.getMessage().contains("run.json"), notArray.getMessage());
        IllegalArgumentException noScore = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.parse("[{\"benchmark\":\"a.B.c\"}]", "run.json"));
        assertTrue(noScore.getMessage().contains("primaryMetric"), noScore.getMessage());
    }
}
