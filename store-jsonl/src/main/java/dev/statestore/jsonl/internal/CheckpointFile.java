package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.spi.Journal;
import java.io.IOException;
import java.io.SyncFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes and reads checkpoint files: one {@code op:state} line per live key, sorted by key, each
 * with its original revision, version, timestamp and TTL. A checkpoint is written to a temp file,
 * given the journal's owner, group and mode before any byte is in it, fsynced and renamed to its
 * final name; the manifest that names it (with its size, line count and CRC-32C) commits it.
 *
 * <p>Stateless and thread-safe; an {@link LineEncoder} is passed in.
 */
public final class CheckpointFile {

    private static final int CHUNK = 1 << 20;

    private CheckpointFile() {
    }

    /**
     * A checkpoint written and renamed into place, not yet named by a manifest.
     *
     * @param path its path
     * @param lines its line count
     * @param bytes its size
     * @param crc the CRC-32C of its bytes
     */
    public record Written(Path path, long lines, long bytes, int crc) {
    }

    /**
     * Writes the checkpoint of {@code epoch} after {@code revision}.
     *
     * @param files the layout's names
     * @param temp the temp file to write it in first
     * @param io the file operations
     * @param encoder the encoder to use (not shared with a writer meanwhile)
     * @param epoch the epoch
     * @param revision the revision the state is after
     * @param state each live key's latest write, sorted by key
     * @return the written file
     * @throws SyncFailedException if the fsync fails (the journal must refuse writes)
     * @throws IOException if writing fails otherwise; the temp file is removed
     */
    public static Written write(LayoutFiles files, Path temp, JournalIo io, LineEncoder encoder, long epoch,
            long revision, Iterable<StateTransition> state) throws IOException {
        Path target = files.checkpoint(epoch, revision);
        Files.deleteIfExists(temp);
        JournalIo.JournalFile out = io.create(temp);
        boolean done = false;
        try {
            FileAccess.copyOrRestrict(files.journal(), temp);
            CRC32C crc = new CRC32C();
            byte[] chunk = new byte[CHUNK];
            int used = 0;
            long size = 0;
            long lines = 0;
            for (StateTransition t : state) {
                int n = encoder.encode(t, true);
                byte[] line = encoder.buffer();
                crc.update(line, 0, n);
                lines++;
                if (used + n > chunk.length) {
                    out.write(chunk, 0, used, size);
                    size += used;
                    used = 0;
                    if (n > chunk.length) {
                        out.write(line, 0, n, size);
                        size += n;
                        continue;
                    }
                }
                System.arraycopy(line, 0, chunk, used, n);
                used += n;
            }
            out.write(chunk, 0, used, size);
            size += used;
            try {
                out.sync();
            } catch (IOException e) {
                SyncFailedException failed = new SyncFailedException("fsync of " + temp + " failed: "
                        + IoMessages.describe(e));
                failed.initCause(e);
                throw failed;
            }
            out.close();
            io.atomicMove(temp, target);
            done = true;
            return new Written(target, lines, size, (int) crc.getValue());
        } finally {
            if (!done) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the temp file is removed below; its failure does not change the outcome
                }
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * What reading a checkpoint found.
     *
     * @param lines complete lines read
     * @param bytes bytes read, up to the end of the last complete line
     * @param crc the CRC-32C of those bytes
     * @param tornBytes bytes after the last complete line
     * @param applied lines handed to the sink
     */
    public record Read(long lines, long bytes, int crc, long tornBytes, long applied) {

        /**
         * Returns why the checkpoint does not match its manifest, or {@code null} when it does.
         *
         * @param m the manifest naming it
         * @return the mismatch in words, or {@code null}
         */
        public String mismatch(Manifest m) {
            if (tornBytes > 0) {
                return "it ends in " + tornBytes + " bytes of an unfinished line";
            }
            if (bytes != m.bytes() || lines != m.lines()) {
                return "it has " + lines + " lines in " + bytes + " bytes where its manifest says " + m.lines()
                        + " lines in " + m.bytes() + " bytes";
            }
            if (crc != m.checkpointCrc()) {
                return "its crc32c is " + Manifest.hex(crc) + " where its manifest says " + Manifest.hex(m.checkpointCrc());
            }
            return null;
        }
    }

    /**
     * Reads the checkpoint at {@code path} into {@code sink}, each line through
     * {@link Journal.ReplaySink#state}; bad lines go to {@code problems}.
     *
     * @param path the checkpoint
     * @param sink receives the state lines
     * @param problems receives bad lines
     * @return what was read, for checking against the manifest
     * @throws IOException if the file cannot be read
     */
    public static Read read(Path path, Journal.ReplaySink sink, LineReplay.Problems problems) throws IOException {
        LineReplay replay = new LineReplay(path, sink, problems, 0, Long.MAX_VALUE, 0, true, null);
        CRC32C crc = new CRC32C();
        LineScanner.Sink checked = new LineScanner.Sink() {
            @Override
            public void line(long lineNumber, long offset, byte[] b, int off, int len) {
                replay.line(lineNumber, offset, b, off, len);
            }

            @Override
            public void lines(byte[] b, int off, int len) {
                crc.update(b, off, len);
            }

            @Override
            public void overlong(long lineNumber, long offset, long length) {
                replay.overlong(lineNumber, offset, length);
            }
        };
        LineScanner.Result r = LineScanner.scan(path, 0, 1, checked);
        return new Read(r.lines(), r.endOfLastLine(), (int) crc.getValue(), r.tornBytes(), replay.applied());
    }
}
