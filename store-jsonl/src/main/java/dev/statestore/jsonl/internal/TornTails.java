package dev.statestore.jsonl.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The repair of a journal's unfinished last line: the bytes after the last {@code '\n'}
 * are copied to a side file {@code <name>.torn-<UTC time>} (fsynced), then cut off the journal
 * (fsynced, with its directory), so the next append starts on a clean line and nothing read is
 * thrown away. Stateless and thread-safe; the caller holds the journal's lock.
 */
public final class TornTails {

    private static final int COPY_CHUNK = 1 << 16;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

    private TornTails() {
    }

    /**
     * Returns the side file the bytes {@code [end, size)} of {@code journal} were moved to.
     *
     * @param journal the journal's path
     * @param file the journal, open for writing
     * @param io the file operations
     * @param end the offset just past the last complete line
     * @param size the file's size
     * @return the side file
     * @throws IOException if copying or cutting fails; the journal then still holds the tail, and a
     *     failed copy leaves no side file behind
     */
    public static Path cut(Path journal, JournalIo.JournalFile file, JournalIo io, long end, long size)
            throws IOException {
        Path side = sideFile(journal);
        JournalIo.JournalFile out = io.create(side); // if this fails, there is no side file of ours
        try (out; HeldFiles.Reader in = HeldFiles.openReader(journal)) {
            FileAccess.copyOrRestrict(journal, side); // the tail may hold a secret of the journal
            byte[] buffer = new byte[(int) Math.min(COPY_CHUNK, size - end)];
            long at = end;
            while (at < size) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - at), at);
                if (n <= 0) {
                    throw new IOException("the journal shrank while its torn tail was copied to " + side);
                }
                out.write(buffer, 0, n, at - end);
                at += n;
            }
            out.sync();
        } catch (IOException | RuntimeException e) {
            // An empty or partial copy is worth nothing: the journal still holds the tail.
            try {
                Files.deleteIfExists(side);
            } catch (IOException notRemoved) {
                e.addSuppressed(notRemoved);
            }
            throw e;
        }
        file.truncate(end);
        file.sync();
        io.syncDirectory(journal.getParent());
        return side;
    }

    private static Path sideFile(Path journal) {
        String stamp = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        Path side = journal.resolveSibling(journal.getFileName() + ".torn-" + stamp);
        for (int i = 1; Files.exists(side, LinkOption.NOFOLLOW_LINKS); i++) {
            side = journal.resolveSibling(journal.getFileName() + ".torn-" + stamp + "-" + i);
        }
        return side;
    }
}
