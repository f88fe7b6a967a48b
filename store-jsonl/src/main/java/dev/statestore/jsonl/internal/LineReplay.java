package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.internal.TransitionAccess;
import dev.statestore.spi.Journal;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The lines of one file of a journal decoded and handed to a {@link Journal.ReplaySink}: state
 * lines ({@code op:state}) to {@link Journal.ReplaySink#state}, history lines to
 * {@link Journal.ReplaySink#history} in file order. History lines up to a revision already folded
 * into a checkpoint are skipped (and, for a checkpoint being built, those above the revision it
 * folds in); a line stored without a revision (car-state's) is given the one
 * after the previous line's. Bad lines go to a {@link Problems} callback, which may throw to stop.
 * Optionally records the history lines' offsets in a {@link SparseIndex}.
 *
 * <p>Not thread-safe: one per scan.
 */
public final class LineReplay implements LineScanner.Sink {

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();

    /** Receives the lines that could not be used. */
    public interface Problems {
        /**
         * Receives one bad line; may throw to stop the scan.
         *
         * @param file the file
         * @param lineNumber its line number, from 1
         * @param reason why it is bad
         */
        void bad(Path file, long lineNumber, String reason);
    }

    private final Path file;
    private final Journal.ReplaySink sink;
    private final Problems problems;
    private final long after;
    private final long upTo;
    private final boolean checkpoint;
    private final SparseIndex index;
    private final LineDecoder.Shared shared = new LineDecoder.Shared();
    /** Reports a bad line as the line being read; one for the replay, so a line allocates nothing for it. */
    private final Consumer<String> badLine;
    private long lineNumber;
    private long previous;
    private long applied;
    private long firstHistory = -1;
    private long lastHistory = -1;
    private java.time.Instant lastTimestamp;

    /**
     * Creates the replay of one file.
     *
     * @param file the file, named in problems
     * @param sink receives the lines
     * @param problems receives bad lines
     * @param after history lines with a revision up to this are skipped
     * @param upTo history lines with a revision above this are skipped too (written after a capture)
     * @param previous the revision before the file's first line, for lines stored without one
     * @param checkpoint whether the file is a checkpoint, where every line must be a state line
     * @param index records the history lines' offsets, or {@code null}
     */
    public LineReplay(Path file, Journal.ReplaySink sink, Problems problems, long after, long upTo, long previous,
            boolean checkpoint, SparseIndex index) {
        this.file = file;
        this.sink = sink;
        this.problems = problems;
        this.after = after;
        this.upTo = upTo;
        this.previous = previous;
        this.checkpoint = checkpoint;
        this.index = index;
        this.badLine = reason -> problems.bad(file, lineNumber, reason);
    }

    @Override
    public void line(long lineNumber, long offset, byte[] b, int off, int len) {
        this.lineNumber = lineNumber;
        StateTransition t = LineDecoder.decodeOrSkip(b, off, len, shared, badLine);
        if (t == null) {
            return;
        }
        if (shared.lastWasState()) {
            previous = Math.max(previous, t.revision());
            if (t.revision() == 0) {
                // A key set by a restore or replaceAll without a write of its own: version 1,
                // revision 0, as the engine made it (the line carries neither).
                t = TRANSITIONS.adopt(t.key(), null, TRANSITIONS.sharedNewValue(t), t.actionId(), t.timestamp(),
                        t.ttlSecs().orElse(-1), 0, 1);
            }
            sink.state(t);
            applied++;
            return;
        }
        if (checkpoint) {
            problems.bad(file, lineNumber, "a checkpoint holds only state lines (op:state), this is a "
                    + (t.isDelete() ? "delete" : "set"));
            return;
        }
        long revision = t.revision() > 0 ? t.revision() : previous + 1;
        previous = revision;
        if (index != null) {
            index.add(revision, offset);
        }
        if (firstHistory < 0) {
            firstHistory = revision;
        }
        lastHistory = revision;
        lastTimestamp = t.timestamp();
        if (revision <= after || revision > upTo) {
            return;
        }
        if (t.revision() == 0) {
            t = TRANSITIONS.adopt(t.key(), TRANSITIONS.sharedOldValue(t), TRANSITIONS.sharedNewValue(t), t.actionId(),
                    t.timestamp(), t.ttlSecs().orElse(-1), revision, 0);
        }
        sink.history(t);
        applied++;
    }

    @Override
    public void overlong(long lineNumber, long offset, long length) {
        problems.bad(file, lineNumber, "line of " + length + " bytes is longer than the limit of "
                + LineFormat.MAX_LINE_BYTES);
    }

    /**
     * Returns the number of lines handed to the sink.
     *
     * @return the count
     */
    public long applied() {
        return applied;
    }

    /**
     * Returns the revision of the file's first history line, skipped ones included.
     *
     * @return the revision, or {@code -1} when it has none
     */
    public long firstHistory() {
        return firstHistory;
    }

    /**
     * Returns the revision of the file's last history line, skipped ones included.
     *
     * @return the revision, or {@code -1} when it has none
     */
    public long lastHistory() {
        return lastHistory;
    }

    /**
     * Returns the timestamp of the file's last history line, skipped ones included.
     *
     * @return the timestamp, or {@code null} when it has none
     */
    public java.time.Instant lastTimestamp() {
        return lastTimestamp;
    }

    /**
     * Returns the highest revision seen, for numbering the lines of the next file.
     *
     * @return the revision
     */
    public long previous() {
        return previous;
    }
}
