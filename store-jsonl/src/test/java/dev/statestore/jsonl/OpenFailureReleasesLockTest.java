package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statestore.jsonl.internal.JournalIo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open that fails for any reason, an {@link Error} such as {@link OutOfMemoryError} included,
 * releases the journal's lock (the OS lock and the registry of journals open in this JVM), so the
 * journal can be opened again in the same process.
 */
class OpenFailureReleasesLockTest {

    @TempDir
    Path dir;

    Path journal() {
        return dir.resolve("e.jsonl");
    }

    /** Real file operations, except that the chosen one throws {@link #error}. */
    static final class ErrorIo implements JournalIo {
        final Error error = new OutOfMemoryError("injected: Java heap space");
        volatile boolean onTruncate;
        volatile boolean onDirectorySync;
        volatile boolean onTryLock;

        @Override
        public JournalFile open(Path path) throws IOException {
            JournalFile file = REAL.open(path);
            return new JournalFile() {
                @Override
                public long size() throws IOException {
                    return file.size();
                }

                @Override
                public void write(byte[] b, int off, int len, long position) throws IOException {
                    file.write(b, off, len, position);
                }

                @Override
                public void sync() throws IOException {
                    file.sync();
                }

                @Override
                public boolean tryLock() throws IOException {
                    if (onTryLock) {
                        throw error;
                    }
                    return file.tryLock();
                }

                @Override
                public void truncate(long size) throws IOException {
                    if (onTruncate) {
                        throw error;
                    }
                    file.truncate(size);
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
        }

        @Override
        public JournalFile create(Path path) throws IOException {
            return REAL.create(path);
        }

        @Override
        public void atomicMove(Path source, Path target) throws IOException {
            REAL.atomicMove(source, target);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            if (onDirectorySync) {
                throw error;
            }
            REAL.syncDirectory(directory);
        }
    }

    @Test
    void errorDuringReplayReleasesTheLockAndTheJournalReopensInThisJvm() throws IOException {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("k", Journals.NODES.numberNode(1), "w");
        }
        Files.write(journal(), "{\"key\":\"torn".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        ErrorIo io = new ErrorIo();
        io.onTruncate = true; // cutting the torn tail off is part of the replay
        Error thrown = assertThrows(OutOfMemoryError.class, () -> JsonlStateStore.builder(journal()).io(io).open());
        assertSame(io.error, thrown);
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertEquals(List.of("k"), s.keys());
            assertEquals(12, s.replayReport().tornBytes());
        }
    }

    @Test
    void errorWhileCreatingTheJournalReleasesTheLock() {
        ErrorIo io = new ErrorIo();
        io.onDirectorySync = true; // a new journal's directory entry is made durable on open
        assertThrows(OutOfMemoryError.class, () -> JsonlStateStore.builder(journal()).io(io).open());
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("k", Journals.NODES.numberNode(1), "w");
        }
    }

    @Test
    void failedLockAttemptLeavesNoLockBehindInThisJvm() {
        ErrorIo io = new ErrorIo();
        io.onTryLock = true; // taking the OS lock on the journal file fails
        assertThrows(OutOfMemoryError.class, () -> JsonlStateStore.builder(journal()).io(io).open());
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertEquals(List.of(), s.keys());
        }
    }
}
