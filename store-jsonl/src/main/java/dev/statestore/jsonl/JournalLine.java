package dev.statestore.jsonl;

import dev.statestore.StateTransition;
import java.util.Objects;
import java.util.Optional;

/**
 * One complete, non-blank line of a journal as {@link JournalReader} saw it: where it
 * is, and either the transition it holds or why it holds none. Immutable.
 *
 * @param lineNumber the line's number, from 1
 * @param offset the file offset of its first byte
 * @param length its length in bytes without the {@code '\n'} (clamped to
 *     {@link Integer#MAX_VALUE} for an overlong line)
 * @param transition the transition, empty when the line is bad
 * @param problem why the line is bad, empty when it holds a transition
 */
public record JournalLine(long lineNumber, long offset, int length,
                          Optional<StateTransition> transition, Optional<String> problem) {

    /**
     * Checks that exactly one of {@code transition} and {@code problem} is present.
     *
     * @param lineNumber the line's number
     * @param offset its offset
     * @param length its length
     * @param transition its transition
     * @param problem its problem
     */
    public JournalLine {
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(problem, "problem");
        if (transition.isPresent() == problem.isPresent()) {
            throw new IllegalArgumentException("a journal line holds either a transition or a problem");
        }
    }
}
