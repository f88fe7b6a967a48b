package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.internal.TransitionAccess;
import java.util.List;

/**
 * A page of history read from the files of a journal: the history lines with a revision above
 * {@code after}, oldest first, at most {@code limit}; state lines and bad lines are passed over (a
 * replay skips them too), and a line stored without a revision gets the one after the previous
 * line's. A scan is stopped by {@link Full} once the page is full.
 *
 * <p>Not thread-safe: one per read.
 */
public final class HistoryPage implements LineScanner.Sink {

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();

    /** Thrown to stop a scan once the page is full. */
    public static final class Full extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the signal, without a stack trace. */
        Full() {
            super(null, null, false, false);
        }
    }

    private final long after;
    private final long upTo;
    private final int limit;
    private final List<StateTransition> out;
    private final LineDecoder.Shared shared = new LineDecoder.Shared();
    private long previous;

    /**
     * Creates a page.
     *
     * @param after return revisions above this
     * @param upTo return revisions up to this (lines after it belong to a newer file or were cut)
     * @param limit the most to collect, counting those already in {@code out}
     * @param out where they go
     */
    public HistoryPage(long after, long upTo, int limit, List<StateTransition> out) {
        this.after = after;
        this.upTo = upTo;
        this.limit = limit;
        this.out = out;
    }

    /**
     * Sets the revision before the next line read, for lines stored without one.
     *
     * @param revision the revision of the line before where the next scan starts
     */
    public void startAfter(long revision) {
        this.previous = revision;
    }

    /**
     * Returns whether the page holds {@code limit} transitions.
     *
     * @return {@code true} when full
     */
    public boolean full() {
        return out.size() >= limit;
    }

    /**
     * Returns the highest revision read so far.
     *
     * @return the revision
     */
    public long previous() {
        return previous;
    }

    @Override
    public void line(long lineNumber, long offset, byte[] b, int off, int len) {
        StateTransition t = LineDecoder.decodeOrSkip(b, off, len, shared, null); // bad ones are skipped on replay too
        if (t == null) {
            return;
        }
        if (shared.lastWasState()) {
            previous = Math.max(previous, t.revision());
            return;
        }
        long revision = t.revision() > 0 ? t.revision() : previous + 1;
        previous = revision;
        if (revision <= after) {
            return;
        }
        if (revision > upTo) {
            throw new Full();
        }
        out.add(t.revision() > 0 ? t : TRANSITIONS.adopt(t.key(), TRANSITIONS.sharedOldValue(t),
                TRANSITIONS.sharedNewValue(t), t.actionId(), t.timestamp(), t.ttlSecs().orElse(-1), revision, 0));
        if (out.size() >= limit) {
            throw new Full();
        }
    }

    @Override
    public void overlong(long lineNumber, long offset, long length) {
        // skipped on replay too
    }
}
