package dev.statestore.jsonl.internal;

import java.util.Arrays;

/**
 * A sparse index of the history lines of one journal file: the byte offset of every
 * {@value #EVERY}th history line by revision (as Kafka indexes its log segments), so that reading
 * from revision {@code r} starts at most {@value #EVERY} lines before it instead of at the start of
 * the file. It also knows the oldest revision the file still holds as history: the first history
 * line after the last state line (a revision lost to a damaged line is a hole, not a restart).
 *
 * <p>Offsets are logical: an appended line's offset counts lines still in the journal's buffer.
 *
 * <p>Not thread-safe: the journal guards it with its write lock.
 */
public final class HistoryIndex {

    /** One indexed line per this many history lines. */
    public static final int EVERY = 512;

    private long[] revisions = new long[64];
    private long[] offsets = new long[64];
    private int size;
    private long oldest = 1;
    private long latest;
    private long linesSinceMark;

    /** Creates an empty index; the next revision is 1. */
    public HistoryIndex() {
    }

    /**
     * Records a state line: the history before it no longer reads back from this file.
     *
     * @param revision the state line's revision
     */
    public void state(long revision) {
        latest = Math.max(latest, revision);
        restart(latest + 1);
    }

    /**
     * Records a history line and returns the revision it stands for: its own, or for a line
     * stored without one, the one after the previous line's.
     *
     * @param revision the line's revision, {@code 0} when it has none
     * @param offset the line's (logical) byte offset
     * @return the line's revision
     */
    public long history(long revision, long offset) {
        long r = revision > 0 ? revision : latest + 1;
        if (r <= latest) {
            restart(r); // out of order: only a damaged file does that; keep the newest run
        }
        latest = r;
        if (size == 0 || ++linesSinceMark >= EVERY) {
            mark(r, offset);
        }
        return r;
    }

    /**
     * Forgets every line: the file was rewritten, and its next history line carries
     * {@code nextRevision}.
     *
     * @param nextRevision the revision of the next history line
     */
    public void restart(long nextRevision) {
        size = 0;
        linesSinceMark = 0;
        oldest = nextRevision;
        latest = nextRevision - 1;
    }

    private void mark(long revision, long offset) {
        if (size == revisions.length) {
            revisions = Arrays.copyOf(revisions, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        revisions[size] = revision;
        offsets[size] = offset;
        size++;
        linesSinceMark = 0;
    }

    /**
     * Returns the oldest revision that reads back from the file.
     *
     * @return the oldest retained revision (one past the latest when none)
     */
    public long oldest() {
        return oldest;
    }

    /**
     * Returns the latest revision of the file's history.
     *
     * @return the latest revision, {@code oldest() - 1} when none
     */
    public long latest() {
        return latest;
    }

    /**
     * Returns the indexed line to start reading at for revisions above {@code after}: the last
     * indexed line whose revision is at most {@code after + 1}.
     *
     * @param after the revision to read after, {@code >= oldest() - 1}
     * @return {@code {revision, offset}} of that line, or {@code null} when the file holds no history
     */
    public long[] start(long after) {
        if (size == 0) {
            return null;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (revisions[mid] <= after + 1) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return new long[] {revisions[lo], offsets[lo]};
    }
}
