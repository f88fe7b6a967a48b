package dev.statestore.stress;

import dev.statestore.StateTransition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The facts about a transition log that the stress tests put into their results.
 */
final class Logs {

    /** What {@link #chainLength} returns for a log with a gap. */
    static final int GAP = -1;

    private Logs() {
    }

    /**
     * Returns the length of {@code log} when its audit chain has no gap, else {@link #GAP}. The
     * chain has no gap when every transition's old value is the new value of the previous
     * transition of the same key (absent for a key's first transition).
     *
     * @param log a store's transitions, oldest first
     * @return the number of transitions, or {@link #GAP}
     */
    static int chainLength(List<StateTransition> log) {
        Map<String, Optional<JsonNode>> latest = new HashMap<>();
        for (StateTransition t : log) {
            Optional<JsonNode> before = latest.getOrDefault(t.key(), Optional.empty());
            if (!before.equals(t.oldValue())) {
                return GAP;
            }
            latest.put(t.key(), t.newValue());
        }
        return log.size();
    }

    /**
     * Returns the code of the value the last transition of {@code log} left behind:
     * {@link Values#ABSENT} for a delete, else the code of its new value.
     *
     * @param log a store's transitions, not empty
     * @return the code
     */
    static int lastNewValue(List<StateTransition> log) {
        return Values.code(log.get(log.size() - 1).newValue());
    }
}
