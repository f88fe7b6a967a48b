package dev.statestore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * A thread plays a journal's checkpoints (a new checkpoint, then the manifest naming it, then
     * the old checkpoint removed) while the image is copied: the copy must hold the checkpoint
     * its manifest names, as every moment of the source does.
     */
    @Test
    void aQuiescentCopyIsTheFilesOfOneMoment() throws Exception {
        Path from = Files.createDirectories(dir.resolve("from"));
        Path layout = Files.createDirectories(from.resolve("store.jsonl.d"));
        Files.writeString(layout.resolve("checkpoint.0"), "state 0", StandardCharsets.UTF_8);
        Files.writeString(layout.resolve("manifest"), "checkpoint.0", StandardCharsets.UTF_8);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread checkpoints = new Thread(() -> {
            try {
                for (int n = 1; n <= 300; n++) {
                    Files.writeString(layout.resolve("checkpoint." + n), "state " + n, StandardCharsets.UTF_8);
                    // As the journal does: the manifest is replaced whole, by a rename.
                    Path temp = Files.writeString(layout.resolve("manifest.tmp"), "checkpoint." + n,
                            StandardCharsets.UTF_8);
                    Files.move(temp, layout.resolve("manifest"), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    Files.delete(layout.resolve("checkpoint." + (n - 1)));
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                failed.set(e);
            }
        });
        checkpoints.start();
        Path to = dir.resolve("to");
        for (int copies = 0; copies < 20 && checkpoints.isAlive(); copies++) {
            BenchFiles.copyQuiescent(from, to, name -> name.startsWith("store.jsonl"));
            Path copied = to.resolve("store.jsonl.d");
            String named = Files.readString(copied.resolve("manifest"), StandardCharsets.UTF_8);
            assertTrue(Files.exists(copied.resolve(named)), "the copy's manifest names " + named
                    + ", which the copy lacks");
            assertEquals("state " + named.substring("checkpoint.".length()),
                    Files.readString(copied.resolve(named), StandardCharsets.UTF_8));
        }
        checkpoints.join();
        assertEquals(null, failed.get(), "the thread playing the checkpoints failed");
    }
}
