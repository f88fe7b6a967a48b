package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.spi.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sealed segments of a journal, by first revision, each with a sparse index of its history
 * lines built the first time it is read (one scan of the segment; sealed segments never change,
 * except when a restore cuts one, which resets its index).
 *
 * <p>Thread-safe: the list is guarded by this object, each segment's index by the segment.
 */
public final class Segments {

    private final LayoutFiles files;
    private final TreeMap<Long, Segment> byFirst = new TreeMap<>();

    /**
     * Creates an empty list.
     *
     * @param files the layout's names
     */
    public Segments(LayoutFiles files) {
        this.files = files;
    }

    /** One sealed segment. */
    public static final class Segment {
        private final long first;
        private final Path path;
        private SparseIndex index;
        private long last = -1;
        private Instant lastTimestamp;

        /** Creates the entry of the segment at {@code path}, named by {@code first}. */
        Segment(long first, Path path) {
            this.first = first;
            this.path = path;
        }

        /**
         * Returns the revision its name states: that of its first history line.
         *
         * @return the revision
         */
        public long first() {
            return first;
        }

        /**
         * Returns its path.
         *
         * @return the path
         */
        public Path path() {
            return path;
        }

        /**
         * Returns its index, scanning the segment the first time.
         *
         * @return the index
         * @throws IOException if the segment cannot be read
         */
        public synchronized SparseIndex index() throws IOException {
            if (index == null) {
                SparseIndex built = new SparseIndex(0);
                LineReplay scan = new LineReplay(path, IGNORE, (file, line, reason) -> { }, Long.MAX_VALUE,
                        Long.MAX_VALUE, first - 1, false, built);
                LineScanner.scan(path, 0, 1, scan);
                index = built;
                last = scan.lastHistory();
                lastTimestamp = scan.lastTimestamp();
            }
            return index;
        }

        /**
         * Returns the revision of its last history line.
         *
         * @return the revision, or {@code -1} when it holds none
         * @throws IOException if the segment cannot be read
         */
        public synchronized long last() throws IOException {
            index();
            return last;
        }

        /**
         * Returns the timestamp of its last history line.
         *
         * @return the timestamp, or {@code null} when it holds none
         * @throws IOException if the segment cannot be read
         */
        public synchronized Instant lastTimestamp() throws IOException {
            index();
            return lastTimestamp;
        }

        /**
         * Adopts an index built while the segment was the active file.
         *
         * @param built the index, covering the whole file
         * @param lastRevision the revision of its last history line
         * @param timestamp that line's timestamp
         */
        synchronized void adopt(SparseIndex built, long lastRevision, Instant timestamp) {
            index = built;
            last = lastRevision;
            lastTimestamp = timestamp;
        }

        /** Forgets the index (the segment was cut); the next read builds it again. */
        public synchronized void forgetIndex() {
            index = null;
            last = -1;
            lastTimestamp = null;
        }

        @Override
        public String toString() {
            return "Segment[" + first + ", " + path.getFileName() + "]";
        }
    }

    private static final Journal.ReplaySink IGNORE = new Journal.ReplaySink() {
        @Override
        public void state(StateTransition latestWrite) {
        }

        @Override
        public void history(StateTransition transition) {
        }
    };

    /**
     * Replaces the list with the segments in the layout's directory.
     *
     * @throws IOException if the directory cannot be listed
     */
    public synchronized void load() throws IOException {
        byFirst.clear();
        for (long first : files.segments()) {
            byFirst.put(first, new Segment(first, files.segment(first)));
        }
    }

    /**
     * Adds a segment just sealed.
     *
     * @param first its first history revision
     * @param index its index, when the active file had a complete one, or {@code null}
     * @param lastRevision the revision of its last history line
     * @param lastTimestamp that line's timestamp
     * @return the segment
     */
    public synchronized Segment add(long first, SparseIndex index, long lastRevision, Instant lastTimestamp) {
        Segment s = new Segment(first, files.segment(first));
        if (index != null) {
            s.adopt(index, lastRevision, lastTimestamp);
        }
        byFirst.put(first, s);
        return s;
    }

    /**
     * Removes a segment from the list (its file is removed by the caller).
     *
     * @param first its first revision
     */
    public synchronized void remove(long first) {
        byFirst.remove(first);
    }

    /**
     * Returns the segments, oldest first.
     *
     * @return a new list
     */
    public synchronized List<Segment> list() {
        return new ArrayList<>(byFirst.values());
    }

    /**
     * Returns the segment named {@code first}, or {@code null}.
     *
     * @param first a first revision
     * @return the segment or {@code null}
     */
    public synchronized Segment get(long first) {
        return byFirst.get(first);
    }

    /**
     * Returns the segment that holds {@code revision}: the newest whose first revision is at most
     * it, or {@code null} when every segment starts after it.
     *
     * @param revision the revision
     * @return the segment or {@code null}
     */
    public synchronized Segment containing(long revision) {
        Map.Entry<Long, Segment> e = byFirst.floorEntry(revision);
        return e == null ? null : e.getValue();
    }

    /**
     * Returns the first revision of the oldest segment.
     *
     * @return the revision, or {@code -1} when there is none
     */
    public synchronized long oldest() {
        return byFirst.isEmpty() ? -1 : byFirst.firstKey();
    }

    /**
     * Returns the first revision of the segment after {@code first}.
     *
     * @param first a segment's first revision
     * @return the next one's, or {@code -1} when it is the newest
     */
    public synchronized long after(long first) {
        Long next = byFirst.higherKey(first);
        return next == null ? -1 : next;
    }

    /**
     * Adds to {@code out} the history lines of the segments with a revision above {@code after} and
     * below {@code before}, oldest first, until {@code out} holds {@code limit}: from the segment
     * that holds {@code after + 1}, each read from the indexed line nearest before the revision.
     *
     * @param after read revisions above this
     * @param before read revisions below this (the active file's first)
     * @param limit the most {@code out} may hold
     * @param out where they go
     * @throws IOException if a segment cannot be read
     */
    public void readHistory(long after, long before, int limit, List<StateTransition> out) throws IOException {
        List<Segment> all = list();
        int i = 0;
        for (int j = 0; j < all.size(); j++) {
            if (all.get(j).first() <= after + 1) {
                i = j;
            }
        }
        HistoryPage page = new HistoryPage(after, before - 1, limit, out);
        for (; i < all.size() && !page.full(); i++) {
            Segment s = all.get(i);
            long[] start = s.index().start(after);
            if (start == null) {
                continue;
            }
            page.startAfter(start[0] - 1);
            try {
                LineScanner.scan(s.path(), start[1], 1, page);
            } catch (HistoryPage.Full full) {
                return;
            }
        }
    }

    /**
     * Returns the number of segments.
     *
     * @return the count
     */
    public synchronized int size() {
        return byFirst.size();
    }
}
