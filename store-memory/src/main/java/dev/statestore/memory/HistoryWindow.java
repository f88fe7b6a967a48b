package dev.statestore.memory;

import dev.statestore.StateTransition;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest part of a store's history held on the heap: a ring of transitions by revision,
 * {@link #firstRevision()} up to {@link #endRevision()} (exclusive). Appending, reading by revision
 * and dropping the oldest are O(1); the ring grows as needed and never shrinks below what it
 * holds. A revision a replay could not read (a damaged journal line) is a hole: an empty slot
 * that reads skip.
 *
 * <p>Not thread-safe: the engine guards it with its lock.
 */
final class HistoryWindow {

    private StateTransition[] ring = new StateTransition[16];
    private int head;
    private int size;
    private long first = 1;

    /** Returns the revision of the oldest held transition, or the next revision when empty. */
    long firstRevision() {
        return first;
    }

    /** Returns one past the newest held revision. */
    long endRevision() {
        return first + size;
    }

    int size() {
        return size;
    }

    /**
     * Appends {@code t}, whose revision must be at least {@link #endRevision()}; the revisions
     * between become holes (an empty window just starts at {@code t}'s revision).
     */
    void add(StateTransition t) {
        long revision = t.revision();
        if (revision < first + size) {
            throw new IllegalStateException("revision " + revision + " appended where " + (first + size)
                    + " was due");
        }
        if (size == 0) {
            first = revision;
        }
        while (first + size < revision) {
            put(null);
        }
        put(t);
    }

    private void put(StateTransition t) {
        if (size == ring.length) {
            StateTransition[] bigger = new StateTransition[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = ring[(head + i) % ring.length];
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) % ring.length] = t;
        size++;
    }

    /** Returns the oldest held transition, or {@code null} for a hole; the window must not be empty. */
    StateTransition oldest() {
        return ring[head];
    }

    /** Drops the oldest held transition. */
    void dropOldest() {
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        first++;
    }

    /** Keeps only the transitions with a revision up to {@code revision}; later appends continue after it. */
    void truncateAfter(long revision) {
        if (revision < first) {
            clear(revision + 1);
            return;
        }
        while (first + size - 1 > revision) {
            size--;
            ring[(head + size) % ring.length] = null;
        }
    }

    /** Empties the window; the next append carries {@code nextRevision}. */
    void clear(long nextRevision) {
        ring = new StateTransition[16];
        head = 0;
        size = 0;
        first = nextRevision;
    }

    /** Returns at most {@code limit} held transitions with a revision above {@code after}, oldest first. */
    List<StateTransition> after(long after, int limit) {
        long from = Math.max(after + 1, first);
        List<StateTransition> out = new ArrayList<>((int) Math.min(limit, Math.max(0, first + size - from)));
        for (long r = from; r < first + size && out.size() < limit; r++) {
            StateTransition t = ring[(int) ((head + (r - first)) % ring.length)];
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** Returns every held transition with a revision up to {@code revision}, oldest first. */
    List<StateTransition> upTo(long revision) {
        List<StateTransition> out = new ArrayList<>();
        for (long r = first; r < first + size && r <= revision; r++) {
            StateTransition t = ring[(int) ((head + (r - first)) % ring.length)];
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }
}
