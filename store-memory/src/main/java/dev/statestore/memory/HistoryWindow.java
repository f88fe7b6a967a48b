package dev.statestore.memory;

import dev.statestore.StateTransition;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest part of a store's history held on the heap: a ring of transitions with consecutive
 * revisions, {@link #firstRevision()} up to {@link #endRevision()} (exclusive). Appending, reading
 * by revision and dropping the oldest are O(1); the ring grows as needed and never shrinks below
 * what it holds.
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

    /** Appends {@code t}, whose revision must be {@link #endRevision()}. */
    void add(StateTransition t) {
        if (t.revision() != first + size) {
            throw new IllegalStateException("revision " + t.revision() + " appended where " + (first + size)
                    + " was due");
        }
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

    /** Returns the oldest held transition; the window must not be empty. */
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
        int count = (int) Math.min(limit, Math.max(0, first + size - from));
        List<StateTransition> out = new ArrayList<>(count);
        int offset = (int) (from - first);
        for (int i = 0; i < count; i++) {
            out.add(ring[(head + offset + i) % ring.length]);
        }
        return out;
    }

    /** Returns every held transition with a revision up to {@code revision}, oldest first. */
    List<StateTransition> upTo(long revision) {
        long end = Math.min(revision + 1, first + size);
        return after(first - 1, (int) Math.max(0, end - first));
    }
}
