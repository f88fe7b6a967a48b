package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aFifoIsRefusedNamingThePathAndNothingIsCreated() throws Exception {
        Path fifo = dir.resolve("fifo.jsonl");
        run("mkfifo", fifo.toString());
        assertRefused(fifo, fifo, "FIFO");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), fifo.getFileName());
        assertRefused(link, fifo, "FIFO");
        assertEquals(List.of("fifo.jsonl", "link.jsonl"), names(dir));
    }

    @Test
    void characterDevicesAreRefusedNamingThePath() throws Exception {
        Path node = dir.resolve("null.jsonl");
        if (run("mknod", node.toString(), "c", "1", "3") == 0) {
            assertRefused(node, node, "character device");
            assertEquals(List.of("null.jsonl"), names(dir));
        }
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            List<String> before = names(devNull.getParent());
            assertRefused(devNull, devNull, "character device");
            assertEquals(before, names(devNull.getParent()), "files created in /dev");
        }
    }

    /** Opening {@code spelled} fails within seconds, naming {@code named} and its kind. */
    static void assertRefused(Path spelled, Path named, String kind) {
        StateStoreException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(StateStoreException.class, () -> JsonlStateStore.open(spelled).close()));
        assertTrue(e.getMessage().contains(named.toString()) && e.getMessage().contains(kind)
                && e.getMessage().contains("not a regular file"), e.getMessage());
    }

    static List<String> names(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        return p.exitValue();
    }
}
