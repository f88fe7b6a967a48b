package dev.statestore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store's image is all of its files: those beside the journal and those in its {@code .d} directory. */
class BenchFilesTest {

    @TempDir
    Path dir;

    @Test
    void aCopyTakesTheSubdirectoriesAndTheSizeCountsThem() throws Exception {
        Path from = Files.createDirectories(dir.resolve("from"));
        Files.writeString(from.resolve("store.jsonl"), "12345", StandardCharsets.UTF_8);
        Path layout = Files.createDirectories(from.resolve("store.jsonl.d"));
        Files.writeString(layout.resolve("store.checkpoint.0.7.jsonl"), "1234567", StandardCharsets.UTF_8);
        Files.writeString(from.resolve("other"), "x", StandardCharsets.UTF_8);

        Path to = dir.resolve("to");
        BenchFiles.copyFiles(from, to, name -> name.startsWith("store.jsonl"));

        assertEquals("12345", Files.readString(to.resolve("store.jsonl"), StandardCharsets.UTF_8));
        assertEquals("1234567", Files.readString(to.resolve("store.jsonl.d").resolve("store.checkpoint.0.7.jsonl"),
                StandardCharsets.UTF_8));
        assertFalse(Files.exists(to.resolve("other")), "names the filter refuses are not copied");
        assertEquals(12, BenchFiles.directorySize(to));
        assertEquals(13, BenchFiles.directorySize(from));
    }
}
