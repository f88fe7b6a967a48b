package dev.statestore.jsonl;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What reading a journal found: how many lines it read and applied, how many it skipped
 * (and which, with why, for the first {@link #MAX_SKIPPED_KEPT}), and how many bytes of an
 * unfinished last line it found.
 *
 * <p>{@code linesRead} counts complete lines (ended by {@code '\n'}), blank ones included, so
 * {@code linesRead == applied + skippedCount + blank lines}. {@code skipped} holds the first
 * {@link #MAX_SKIPPED_KEPT} skipped lines in file order, so that a file of millions of bad lines
 * is read in bounded memory; {@code skippedCount} counts them all. {@code tornBytes} are the bytes
 * after the last {@code '\n'}: a store cuts them off when it opens (keeping them in a side file),
 * {@link JournalReader} only reports them. {@code fileBytes} is the file's size when it was read,
 * torn bytes included.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path the journal
 * @param linesRead complete lines read
 * @param applied lines that held a valid transition
 * @param skippedCount malformed, checksum-failing or unstorable lines, all of them
 * @param skipped the first of them (at most {@link #MAX_SKIPPED_KEPT}), in file order
 * @param tornBytes bytes after the last newline
 * @param fileBytes the size of the file when read
 */
public record ReplayReport(Path path, long linesRead, long applied, long skippedCount, List<SkippedLine> skipped,
                           long tornBytes, long fileBytes) {

    /** The most skipped lines a report lists with their line numbers and reasons. */
    public static final int MAX_SKIPPED_KEPT = 1000;

    /**
     * Checks and copies the parts.
     *
     * @param path the journal
     * @param linesRead complete lines read
     * @param applied lines that held a valid transition
     * @param skippedCount all skipped lines
     * @param skipped the first skipped lines
     * @param tornBytes bytes after the last newline
     * @param fileBytes file size
     * @throws IllegalArgumentException if {@code skipped} lists more lines than {@code skippedCount}
     *     or than {@link #MAX_SKIPPED_KEPT}, or fewer than both
     */
    public ReplayReport {
        Objects.requireNonNull(path, "path");
        skipped = List.copyOf(skipped);
        if (skipped.size() != Math.min(skippedCount, MAX_SKIPPED_KEPT)) {
            throw new IllegalArgumentException("a report of " + skippedCount + " skipped lines lists "
                    + skipped.size() + " of them; it lists the first min(count, " + MAX_SKIPPED_KEPT + ")");
        }
    }

    /**
     * Returns whether every line was applied and nothing was torn.
     *
     * @return {@code true} for a clean journal
     */
    public boolean clean() {
        return skippedCount == 0 && tornBytes == 0;
    }
}
