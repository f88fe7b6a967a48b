package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.jsonl.JournalReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The bad lines of a journal copied, byte for byte, into a side file
 * {@code <name>.bad-<UTC time>} beside it, before a rewrite drops them: as the store keeps a
 * torn last line in {@code <name>.torn-<UTC time>}, nothing a rewrite removes is lost without
 * a trace. The side file is written with {@code CREATE_NEW} (it never replaces a file) and
 * fsynced before the rewrite may start.
 *
 * <p>Call it while holding the journal open for writing, so no line is appended between the copy
 * and the rewrite. Stateless; streams the lines, so its memory does not grow with them.
 */
final class BadLineKeeper {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * What was kept.
     *
     * @param lines how many bad lines were copied
     * @param file the side file, empty when there was no bad line
     */
    record Kept(long lines, Optional<Path> file) {
    }

    private BadLineKeeper() {
    }

    /**
     * Copies every bad line of every file of {@code journal} (its checkpoint, sealed segments and
     * active file) into a new side file and returns what it kept.
     */
    static Kept keep(Path journal) {
        long[] count = {0};
        Path[] side = {null};
        FileChannel[] out = {null};
        try {
            for (Path file : Journals.layout(journal).files()) {
                if (file.getFileName().toString().endsWith(".json")) {
                    continue; // the manifest: one line, not a journal line
                }
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    JournalReader.read(file, line -> {
                        if (line.problem().isEmpty()) {
                            return;
                        }
                        try {
                            if (out[0] == null) {
                                side[0] = newSideFile(journal);
                                out[0] = FileChannel.open(side[0], StandardOpenOption.WRITE);
                            }
                            copy(in, line.offset(), line.length(), out[0]);
                            count[0]++;
                        } catch (IOException e) {
                            throw new StateStoreException("cannot keep the bad lines of " + file + " in " + side[0]
                                    + ": " + e + "; nothing was rewritten", e);
                        }
                    });
                }
            }
            if (out[0] != null) {
                out[0].force(true);
            }
        } catch (IOException e) {
            throw CliException.io("cannot keep the bad lines of " + journal + ": " + e + "; nothing was rewritten", e);
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        } finally {
            if (out[0] != null) {
                try {
                    out[0].close();
                } catch (IOException e) {
                    // forced above, or the failure was reported
                }
            }
        }
        return new Kept(count[0], Optional.ofNullable(side[0]));
    }

    private static void copy(FileChannel in, long offset, int length, FileChannel out) throws IOException {
        long done = 0;
        while (done < length) {
            long n = in.transferTo(offset + done, length - done, out);
            if (n <= 0) {
                throw new IOException("the journal ended at offset " + (offset + done) + ", inside a line");
            }
            done += n;
        }
        ByteBuffer newline = ByteBuffer.wrap(new byte[] {'\n'});
        while (newline.hasRemaining()) {
            out.write(newline);
        }
    }

    private static Path newSideFile(Path journal) throws IOException {
        String base = journal.getFileName() + ".bad-" + STAMP.format(Instant.now());
        for (int i = 0; ; i++) {
            Path side = journal.resolveSibling(i == 0 ? base : base + "-" + i);
            try {
                FileChannel.open(side, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return side;
            } catch (FileAlreadyExistsException e) {
                // taken: try the next name
            }
        }
    }
}
