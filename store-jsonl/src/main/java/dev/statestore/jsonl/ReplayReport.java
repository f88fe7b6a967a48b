package dev.statestore.jsonl;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Returns what reading a journal found: how many lines it read and applied, which it skipped
 * and why, and how many bytes of an unfinished last line it found.
 *
 * <p>{@code linesRead} counts complete lines (ended by {@code '\n'}), blank ones included, so
 * {@code linesRead == applied + skipped().size() + blank lines}. {@code tornBytes} are the bytes
 * after the last {@code '\n'}: a store cuts them off when it opens (keeping them in a side file),
 * {@link JournalReader} only reports them. {@code fileBytes} is the file's size when it was read,
 * torn bytes included.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path the journal
 * @param linesRead complete lines read
 * @param applied lines that held a valid transition
 * @param skipped malformed or checksum-failing lines, in file order
 * @param tornBytes bytes after the last newline
 * @param fileBytes the size of the file when read
 */
public record ReplayReport(Path path, long linesRead, long applied, List<SkippedLine> skipped,
                           long tornBytes, long fileBytes) {

    /**
     * Checks and copies the parts.
     *
     * @param path the journal
     * @param linesRead complete lines read
     * @param applied lines that held a valid transition
     * @param skipped skipped lines
     * @param tornBytes bytes after the last newline
     * @param fileBytes file size
     */
    public ReplayReport {
        Objects.requireNonNull(path, "path");
        skipped = List.copyOf(skipped);
    }

    /**
     * Returns whether every line was applied and nothing was torn.
     *
     * @return {@code true} for a clean journal
     */
    public boolean clean() {
        return skipped.isEmpty() && tornBytes == 0;
    }
}
