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
 * or that hold a {@code \} (which may escape it), and the first line of one in {@value #SAMPLE_BLOCKS}
 * blocks of {@value BackwardLines#BLOCK} bytes passed over, whose revision says when the search has
 * reached the lines the checkpoint holds. When it
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

    /** How many blocks passed over without decoding make the search decode a line, to see its revision. */
    static final int SAMPLE_BLOCKS = 16;

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

        /** Reads {@code file}'s lines before {@code end} from the newest, for the key's newest line. */
        Outcome file(Path file, FileChannel ch, long end) throws IOException {
            return needle == null ? byLines(file, ch, end) : byBlocks(file, ch, end);
        }

        /**
         * Reads the file backwards a block at a time, decoding only the lines that hold the needle or a
         * backslash, and every {@value #SAMPLE_BLOCKS}th block's first line (to see when the lines the
         * checkpoint holds are reached). A line longer than a block is left to {@link #byLines}.
         */
        private Outcome byBlocks(Path file, FileChannel ch, long end) throws IOException {
            byte[] buf = new byte[BackwardLines.BLOCK];
            ByteBuffer wrapped = ByteBuffer.wrap(buf);
            long blockEnd = end;
            int sinceSample = 0;
            byte last = needle[needle.length - 1];
            while (blockEnd > 0) {
                long start = Math.max(0, blockEnd - buf.length);
                int n = (int) (blockEnd - start);
                wrapped.clear().limit(n);
                while (wrapped.hasRemaining()) {
                    if (ch.read(wrapped, start + wrapped.position()) < 0) {
                        throw new IOException(file + " was cut short while it was read");
                    }
                }
                int first = 0;
                if (start > 0) {
                    first = indexOfNewline(buf, n - 1) + 1;
                    if (first == 0) {
                        return byLines(file, ch, blockEnd); // a line longer than a block
                    }
                }
                for (int i = n - 2; i >= first; i--) {
                    byte c = buf[i];
                    if (c == '\\' || (c == last && i - needle.length + 1 >= first && endsWithNeedle(buf, i))) {
                        int lineStart = i;
                        while (lineStart > first && buf[lineStart - 1] != '\n') {
                            lineStart--;
                        }
                        Outcome o = decode(file, start + lineStart);
                        if (o != null) {
                            return o;
                        }
                        i = lineStart - 1; // the '\n' before the line: go on before it
                    }
                }
                if (++sinceSample >= SAMPLE_BLOCKS) {
                    sinceSample = 0;
                    Outcome o = decode(file, start + first);
                    if (o != null) {
                        return o;
                    }
                }
                blockEnd = start + first;
            }
            return Outcome.NOT_IN_FILE;
        }

        private static int indexOfNewline(byte[] b, int before) {
            for (int i = 0; i < before; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private boolean endsWithNeedle(byte[] b, int at) {
            for (int j = needle.length - 1, k = at; j >= 0; j--, k--) {
                if (b[k] != needle[j]) {
                    return false;
                }
            }
            return true;
        }

        /** Reads the file backwards a line at a time, decoding every line: for a key that needs escapes. */
        private Outcome byLines(Path file, FileChannel ch, long end) throws IOException {
            BackwardLines lines = new BackwardLines(ch, end);
            while (lines.previous()) {
                Outcome o = decode(file, lines.offset());
                if (o != null) {
                    return o;
                }
            }
            return Outcome.NOT_IN_FILE;
        }

        /** Returns what the line at {@code offset} settles, or {@code null} when the search goes on. */
        private Outcome decode(Path file, long offset) {
            JournalLine line = lineAt(file, offset);
            if (line == null || line.transition().isEmpty()) {
                return null; // blank, or bad: a store skips it too
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
            return null;
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
