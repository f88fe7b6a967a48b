package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read-only access: no lock taken, nothing repaired, tailing from an offset. */
class JournalReaderTest {

    @TempDir
    Path dir;

    @Test
    void readReportsEveryLineWithoutRepairingAnything() throws IOException {
        Path p = dir.resolve("j.jsonl");
        List<StateTransition> log = Journals.writeSample(p, 6, 1);
        Files.write(p, "garbage\n{\"key\":\"t\",\"new_v".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        byte[] before = Journals.bytes(p);
        List<JournalLine> lines = new ArrayList<>();
        ReplayReport r = JournalReader.read(p, lines::add);
        assertArrayEquals(before, Journals.bytes(p));
        assertEquals(7, r.linesRead());
        assertEquals(6, r.applied());
        assertEquals(17, r.tornBytes());
        assertEquals(before.length, r.fileBytes());
        assertEquals(List.of(new SkippedLine(7, r.skipped().get(0).reason())), r.skipped());
        assertEquals(log, lines.stream().filter(l -> l.transition().isPresent()).map(l -> l.transition().get()).toList());
        JournalLine bad = lines.get(6);
        assertEquals(7, bad.lineNumber());
        assertEquals("garbage".length(), bad.length());
        assertEquals(before.length - 17 - 8, bad.offset());
        assertTrue(bad.problem().isPresent());
    }

    @Test
    void readerWorksWhileAStoreHoldsTheJournal() {
        Path p = dir.resolve("held.jsonl");
        try (JsonlStateStore s = JsonlStateStore.open(p)) {
            s.set("a", Journals.NODES.numberNode(1), "w");
            List<JournalLine> lines = new ArrayList<>();
            JournalReader.read(p, lines::add);
            assertEquals(1, lines.size());
        }
    }

    @Test
    void readFromContinuesWhereTheLastCompleteLineEnded() throws IOException {
        Path p = dir.resolve("tail.jsonl");
        List<JournalLine> seen = new ArrayList<>();
        long offset;
        try (JsonlStateStore s = JsonlStateStore.open(p)) {
            s.set("a", Journals.NODES.numberNode(1), "w1");
            offset = JournalReader.readFrom(p, 0, 1, seen::add);
            assertEquals(Files.size(p), offset);
            s.set("b", Journals.NODES.numberNode(2), "w2");
            s.set("c", Journals.NODES.numberNode(3), "w3");
            Files.write(p, "{\"partial".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            long next = JournalReader.readFrom(p, offset, 2, seen::add);
            assertEquals(Files.size(p) - "{\"partial".length(), next);
            assertEquals(List.of(1L, 2L, 3L), seen.stream().map(JournalLine::lineNumber).toList());
            assertEquals(List.of("w1", "w2", "w3"), seen.stream().map(l -> l.transition().orElseThrow().actionId()).toList());
            assertEquals(next, JournalReader.readFrom(p, next, 4, seen::add));
            assertEquals(3, seen.size());
        }
    }

    @Test
    void missingFileAndBadArgumentsAreReported() {
        Path p = dir.resolve("none.jsonl");
        StateStoreException e = assertThrows(StateStoreException.class, () -> JournalReader.read(p, l -> { }));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JournalReader.readFrom(p, -1, 1, l -> { }));
        assertThrows(IllegalArgumentException.class, () -> JournalReader.readFrom(p, 0, 0, l -> { }));
    }
}
