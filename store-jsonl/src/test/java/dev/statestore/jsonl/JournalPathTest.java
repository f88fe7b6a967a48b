package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which file a journal path names: the one the operating system means, symlinks and {@code ..} included. */
class JournalPathTest {

    @TempDir
    Path dir;

    @Test
    void dotDotAfterASymlinkedDirectoryIsResolvedAsTheOperatingSystemDoes() throws Exception {
        Path v2 = Files.createDirectories(dir.resolve("releases/v2"));
        Files.createSymbolicLink(dir.resolve("current"), dir.relativize(v2));
        Path spelled = dir.resolve("current/../state.jsonl");
        try (JsonlStateStore s = JsonlStateStore.open(spelled)) {
            s.set("a", Journals.NODES.numberNode(1), "w");
            assertEquals(dir.toRealPath().resolve("releases/state.jsonl"), s.path());
        }
        assertTrue(Files.exists(dir.resolve("releases/state.jsonl")));
        assertFalse(Files.exists(dir.resolve("state.jsonl")), "the textual normalization of the path was opened");
        try (JsonlStateStore s = JsonlStateStore.open(dir.resolve("releases/state.jsonl"))) {
            assertEquals(List.of("a"), s.keys());
        }
    }
}
