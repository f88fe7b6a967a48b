package dev.statestore.cli;

import dev.statestore.jsonl.JournalLine;
import java.nio.file.Path;

/**
 * The judge of whether a file being read is a journal at all: when its first {@link #LIMIT} lines
 * are all bad, it is not, and the read stops with one clear message instead of listing (or
 * rewriting away) every line of a log file or a CSV given by mistake.
 *
 * <p>Not thread-safe: one read feeds it.
 */
final class JournalGuard {

    /** How many bad lines, with no valid one before them, make a file "not a journal". */
    static final int LIMIT = 200;

    private final Path file;
    private long valid;
    private long bad;
    private String firstProblem;

    JournalGuard(Path file) {
        this.file = file;
    }

    /**
     * Notes one line.
     *
     * @throws CliException with exit code 1 at the {@link #LIMIT}th bad line when no valid
     *     line came before it
     */
    void check(JournalLine line) {
        if (line.transition().isPresent()) {
            valid++;
            return;
        }
        if (bad++ == 0) {
            firstProblem = "line " + line.lineNumber() + ": " + line.problem().orElse("");
        }
        if (valid == 0 && bad >= LIMIT) {
            throw new CliException(ExitCodes.PROBLEMS, file + " is not a statestore journal: none of its first "
                    + LIMIT + " lines holds a transition (" + firstProblem + "); stopped reading. A journal is"
                    + " JSON Lines, one transition object per line");
        }
    }
}
