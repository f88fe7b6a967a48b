package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import dev.statestore.jsonl.internal.JournalPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a journal keeps beside it: named so that they cannot be a user's, and touched only when they are ours. */
class JournalFilesTest {

    @TempDir
    Path dir;

    Path journal() {
        return dir.resolve("x.jsonl");
    }

    static void writeJournal(Path p, String key) {
        try (JsonlStateStore s = JsonlStateStore.open(p)) {
            s.set(key, Journals.NODES.numberNode(1), "w");
        }
    }

    static List<String> keysOf(Path p) {
        try (JsonlStateStore s = JsonlStateStore.open(p)) {
            return s.keys();
        }
    }

    @Test
    void openingAndRewritingAJournalLeavesOtherJournalsNamedAfterItAlone() {
        List<String> neighbours = List.of("x.jsonl.lock", "x.jsonl.tmp", "x.jsonl.torn", "x.jsonl.bak");
        for (String name : neighbours) {
            writeJournal(dir.resolve(name), "key-of-" + name);
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("a", Journals.NODES.numberNode(1), "w");
            s.compact();
            s.replaceAll(Map.of("b", Journals.NODES.numberNode(2)));
        }
        assertEquals(List.of("b"), keysOf(journal()));
        for (String name : neighbours) {
            assertEquals(List.of("key-of-" + name), keysOf(dir.resolve(name)), name);
        }
    }

    @Test
    void aStaleTempFileOfOursIsRemovedOnOpen() throws Exception {
        writeJournal(journal(), "a");
        Path temp = JournalPaths.tempFile(journal());
        Files.writeString(temp, "{\"half a rewrite\"");
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertFalse(Files.exists(temp));
            assertEquals(List.of("a"), s.keys());
            s.compact();
        }
        assertEquals(List.of(), Journals.filesStartingWith(dir, ".x.jsonl"));
    }

    @Test
    void aFileAtTheTempNameThatIsNotOursIsLeftAloneAndNamedWhenItIsInTheWay() throws Exception {
        Path temp = JournalPaths.tempFile(journal());
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "keep me");
        Files.createSymbolicLink(temp, elsewhere.getFileName());
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertTrue(Files.isSymbolicLink(temp), "a symlink at the temp name was removed");
            s.set("a", Journals.NODES.numberNode(1), "w");
            StateStoreException e = assertThrows(StateStoreException.class, s::compact);
            assertTrue(e.getMessage().contains(temp.toString()) && e.getMessage().contains("unchanged"), e.getMessage());
            s.set("b", Journals.NODES.numberNode(2), "w");
        }
        assertEquals("keep me", Files.readString(elsewhere));
        assertEquals(List.of("a", "b"), keysOf(journal()));
    }

    @Test
    void aJournalOpenUnderTheTempNameIsNeitherRemovedNorOverwritten() throws Exception {
        Path temp = JournalPaths.tempFile(journal());
        writeJournal(journal(), "a");
        try (JsonlStateStore other = JsonlStateStore.open(temp)) {
            other.set("mine", Journals.NODES.numberNode(1), "w");
            try (JsonlStateStore s = JsonlStateStore.open(journal())) {
                assertThrows(StateStoreException.class, s::compact);
                assertEquals(List.of("a"), s.keys());
            }
            other.set("still-mine", Journals.NODES.numberNode(2), "w");
        }
        assertEquals(List.of("mine", "still-mine"), keysOf(temp));
        assertEquals(List.of("a"), keysOf(journal()));
    }
}
