package dev.statestore.jsonl;

import java.util.ArrayList;
import java.util.List;

/**
 * The bad lines of one read of a journal, in bounded memory: every one counted, the first
 * {@link ReplayReport#MAX_SKIPPED_KEPT} kept with their line numbers and reasons. Not thread-safe:
 * one per read.
 */
final class SkippedLines {

    private final List<SkippedLine> first = new ArrayList<>();
    private long count;

    /**
     * Counts one bad line, keeping it if it is among the first.
     *
     * @param lineNumber its number
     * @param reason why it was skipped
     */
    void add(long lineNumber, String reason) {
        count++;
        if (first.size() < ReplayReport.MAX_SKIPPED_KEPT) {
            first.add(new SkippedLine(lineNumber, reason));
        }
    }

    /** Returns how many bad lines were counted. */
    long count() {
        return count;
    }

    /** Returns the first bad lines, in file order. */
    List<SkippedLine> first() {
        return first;
    }
}
