package dev.statestore.jsonl;

import java.util.Objects;

/**
 * One journal line that was not applied, with why: malformed JSON, a failed checksum,
 * a missing field, an unreadable timestamp, a key, action id or value that {@code set} refuses
 * (an unpaired surrogate, nesting over the limit), or a line too long to parse. Immutable.
 *
 * @param lineNumber the line's number, from 1
 * @param reason why it was skipped
 */
public record SkippedLine(long lineNumber, String reason) {

    /**
     * Checks the parts.
     *
     * @param lineNumber the line's number
     * @param reason why it was skipped
     */
    public SkippedLine {
        Objects.requireNonNull(reason, "reason");
    }
}
