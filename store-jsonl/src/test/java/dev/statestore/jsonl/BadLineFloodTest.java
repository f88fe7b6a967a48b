package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal of a million bad lines is replayed, and read by {@link JournalReader}, in a child JVM
 * whose heap could not hold a record of each: both count every bad line and keep only the first
 * {@link ReplayReport#MAX_SKIPPED_KEPT}. (Keeping them all needs some 150 MB here.)
 */
class BadLineFloodTest {

    private static final int BAD_LINES = 1_000_000;
    private static final String HEAP = "-Xmx32m";

    @TempDir
    Path dir;

    /** Writes a good line, {@link #BAD_LINES} bad ones of three kinds, and another good line. */
    private static void writeFlood(Path journal) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(journal), 1 << 16)) {
            out.write(ReaderWriterAgreementTest.line("first", "1", "w").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < BAD_LINES; i++) {
                String bad;
                switch (i % 3) {
                    case 0:
                        bad = "garbage line " + i + "\n";
                        break;
                    case 1:
                        bad = "{\"key\":\"k" + i + "\"}\n";
                        break;
                    default:
                        bad = "{\"key\":\"k" + i + "\",\"new_value\":1,\"action_id\":\"w\",\"timestamp\":"
                                + "\"2026-01-01T00:00:00Z\",\"op\":\"set\",\"crc32c\":\"00000000\"}\n";
                        break;
                }
                out.write(bad.getBytes(StandardCharsets.UTF_8));
            }
            out.write(ReaderWriterAgreementTest.line("last", "2", "w").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void millionsOfBadLinesAreCountedAndOnlyTheFirstAreKeptSoASmallHeapReadsThem() throws Exception {
        Path journal = dir.resolve("flood.jsonl");
        writeFlood(journal);
        List<String> out = new CopyOnWriteArrayList<>();
        int exit;
        try (ChildJvm child = ChildJvm.start(List.of(HEAP), FloodMain.class, out::add, journal.toString())) {
            exit = child.await(300);
            assertEquals(0, exit, "the child failed; stdout " + out + ", stderr " + child.stderr);
        }
        long lines = BAD_LINES + 2L;
        String counts = "lines=" + lines + " applied=2 skipped=" + BAD_LINES + " kept=" + ReplayReport.MAX_SKIPPED_KEPT
                + " first=2 last=" + (ReplayReport.MAX_SKIPPED_KEPT + 1);
        assertEquals(List.of("OPENED " + counts + " keys=[first, last]", "READ " + counts), out);
    }

    @Test
    void aReportListsTheFirstBadLinesAndCountsThemAll() throws IOException {
        Path journal = dir.resolve("some.jsonl");
        StringBuilder text = new StringBuilder();
        int bad = ReplayReport.MAX_SKIPPED_KEPT + 5;
        for (int i = 0; i < bad; i++) {
            text.append("bad ").append(i).append('\n');
        }
        Files.writeString(journal, text);
        try (JsonlStateStore s = JsonlStateStore.open(journal)) {
            ReplayReport r = s.replayReport();
            assertEquals(bad, r.skippedCount());
            assertEquals(ReplayReport.MAX_SKIPPED_KEPT, r.skipped().size());
            assertEquals(1, r.skipped().get(0).lineNumber());
            assertTrue(r.skipped().get(0).reason().startsWith("malformed JSON"), r.skipped().get(0).reason());
        }
        String path = journal.toRealPath().toString();
        assertTrue(CapturedLogs.matching(m -> m.contains(path) && m.contains("skipped " + bad + " bad line(s)")
                && m.contains("lists the first " + ReplayReport.MAX_SKIPPED_KEPT)).size() == 1);
    }
}
