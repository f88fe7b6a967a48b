package dev.statestore.cli;

import dev.statestore.jsonl.SkippedLine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bad lines one read of a journal found: how many, and the first {@link #KEPT} with
 * their reasons. A file of millions of bad lines costs the count, not a list of millions.
 *
 * <p>Not thread-safe: one read fills it.
 */
final class BadLines {

    /** How many bad lines are kept with their reasons; the rest are only counted. */
    static final int KEPT = 100;

    private final List<SkippedLine> first = new ArrayList<>();
    private long count;

    void add(long lineNumber, String reason) {
        if (first.size() < KEPT) {
            first.add(new SkippedLine(lineNumber, reason));
        }
        count++;
    }

    long count() {
        return count;
    }

    /** Returns the first {@link #KEPT} bad lines, in file order. */
    List<SkippedLine> first() {
        return Collections.unmodifiableList(first);
    }
}
