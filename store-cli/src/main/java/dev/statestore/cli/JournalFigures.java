package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JournalReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Figures of a journal's files that the reports print besides the state: the bytes of all files,
 * the complete lines of a file, an unfinished last line, the oldest revision the history on disk
 * holds. Each is read from the files as they are now, without a lock.
 *
 * <p>Stateless.
 */
final class JournalFigures {

    private JournalFigures() {
    }

    /** Stops a read at the first valid line. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /** Returns the bytes of every file of a journal (its layout's files; the one file of version 1). */
    static long totalBytes(Path journal) {
        try {
            return LayoutSizes.of(JournalLayout.read(journal)).totalBytes();
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
    }

    /**
     * Returns the bytes after the last newline of {@code file}: an unfinished last line, which a
     * writer may still be writing, or which a crash left and the next open cuts off.
     */
    static long tornBytes(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long end = size;
            while (end > 0) {
                long start = Math.max(0, end - buf.capacity());
                buf.clear().limit((int) (end - start));
                while (buf.hasRemaining()) {
                    if (ch.read(buf, start + buf.position()) < 0) {
                        return 0; // cut short under the reader: nothing after a newline is left to count
                    }
                }
                for (int i = (int) (end - start) - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        return size - (start + i + 1);
                    }
                }
                end = start;
            }
            return size;
        } catch (IOException e) {
            throw CliException.io("cannot read " + file + ": " + e, e);
        }
    }

    /** Returns how many newlines {@code file} holds: its complete lines; 0 for a file removed meanwhile. */
    static long countLines(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long lines = 0;
            long at = 0;
            int n;
            while ((n = ch.read(buf.clear(), at)) > 0) {
                at += n;
                for (int i = 0; i < n; i++) {
                    if (buf.get(i) == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw CliException.io("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Returns the oldest revision the journal's files hold as history: the first of the oldest
     * segment (by its name), or else that of the active file's first valid line (1 for a line
     * without a revision, as a replay numbers it); one past {@code latest} when there is none.
     */
    static long oldestRevision(JournalLayout layout, long latest) {
        if (!layout.segments().isEmpty()) {
            try {
                return layout.oldestRevision();
            } catch (StateStoreException e) {
                throw CliException.io(e.getMessage(), e);
            }
        }
        long[] first = {-1};
        try {
            JournalReader.read(layout.journal(), line -> {
                if (line.transition().isPresent()) {
                    first[0] = line.transition().get().revision();
                    throw new Stop();
                }
            });
        } catch (Stop stop) {
            // found the first valid line
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
        if (first[0] < 0) {
            return latest + 1;
        }
        return first[0] == 0 ? 1 : first[0];
    }
}
