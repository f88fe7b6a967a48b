package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import dev.statestore.internal.CanonicalValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader applies the writer's rule: a line holding what {@code set} would refuse (a value
 * nested over the limit, an unpaired surrogate in a key, action id or value) is a bad line, skipped
 * with a warning naming file, line and reason and counted (strict recovery fails the open), and
 * {@link JournalReader}, which {@code verify} uses, reports it too. Otherwise the store would hold a
 * key it can neither print, delete, reap nor compact.
 */
class ReaderWriterAgreementTest {

    @TempDir
    Path dir;

    Path journal() {
        return dir.resolve("a.jsonl");
    }

    /** A car-state line (no op, no checksum) setting {@code key} to the JSON {@code value}. */
    static String line(String key, String value, String actionId) {
        return "{\"key\":\"" + key + "\",\"new_value\":" + value + ",\"action_id\":\"" + actionId
                + "\",\"timestamp\":\"2026-01-01T00:00:00Z\"}\n";
    }

    static String nested(int levels) {
        return "[".repeat(levels) + "1" + "]".repeat(levels);
    }

    /** Writes a good line, then {@code bad}, then another good line. */
    void writeAround(String bad) throws IOException {
        Files.writeString(journal(), line("before", "1", "w") + bad + line("after", "2", "w"), StandardCharsets.UTF_8);
    }

    /**
     * Asserts that strict recovery refuses line 2, and lenient replay skips it with a warning and a reason
     * containing {@code words}, keeps the lines around it, and can compact the journal afterwards.
     */
    void assertReplaySkipsLine2(String... words) throws IOException {
        StateStoreException strict = assertThrows(StateStoreException.class,
                () -> JsonlStateStore.open(journal(), Map.of("recovery", "strict")).close());
        assertTrue(strict.getMessage().contains("line 2: ") && strict.getMessage().contains(words[0]),
                strict.getMessage());
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            ReplayReport r = s.replayReport();
            assertEquals(2, r.applied(), r.toString());
            assertEquals(List.of(2L), r.skipped().stream().map(SkippedLine::lineNumber).toList(), r.toString());
            String reason = r.skipped().get(0).reason();
            for (String w : words) {
                assertTrue(reason.contains(w), "reason '" + reason + "' lacks '" + w + "'");
            }
            assertEquals(List.of("after", "before"), s.keys());
            s.compact();
        }
        String path = journal().toRealPath().toString();
        assertTrue(CapturedLogs.matching(m -> m.startsWith("WARNING") && m.contains(path) && m.contains(" line 2: ")
                && m.contains(words[0])).size() >= 1, "no warning naming file, line 2 and the reason");
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).strict(true).open()) {
            assertEquals(List.of("after", "before"), s.keys());
        }
    }

    /** Asserts that JournalReader (the verify path) reports line 2 as bad with a reason containing {@code word}. */
    void assertReaderReportsLine2(String word) {
        List<JournalLine> lines = new ArrayList<>();
        ReplayReport r = JournalReader.read(journal(), lines::add);
        assertEquals(List.of(2L), r.skipped().stream().map(SkippedLine::lineNumber).toList(), r.toString());
        assertTrue(lines.get(1).problem().orElseThrow().contains(word), lines.get(1).toString());
        assertTrue(lines.get(1).transition().isEmpty());
    }

    @Test
    void valueNestedAtTheLimitIsReadAndOneLevelDeeperIsABadLine() throws IOException {
        Files.writeString(journal(), line("deepest", nested(CanonicalValues.MAX_DEPTH), "w"), StandardCharsets.UTF_8);
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).strict(true).open()) {
            assertEquals(List.of("deepest"), s.keys());
        }
        writeAround(line("tooDeep", nested(CanonicalValues.MAX_DEPTH + 1), "w"));
        assertReaderReportsLine2("nesting");
        assertReplaySkipsLine2("nesting", String.valueOf(CanonicalValues.MAX_DEPTH));
    }

    @Test
    void keyWithAnUnpairedSurrogateIsABadLine() throws IOException {
        writeAround(line("k\\ud800", "1", "w"));
        assertReaderReportsLine2("surrogate");
        assertReplaySkipsLine2("surrogate", "key");
    }

    @Test
    void actionIdWithAnUnpairedSurrogateIsABadLine() throws IOException {
        writeAround(line("k", "1", "act\\udfff"));
        assertReaderReportsLine2("surrogate");
        assertReplaySkipsLine2("surrogate", "action_id");
    }

    @Test
    void valueStringWithAnUnpairedSurrogateIsABadLine() throws IOException {
        writeAround(line("k", "{\"a\":[\"x\\ud83d\"]}", "w"));
        assertReaderReportsLine2("surrogate");
        assertReplaySkipsLine2("surrogate", "/a/0");
    }

    @Test
    void propertyNameWithAnUnpairedSurrogateIsABadLine() throws IOException {
        writeAround(line("k", "{\"n\\udc00\":1}", "w"));
        assertReaderReportsLine2("surrogate");
        assertReplaySkipsLine2("surrogate", "property name");
    }

    @Test
    void oldValueWithAnUnpairedSurrogateIsABadLine() throws IOException {
        writeAround("{\"key\":\"k\",\"old_value\":\"\\ud800\",\"new_value\":1,\"action_id\":\"w\","
                + "\"timestamp\":\"2026-01-01T00:00:00Z\"}\n");
        assertReaderReportsLine2("surrogate");
        assertReplaySkipsLine2("surrogate", "old_value");
    }

    @Test
    void pairedSurrogatesWrittenAsEscapesAreRead() throws IOException {
        Files.writeString(journal(), line("k\\ud83d\\ude00", "\"\\ud83d\\ude00\"", "w\\ud83d\\ude00"),
                StandardCharsets.UTF_8);
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).strict(true).open()) {
            assertEquals(List.of("k\ud83d\ude00"), s.keys());
            assertEquals("w\ud83d\ude00", s.transitions().get(0).actionId());
            assertEquals("\ud83d\ude00", s.get("k\ud83d\ude00").orElseThrow().stringValue());
        }
    }
}
