package dev.statestore.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The keys that carry a TTL, ordered by the instant from which they may be reaped, so that a reap
 * finds the expired keys in time proportional to their number (as etcd's lease heap does), not
 * to the state. Each key appears at most once: with the deadline of its latest write.
 *
 * <p>Not thread-safe: the engine guards it with its write lock.
 */
final class DeadlineIndex {

    private record Deadline(Instant at, String key) {
    }

    private static final Comparator<Deadline> ORDER =
            Comparator.comparing(Deadline::at).thenComparing(Deadline::key);

    private final TreeSet<Deadline> deadlines = new TreeSet<>(ORDER);

    void add(String key, Instant at) {
        deadlines.add(new Deadline(at, key));
    }

    void remove(String key, Instant at) {
        deadlines.remove(new Deadline(at, key));
    }

    void clear() {
        deadlines.clear();
    }

    int size() {
        return deadlines.size();
    }

    /** Returns the keys whose deadline is at or before {@code now}, earliest first, and forgets them. */
    List<String> pollExpired(Instant now) {
        List<String> expired = new ArrayList<>();
        while (!deadlines.isEmpty() && !deadlines.first().at().isAfter(now)) {
            expired.add(deadlines.pollFirst().key());
        }
        return expired;
    }
}
