package dev.statestore.jsonl.internal;

import java.util.Arrays;

/**
 * A sparse index of the history lines of one file of a journal: the byte offset of the first
 * history line and of every {@value #EVERY}th one after it, by revision, as Kafka indexes its log
 * segments. Reading from revision {@code r} then starts at most {@value #EVERY} lines before it.
 *
 * <p>An index may cover only the part of its file from {@link #coveredFrom()} on (the active
 * file's lines replayed after a checkpoint); {@link #prepend} adds the part before.
 *
 * <p>Not thread-safe: its owner guards it.
 */
public final class SparseIndex {

    /** One indexed line per this many history lines. */
    public static final int EVERY = 512;

    private long[] revisions = new long[16];
    private long[] offsets = new long[16];
    private int size;
    private int sinceMark;
    private long coveredFrom;
    private long latest;

    /**
     * Creates an empty index covering its file from {@code coveredFrom} on.
     *
     * @param coveredFrom the offset from which lines are indexed
     */
    public SparseIndex(long coveredFrom) {
        this.coveredFrom = coveredFrom;
    }

    /**
     * Records a history line.
     *
     * @param revision its revision
     * @param offset its byte offset in the file
     */
    public void add(long revision, long offset) {
        if (size > 0 && revision <= latest) {
            // out of order: only a damaged file does that; keep the newest run
            truncateAfter(revision - 1);
        }
        latest = revision;
        if (size == 0 || ++sinceMark >= EVERY) {
            mark(revision, offset);
        }
    }

    private void mark(long revision, long offset) {
        if (size == revisions.length) {
            revisions = Arrays.copyOf(revisions, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        revisions[size] = revision;
        offsets[size] = offset;
        size++;
        sinceMark = 0;
    }

    /**
     * Returns the offset from which the index covers its file.
     *
     * @return the offset; {@code 0} when it covers the whole file
     */
    public long coveredFrom() {
        return coveredFrom;
    }

    /**
     * Returns whether the index holds no line.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Returns the revision of the first indexed line.
     *
     * @return the revision, or {@code -1} when empty
     */
    public long firstRevision() {
        return size == 0 ? -1 : revisions[0];
    }

    /**
     * Returns the revision of the latest recorded line.
     *
     * @return the revision, or {@code -1} when empty
     */
    public long latestRevision() {
        return size == 0 ? -1 : latest;
    }

    /**
     * Returns where to start reading for revisions above {@code after}: the last indexed line whose
     * revision is at most {@code after + 1}, or the first one.
     *
     * @param after the revision to read after
     * @return {@code {revision, offset}}, or {@code null} when the index is empty
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

    /**
     * Puts the index of the part of the file before {@link #coveredFrom()} in front of this one;
     * afterwards this index covers what {@code prefix} covers and more.
     *
     * @param prefix an index covering the file from its own {@code coveredFrom()} up to this one's
     */
    public void prepend(SparseIndex prefix) {
        if (prefix.coveredFrom >= coveredFrom) {
            return;
        }
        long cut = size == 0 ? Long.MAX_VALUE : revisions[0];
        int keep = 0;
        while (keep < prefix.size && prefix.revisions[keep] < cut) {
            keep++;
        }
        long[] r = new long[Math.max(16, keep + size)];
        long[] o = new long[r.length];
        System.arraycopy(prefix.revisions, 0, r, 0, keep);
        System.arraycopy(prefix.offsets, 0, o, 0, keep);
        System.arraycopy(revisions, 0, r, keep, size);
        System.arraycopy(offsets, 0, o, keep, size);
        if (size == 0 && keep > 0) {
            latest = prefix.latest;
            sinceMark = prefix.sinceMark;
        }
        revisions = r;
        offsets = o;
        size += keep;
        coveredFrom = prefix.coveredFrom;
    }

    /**
     * Forgets the lines with a revision above {@code revision} (the file was cut after it).
     *
     * @param revision the last revision kept
     */
    public void truncateAfter(long revision) {
        while (size > 0 && revisions[size - 1] > revision) {
            size--;
        }
        latest = Math.min(latest, revision);
        sinceMark = EVERY; // the next line is marked: the distance to the last mark is unknown
    }

    /**
     * Forgets every line; the index covers its file from {@code from} on.
     *
     * @param from the offset from which lines are indexed now
     */
    public void reset(long from) {
        size = 0;
        sinceMark = 0;
        latest = 0;
        coveredFrom = from;
    }
}
