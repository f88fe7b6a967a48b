package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JournalLine;
import dev.statestore.jsonl.JournalReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One key's latest write, found without reading the whole state, for {@code get}: the history
 * after the checkpoint is read from the end of the active file backwards (then the sealed segments,
 * newest first) for the key's newest line, and when the key was not written since the checkpoint,
 * the checkpoint, whose lines are sorted by key, is searched by bisection. The answer is the one
 * {@link JournalLayout#state()} gives, at the cost of the lines written since the key's last write
 * plus a logarithm of the checkpoint.
 *
 * <p>Only lines that may name the key are decoded: those that hold it as a JSON string (a key of
 * printable ASCII other than {@code "} and {@code \}; any other key is looked for in every line)
 * or that hold a {@code \} (which may escape it), and one in {@value #SAMPLE_EVERY} lines passed
 * over, whose revision says when the search has reached the lines the checkpoint holds. When it
 * cannot answer with certainty (a line without a revision, a restore a writer has not finished, a
 * bad line where the bisection lands, files that keep changing under it) it says so, and the
 * caller reads the state instead.
 *
 * <p>Stateless.
 */
final class KeyLookup {

    private KeyLookup() {
    }

    /**
     * What a lookup found.
     *
     * @param decided whether it could answer; when not, read the state instead
     * @param latest the key's latest write when it is live (without its old value), else empty
     */
    record Found(boolean decided, Optional<StateTransition> latest) {
        static final Found UNDECIDED = new Found(false, Optional.empty());
        static final Found ABSENT = new Found(true, Optional.empty());

        /** Returns the found write, without its old value (as {@link JournalLayout.State} holds it). */
        static Found of(StateTransition t) {
            return t.isDelete() ? ABSENT : new Found(true, Optional.of(StateTransition.of(t.key(), Optional.empty(),
                    t.newValue(), t.actionId(), t.timestamp(), t.ttlSecs(), t.revision(), t.version())));
        }
    }

    /** What reading one history file backwards found. */
    private enum Outcome { FOUND, BELOW_CHECKPOINT, NOT_IN_FILE, UNDECIDED }

    /** How many lines passed over without decoding make the search decode one, to see its revision. */
    static final int SAMPLE_EVERY = 1024;

    /** Stops a read after its first line. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * Returns the latest write of {@code key} in {@code journal}.
     *
     * @throws CliException with exit code 3 if a file cannot be read
     */
    static Found find(Path journal, String key) {
        for (int attempt = 1; attempt <= Journals.ATTEMPTS; attempt++) {
            try {
                Journals.Stamp before = Journals.stamp(journal);
                Found found = once(journal, key);
                if (Journals.stamp(journal).equals(before)) {
                    return found;
                }
            } catch (NoSuchFileException | StateStoreException e) {
                // a file was removed or replaced while it was read: read again
            } catch (IOException e) {
                throw CliException.io("cannot read " + journal + ": " + e, e);
            }
        }
        return Found.UNDECIDED;
    }

    private static Found once(Path journal, String key) throws IOException {
        JournalLayout layout = JournalLayout.read(journal);
        if (layout.manifest().isPresent() && restoreUnfinished(layout.manifest().get())) {
            return Found.UNDECIDED;
        }
        long checkpoint = layout.checkpointRevision();
        Search search = new Search(key, checkpoint);
        Outcome outcome;
        try (FileChannel active = FileChannel.open(journal, StandardOpenOption.READ)) {
            outcome = search.file(journal, active, BackwardLines.endOfLastLine(active, active.size()));
        }
        List<Path> segments = layout.segments();
        for (int i = segments.size() - 1; i >= 0 && outcome == Outcome.NOT_IN_FILE; i--) {
            long nextFirst = i + 1 < segments.size() ? firstRevision(segments.get(i + 1)) : Long.MAX_VALUE;
            if (nextFirst < 0) {
                return Found.UNDECIDED; // a segment named otherwise than the store names them
            }
            if (nextFirst <= checkpoint + 1) {
                outcome = Outcome.BELOW_CHECKPOINT; // this segment and those before it are in the checkpoint
                break;
            }
            try (FileChannel ch = FileChannel.open(segments.get(i), StandardOpenOption.READ)) {
                outcome = search.file(segments.get(i), ch, BackwardLines.endOfLastLine(ch, ch.size()));
            }
        }
        switch (outcome) {
            case FOUND:
                return Found.of(search.found);
            case UNDECIDED:
                return Found.UNDECIDED;
            default:
                Optional<Path> file = layout.checkpoint();
                return file.isEmpty() ? Found.ABSENT : bisect(file.get(), key);
        }
    }

    /** The search of the history files for a key's newest line after the checkpoint. */
    private static final class Search {
        private final String key;
        private final long checkpoint;
        private final byte[] needle;
        StateTransition found;

        Search(String key, long checkpoint) {
            this.key = key;
            this.checkpoint = checkpoint;
            this.needle = literal(key) ? ('"' + key + '"').getBytes(StandardCharsets.US_ASCII) : null;
        }

        Outcome file(Path file, FileChannel ch, long end) throws IOException {
            BackwardLines lines = new BackwardLines(ch, end);
            int passed = 0;
            while (lines.previous()) {
                if (lines.held() && !mayName(lines.array(), lines.arrayOffset(), (int) lines.length())
                        && ++passed < SAMPLE_EVERY) {
                    continue;
                }
                passed = 0; // decoded: a candidate, or a sample that tells whether the checkpoint is reached
                JournalLine line = lineAt(file, lines.offset());
                if (line == null || line.transition().isEmpty()) {
                    continue; // blank, or bad: a store skips it too
                }
                StateTransition t = line.transition().get();
                if (t.revision() == 0) {
                    return Outcome.UNDECIDED; // numbered by its place in a replay: read the state
                }
                if (t.revision() <= checkpoint) {
                    return Outcome.BELOW_CHECKPOINT;
                }
                if (t.key().equals(key)) {
                    found = t;
                    return Outcome.FOUND;
                }
            }
            return Outcome.NOT_IN_FILE;
        }

        /** Returns whether the line may hold the key: its bytes, or an escape that could spell it. */
        private boolean mayName(byte[] b, int off, int len) {
            if (needle == null) {
                return true;
            }
            int last = off + len - needle.length;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\\') {
                    return true;
                }
                if (i <= last && b[i] == needle[0] && matches(b, i)) {
                    return true;
                }
            }
            return false;
        }

        private boolean matches(byte[] b, int at) {
            for (int j = 1; j < needle.length; j++) {
                if (b[at + j] != needle[j]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Returns whether a key is written as its own bytes in every JSON encoding: printable ASCII, no quote or backslash. */
    static boolean literal(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Returns the line starting at {@code offset}, or {@code null} when it is blank. */
    private static JournalLine lineAt(Path file, long offset) {
        JournalLine[] first = {null};
        try {
            JournalReader.readFrom(file, offset, 1, line -> {
                first[0] = line;
                throw new Stop();
            });
        } catch (Stop stop) {
            // read one line
        }
        return first[0] == null || first[0].offset() != offset ? null : first[0];
    }

    /**
     * Returns the key's line in a checkpoint, found by bisection over its lines (sorted by key), or
     * absent; undecided when the bisection lands on a bad line.
     */
    private static Found bisect(Path checkpoint, String key) throws IOException {
        try (FileChannel ch = FileChannel.open(checkpoint, StandardOpenOption.READ)) {
            long lo = 0;
            long hi = BackwardLines.endOfLastLine(ch, ch.size());
            while (lo < hi) {
                long start = lineStart(ch, lo + (hi - lo) / 2, lo);
                JournalLine line = lineAt(checkpoint, start);
                if (line == null || line.transition().isEmpty()) {
                    return Found.UNDECIDED;
                }
                StateTransition t = line.transition().get();
                int c = key.compareTo(t.key());
                if (c == 0) {
                    return Found.of(t);
                }
                if (c < 0) {
                    hi = start;
                } else {
                    lo = start + line.length() + 1;
                }
            }
            return Found.ABSENT;
        }
    }

    /** Returns the start of the line that holds byte {@code at}, not before {@code floor} (a line start). */
    private static long lineStart(FileChannel ch, long at, long floor) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        long end = at;
        while (end > floor) {
            long start = Math.max(floor, end - b.capacity());
            b.clear().limit((int) (end - start));
            while (b.hasRemaining()) {
                if (ch.read(b, start + b.position()) < 0) {
                    throw new IOException(ch + " was cut short while it was read");
                }
            }
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return floor;
    }

    /** Returns whether the manifest records a restore whose cut a writer has not applied yet. */
    private static boolean restoreUnfinished(Path manifest) throws IOException {
        try {
            return new String(Files.readAllBytes(manifest), StandardCharsets.UTF_8).contains("\"cut_after\"");
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Returns the first revision a segment's name gives ({@code <stem>.<revision>.jsonl}), or -1. */
    static long firstRevision(Path segment) {
        String name = Objects.toString(segment.getFileName(), "");
        if (!name.endsWith(".jsonl")) {
            return -1;
        }
        String stem = name.substring(0, name.length() - ".jsonl".length());
        try {
            return Long.parseLong(stem.substring(stem.lastIndexOf('.') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
