package dev.statestore.cli;

import dev.statestore.jsonl.JournalLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The bad lines and damaged files one read of a journal found: how many, and the first
 * {@link #KEPT} with their file, line and reason. A file of millions of bad lines costs the
 * count, not a list of millions.
 *
 * <p>Not thread-safe: one read fills it.
 */
final class BadLines {

    /** How many problems are kept with their reasons; the rest are only counted. */
    static final int KEPT = 100;

    private final List<JournalLayout.Problem> first = new ArrayList<>();
    private long count;

    void add(JournalLayout.Problem problem) {
        if (first.size() < KEPT) {
            first.add(problem);
        }
        count++;
    }

    void addAll(Collection<JournalLayout.Problem> problems) {
        problems.forEach(this::add);
    }

    long count() {
        return count;
    }

    /** Returns the first {@link #KEPT} problems, in the order they were found. */
    List<JournalLayout.Problem> first() {
        return Collections.unmodifiableList(first);
    }

    /**
     * Returns where a problem is, for a message: the file's name and {@code line N}, or the file's
     * name alone for a problem of the whole file.
     */
    static String where(JournalLayout.Problem p) {
        Path name = p.file().getFileName();
        String file = name == null ? p.file().toString() : name.toString();
        return p.lineNumber() > 0 ? file + " line " + p.lineNumber() : file;
    }

    /** Returns a problem as one line of text: where it is and why, escaped for a terminal. */
    static String describe(JournalLayout.Problem p) {
        return Text.escape(where(p)) + ": " + Text.oneLine(p.reason());
    }
}
