package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import dev.statestore.tck.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rewrite whose history ends at a revision that no state line carries (a restore to revision
 * {@code n} whose keys were written earlier, or deleted) ends the file with an {@code op:end} line,
 * so a reopened store numbers on from {@code n + 1}, as the live one does.
 */
class RewindEndLineTest {

    @TempDir
    Path dir;

    @Test
    void aReopenAfterARestoreNumbersOnFromTheRewindPoint() throws Exception {
        Path p = dir.resolve("r.jsonl");
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (JsonlStateStore s = JsonlStateStore.builder(p).clock(clock).open()) {
            s.set("a", Journals.NODES.numberNode(1), "w");             // 1
            s.set("b", Journals.NODES.numberNode(2), "w");             // 2
            s.delete("b", "w");                                         // 3
            s.set("c", Journals.NODES.numberNode(3), "w");             // 4
            s.set("c", Journals.NODES.numberNode(4), "w");             // 5
            s.restore(Map.of("a", Journals.NODES.numberNode(1)), 3);
            assertEquals(3, s.transitionCount());
        }
        List<String> lines = Files.readAllLines(p);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("\"rev\":3") && last.contains("\"op\":\"end\"") && last.contains("\"key\":\"\""),
                last);
        try (JsonlStateStore s = JsonlStateStore.builder(p).clock(clock).strict(true).open()) {
            assertEquals(3, s.transitionCount(), "the rewind point survives the reopen");
            assertEquals(List.of("a"), s.keys(), "the end line sets nothing");
            StateTransition next = s.set("d", Journals.NODES.numberNode(5), "w");
            assertEquals(4, next.revision());
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
        }
        try (JsonlStateStore s = JsonlStateStore.builder(p).clock(clock).strict(true).open()) {
            assertEquals(4, s.transitionCount());
            assertEquals(List.of("a", "d"), s.keys());
        }
    }

    @Test
    void aRewriteWhoseStateCarriesTheLatestRevisionWritesNoEndLine() throws Exception {
        Path p = dir.resolve("c.jsonl");
        try (JsonlStateStore s = JsonlStateStore.open(p)) {
            s.set("a", Journals.NODES.numberNode(1), "w");
            s.set("a", Journals.NODES.numberNode(2), "w");
            s.compact();
        }
        List<String> lines = Files.readAllLines(p);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"op\":\"state\""), lines.get(0));
    }
}
