package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JournalLine;
import dev.statestore.jsonl.JournalReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The transitions appended to a journal's active file since the last poll, for {@code tail -f},
 * across seals (the store renames a new active file over the path and keeps the old one as a
 * segment) and rewrites (a restore cuts the file in place; another file copied over the path).
 *
 * <p>How a change of file is told from an append, by checks that cannot be fooled by inode reuse:
 * <ul>
 *   <li>The follower keeps the file it reads <em>open</em>. While it is open its inode cannot be
 *       freed, so no new file can get its inode number: when the path's file key ({@code dev},
 *       {@code ino}) differs from the held file's, the path names another file. Comparing inode
 *       numbers without holding the file is not enough: file systems such as ext4 hand the freed
 *       numbers out again.</li>
 *   <li>Before reading on from its offset it checks that the held file is not shorter than the
 *       offset and that its first and last 4 KiB before the offset still have the CRC-32C they had
 *       when read: this catches a file cut or rewritten in place (same inode).</li>
 * </ul>
 * New lines are read after those checks and kept back until the checks pass again after the
 * read, so no line of another file is ever handed over as an append.
 *
 * <p>When the path names another file and a sealed segment of the journal is the held file (a
 * seal), the follower reads the rest of the held file through the segment's name, the segments
 * sealed after it (when two seals or more came between polls), then the new active file from its
 * start, handing over the transitions after the latest revision it handed over. Nothing is lost or
 * shown twice, and nothing is said: a seal is routine. Any other change is a rewrite: the follower reads the file the path names from its
 * start and hands over the transitions later than the latest one it had seen (by timestamp).
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
        /** The active file was sealed into a segment; the follower follows the new one. */
        SEALED,
        /** The file was rewritten or replaced; the follower now follows the file the path names. */
        REWRITTEN,
        /** The path names no file at the moment; the follower waits for one. */
        MISSING
    }

    private final Path journal;
    private final Consumer<String> problems;
    private FileChannel held;
    private Object heldKey;
    private long offset;
    private long lastRevision;
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
     * Follows the active file on from where {@code read} ended; takes over its open file.
     */
    void start(RecentHistory.Result read) {
        held = read.active();
        heldKey = read.activeKey();
        offset = read.activeEnd();
        lastRevision = read.latestRevision();
        latestSeen = read.latestTimestamp();
        fingerprint();
    }

    /**
     * Hands the transitions appended since the last call to {@code sink} and returns what changed.
     */
    Change poll(Consumer<StateTransition> sink) {
        Object key = RecentHistory.key(journal);
        if (key == null) {
            return Change.MISSING;
        }
        if (!key.equals(heldKey)) {
            return switched(sink);
        }
        if (heldSize() < offset || !fingerprintHolds()) {
            return rewritten(sink);
        }
        if (heldSize() == offset) {
            return Change.NONE;
        }
        List<StateTransition> lines = new ArrayList<>();
        long end = read(journal, offset, lines::add, false);
        if (!Objects.equals(heldKey, RecentHistory.key(journal))) {
            return switched(sink); // the path changed during the read: what was read may be another file
        }
        if (!fingerprintHolds()) {
            return rewritten(sink);
        }
        offset = end;
        lines.forEach(t -> appended(t, sink));
        fingerprint();
        return lines.isEmpty() ? Change.NONE : Change.APPENDED;
    }

    /** How many times a switch to the new active file is made again when it is sealed while it is read. */
    private static final int SWITCH_ATTEMPTS = 10;

    /**
     * The path names another file: a seal when a segment is the held file, else a replacement. After
     * a seal, reads the rest of the held file (through the segment's name), the segments sealed after
     * it (two seals or more between polls), and the new active file, handing over each transition
     * after the last one handed over.
     */
    private Change switched(Consumer<StateTransition> sink) {
        Path sealedAs = heldKey == null ? null : segmentHolding(heldKey);
        if (sealedAs == null || heldSize() < offset || !fingerprintHolds()) {
            return rewritten(sink);
        }
        read(sealedAs, offset, t -> appended(t, sink), false);
        for (int attempt = 0; attempt < SWITCH_ATTEMPTS; attempt++) {
            for (Path segment : segmentsAfter(lastRevision)) {
                read(segment, 0, t -> appended(t, sink), false);
            }
            closeHeld();
            open();
            List<StateTransition> fresh = new ArrayList<>();
            long end = read(journal, 0, fresh::add, true);
            // Sealed again between the listing of the segments and the open: the file sealed then is
            // a segment now that starts after what was handed over; read it with the others first.
            boolean missedASeal = lastRevision > 0 && !segmentsAfter(lastRevision).isEmpty();
            if (!missedASeal && Objects.equals(heldKey, RecentHistory.key(journal))) {
                offset = end;
                fingerprint();
                fresh.forEach(t -> appended(t, sink));
                return Change.SEALED;
            }
            // sealed again while it was read: it is a segment now, read with the others
        }
        return rewritten(sink);
    }

    /** Returns the segments whose first revision is after {@code revision}, oldest first. */
    private List<Path> segmentsAfter(long revision) {
        List<Path> after = new ArrayList<>();
        try {
            for (Path s : JournalLayout.read(journal).segments()) {
                if (KeyLookup.firstRevision(s) > revision) {
                    after.add(s);
                }
            }
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
        return after;
    }

    /** Returns the segment of the journal that is the file with {@code key}, or {@code null}. */
    private Path segmentHolding(Object key) {
        try {
            for (Path s : JournalLayout.read(journal).segments()) {
                if (key.equals(RecentHistory.key(s))) {
                    return s;
                }
            }
        } catch (StateStoreException e) {
            return null; // the journal is gone or unreadable: a replacement, not a seal
        }
        return null;
    }

    private Change rewritten(Consumer<StateTransition> sink) {
        Instant seen = latestSeen;
        closeHeld();
        open();
        lastRevision = 0; // a restore numbers on from the revision it restored: count again from this file
        offset = read(journal, 0, t -> {
            if (seen == null || t.timestamp().isAfter(seen)) {
                handOver(t, sink);
            } else {
                note(t);
            }
        }, true);
        fingerprint();
        return Change.REWRITTEN;
    }

    /**
     * Hands over a transition read after the last one, unless its revision says it was handed over
     * already (a file sealed while it was read is read again as a segment).
     */
    private void appended(StateTransition t, Consumer<StateTransition> sink) {
        if (t.revision() == 0 || t.revision() > lastRevision) {
            handOver(t, sink);
        }
    }

    /** Hands one transition over and notes its revision and timestamp. */
    private void handOver(StateTransition t, Consumer<StateTransition> sink) {
        sink.accept(t);
        note(t);
    }

    private void note(StateTransition t) {
        lastRevision = Math.max(lastRevision, t.revision());
        if (latestSeen == null || t.timestamp().isAfter(latestSeen)) {
            latestSeen = t.timestamp();
        }
    }

    /**
     * Reads {@code file}'s complete lines from {@code from}, hands each transition to {@code sink},
     * reports each bad line, and returns the offset after the last complete line. A read of a
     * file from its start is guarded: a file that is no journal stops the follower.
     */
    private long read(Path file, long from, Consumer<StateTransition> sink, boolean guarded) {
        JournalGuard guard = new JournalGuard(file);
        try {
            return JournalReader.readFrom(file, from, 1, (JournalLine line) -> {
                if (guarded) {
                    guard.check(line);
                }
                line.problem().ifPresent(p -> problems.accept(file.getFileName() + " at byte " + line.offset()
                        + " skipped: " + p));
                line.transition().ifPresent(sink);
            });
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
    }

    /** Opens the file the path names and notes its key, retrying while the path changes under it. */
    private void open() {
        for (int attempt = 0; ; attempt++) {
            Object before = RecentHistory.key(journal);
            FileChannel ch;
            try {
                ch = FileChannel.open(journal, StandardOpenOption.READ);
            } catch (IOException e) {
                throw CliException.io("cannot read " + journal + ": " + e, e);
            }
            Object after = RecentHistory.key(journal);
            if (Objects.equals(before, after) || attempt >= 10) {
                held = ch;
                heldKey = after;
                return;
            }
            closeQuietly(ch);
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
