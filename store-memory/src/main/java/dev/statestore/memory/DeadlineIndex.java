package dev.statestore.memory;

import dev.statestore.StateTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The live writes that carry a TTL, ordered by the instant from which they may be reaped, so that
 * a reap finds the expired keys in time proportional to their number (as etcd's lease heap does),
 * not to the state. Each key appears at most once: with its latest write, which the index holds so
 * that a reap needs no lookup of it.
 *
 * <p>Not thread-safe: the engine guards it with its write lock.
 */
final class DeadlineIndex {

    private record Deadline(Instant at, String key, StateTransition write) {
    }

    private static final Comparator<Deadline> ORDER = (a, b) -> {
        int c = a.at().compareTo(b.at());
        return c != 0 ? c : a.key().compareTo(b.key());
    };

    private final TreeSet<Deadline> deadlines = new TreeSet<>(ORDER);

    /** Adds {@code write}, the latest write of its key, if it carries a TTL. */
    void add(StateTransition write) {
        write.expiresAt().ifPresent(at -> deadlines.add(new Deadline(at, write.key(), write)));
    }

    /** Removes {@code write}, no longer the latest write of its key, if it carries a TTL. */
    void remove(StateTransition write) {
        write.expiresAt().ifPresent(at -> deadlines.remove(new Deadline(at, write.key(), write)));
    }

    void clear() {
        deadlines.clear();
    }

    int size() {
        return deadlines.size();
    }

    /**
     * Returns the writes whose deadline is at or before {@code now}, earliest first, and forgets
     * them.
     */
    List<StateTransition> pollExpired(Instant now) {
        List<StateTransition> expired = new ArrayList<>();
        Iterator<Deadline> it = deadlines.iterator();
        while (it.hasNext()) {
            Deadline d = it.next();
            if (d.at().isAfter(now)) {
                break;
            }
            expired.add(d.write());
            it.remove();
        }
        return expired;
    }
}
