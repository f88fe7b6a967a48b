package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.jsonl.JournalLine;
import dev.statestore.jsonl.JournalReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The lines appended to a journal file since the last poll, for {@code tail -f}, and
 * notices when the file was rewritten (compacted, reaped, replaced) instead of reading a new
 * file from an offset that belonged to the old one.
 *
 * <p>How a rewrite is told from an append, by two checks that cannot be fooled by a rewrite:
 * <ul>
 *   <li>The follower keeps the file it reads <em>open</em>. While it is open its inode cannot
 *       be freed, so no new file can get its inode number: when the path's file key
 *       ({@code dev}, {@code ino}) differs from the held file's, the path names another file.
 *       Comparing inode numbers without holding the file is not enough: file systems such as
 *       ext4 hand the freed numbers out again, so after two rewrites between polls the path can
 *       show the old number.</li>
 *   <li>Before reading on from its offset it checks that the held file is not shorter than the
 *       offset and that its first and last 4 KiB before the offset still have the CRC-32C they
 *       had when read: this catches a file rewritten in place (same inode) and platforms without
 *       file keys.</li>
 * </ul>
 * New lines are read after those checks and kept back until the checks pass again after the
 * read, so no line of another file is ever handed over as an append.
 *
 * <p>After a rewrite the follower reads the new file from its start and hands over the lines
 * whose transition is later than the latest one it had seen (by timestamp): the writes since the
 * last poll that the rewrite kept (a compaction keeps each live key's latest write with its
 * timestamp). A write that a rewrite dropped (an overwritten value, a deleted or reaped key) is
 * gone from the file and cannot be shown.
 *
 * <p>Not thread-safe: one thread polls. Holds the file open between polls; {@link #close()}
 * releases it.
 */
final class JournalFollower implements AutoCloseable {

    /** Bytes at the head of the file and before the offset whose checksums must not change. */
    static final int FINGERPRINT_BYTES = 4096;

    /** What a poll found. */
    enum Change {
        /** The file did not change. */
        NONE,
        /** Lines were appended. */
        APPENDED,
        /** The file was rewritten or replaced; the follower now follows the new one. */
        REWRITTEN,
        /** The path names no file at the moment; the follower waits for one. */
        MISSING
    }

    private final Path journal;
    private final Consumer<String> problems;
    private FileChannel held;
    private Object heldKey;
    private long offset;
    private long lastLine;
    private Instant latestSeen;
    private long headCrc;
    private long tailCrc;

    /**
     * Returns a follower of {@code journal}; {@code problems} receives one line for each bad
     * line read.
     */
    JournalFollower(Path journal, Consumer<String> problems) {
        this.journal = journal;
        this.problems = problems;
    }

    /**
     * Opens the file and hands every line it holds to {@code sink}, oldest first. Its bad lines
     * are reported as one summary (their count and the first), not one by one: the file may hold
     * millions of them, or be no journal at all.
     */
    void start(Consumer<JournalLine> sink) {
        open();
        long[] bad = {0};
        String[] first = {null};
        offset = read(0, 1, line -> {
            if (line.problem().isPresent() && bad[0]++ == 0) {
                first[0] = "line " + line.lineNumber() + ": " + line.problem().get();
            }
            handOver(line, sink, null);
        }, false);
        if (bad[0] > 0) {
            problems.accept(journal + " holds " + Text.plural(bad[0], "bad line", "bad lines") + ", skipped (first: "
                    + first[0] + "); verify lists them");
        }
        fingerprint();
    }

    /** Returns the number of the last line read, 0 before any. */
    long lastLine() {
        return lastLine;
    }

    /**
     * Hands the lines appended since the last call to {@code sink} and returns what changed.
     * After a rewrite, {@code sink} receives the lines of the new file written after the latest
     * transition seen before it.
     */
    Change poll(Consumer<JournalLine> sink) {
        Object key = pathKey();
        if (key == null && !Files.exists(journal)) {
            return Change.MISSING;
        }
        if (!sameFile(key) || heldSize() < offset || !fingerprintHolds()) {
            return rewritten(sink);
        }
        if (heldSize() == offset) {
            return Change.NONE;
        }
        List<JournalLine> lines = new ArrayList<>();
        long end = read(offset, lastLine + 1, lines::add, true);
        if (!sameFile(pathKey()) || !fingerprintHolds()) {
            return rewritten(sink); // the path changed during the read: what was read may be another file
        }
        offset = end;
        lines.forEach(line -> handOver(line, sink, null));
        fingerprint();
        return lines.isEmpty() ? Change.NONE : Change.APPENDED;
    }

    private Change rewritten(Consumer<JournalLine> sink) {
        Instant seen = latestSeen;
        closeHeld();
        open();
        lastLine = 0;
        offset = read(0, 1, line -> handOver(line, sink, seen), true);
        fingerprint();
        return Change.REWRITTEN;
    }

    /**
     * Hands one line over, if {@code after} is {@code null} or its transition is later than
     * {@code after} (after a rewrite), and notes its number and the latest timestamp seen. The
     * lines of a whole file go through here one by one, so the follower never holds a file.
     */
    private void handOver(JournalLine line, Consumer<JournalLine> sink, Instant after) {
        lastLine = line.lineNumber();
        Instant at = line.transition().map(t -> t.timestamp()).orElse(null);
        if (after == null || (at != null && at.isAfter(after))) {
            sink.accept(line);
        }
        if (at != null && (latestSeen == null || at.isAfter(latestSeen))) {
            latestSeen = at;
        }
    }

    /** Reads from {@code from}, reporting each bad line if {@code report}; a read from 0 is guarded. */
    private long read(long from, long firstLine, Consumer<JournalLine> sink, boolean report) {
        JournalGuard guard = new JournalGuard(journal);
        try {
            return JournalReader.readFrom(journal, from, firstLine, line -> {
                if (from == 0) {
                    guard.check(line);
                }
                if (report) {
                    line.problem().ifPresent(p -> problems.accept("line " + line.lineNumber() + " skipped: " + p));
                }
                sink.accept(line);
            });
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
    }

    /** Opens the file the path names and notes its key, retrying while the path changes under it. */
    private void open() {
        for (int attempt = 0; ; attempt++) {
            Object before = pathKey();
            FileChannel ch;
            try {
                ch = FileChannel.open(journal, StandardOpenOption.READ);
            } catch (IOException e) {
                throw CliException.io("cannot read " + journal + ": " + e, e);
            }
            Object after = pathKey();
            if (Objects.equals(before, after) || attempt >= 10) {
                held = ch;
                heldKey = after;
                return;
            }
            closeQuietly(ch);
        }
    }

    private boolean sameFile(Object pathKey) {
        return heldKey == null || heldKey.equals(pathKey);
    }

    private Object pathKey() {
        try {
            return Files.readAttributes(journal, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw CliException.io("cannot read " + journal + ": " + e, e);
        }
    }

    private long heldSize() {
        try {
            return held.size();
        } catch (IOException e) {
            throw CliException.io("cannot read " + journal + ": " + e, e);
        }
    }

    private void fingerprint() {
        headCrc = crc(0, Math.min(offset, FINGERPRINT_BYTES));
        tailCrc = crc(Math.max(0, offset - FINGERPRINT_BYTES), offset);
    }

    private boolean fingerprintHolds() {
        return heldSize() >= offset && headCrc == crc(0, Math.min(offset, FINGERPRINT_BYTES))
                && tailCrc == crc(Math.max(0, offset - FINGERPRINT_BYTES), offset);
    }

    /** Returns the CRC-32C of the held file's bytes [from, to), or -1 if it has fewer. */
    private long crc(long from, long to) {
        ByteBuffer buf = ByteBuffer.allocate((int) (to - from));
        try {
            while (buf.hasRemaining()) {
                if (held.read(buf, from + buf.position()) < 0) {
                    return -1;
                }
            }
        } catch (IOException e) {
            throw CliException.io("cannot read " + journal + ": " + e, e);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.flip());
        return crc.getValue();
    }

    private void closeHeld() {
        if (held != null) {
            closeQuietly(held);
            held = null;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // a read-only channel: nothing was written that closing could lose
        }
    }

    @Override
    public void close() {
        closeHeld();
    }
}
