package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.internal.TransitionAccess;
import dev.statestore.spi.Journal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state a journal's records fold into, by the engine's replay rules: a state line sets its
 * key; a history line sets or deletes its key, numbered (when stored without a revision) after
 * the previous record and versioned (when stored without a version) after the key's previous
 * write. Each live key keeps its latest write without its old value: the line a checkpoint
 * stores. Used to write checkpoints from files and to read a journal without opening it.
 *
 * <p>Not thread-safe.
 */
public final class StateFold implements Journal.ReplaySink {

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();
    private static final Comparator<StateTransition> BY_KEY = Comparator.comparing(StateTransition::key);

    private final Map<String, StateTransition> state = new HashMap<>();
    private long latest;

    /** Creates an empty fold. */
    public StateFold() {
    }

    @Override
    public void state(StateTransition t) {
        state.put(t.key(), withoutOldValue(t, t.revision(), t.version()));
        latest = Math.max(latest, t.revision());
    }

    @Override
    public void history(StateTransition t) {
        long revision = t.revision() > 0 ? t.revision() : latest + 1;
        latest = Math.max(latest, revision);
        if (t.isDelete()) {
            state.remove(t.key());
            return;
        }
        StateTransition previous = state.get(t.key());
        long version = t.version() > 0 ? t.version() : previous == null ? 1 : previous.version() + 1;
        state.put(t.key(), withoutOldValue(t, revision, version));
    }

    @Override
    public void end(long latestRevision) {
        latest = Math.max(latest, latestRevision);
    }

    private static StateTransition withoutOldValue(StateTransition t, long revision, long version) {
        return TRANSITIONS.adopt(t.key(), null, TRANSITIONS.sharedNewValue(t), t.actionId(), t.timestamp(),
                t.ttlSecs().orElse(-1), revision, version);
    }

    /**
     * Returns the latest revision folded in.
     *
     * @return the revision
     */
    public long latest() {
        return latest;
    }

    /**
     * Returns the number of live keys.
     *
     * @return the count
     */
    public int size() {
        return state.size();
    }

    /**
     * Returns the live keys' latest writes, sorted by key.
     *
     * @return a new list
     */
    public List<StateTransition> sorted() {
        List<StateTransition> out = new ArrayList<>(state.values());
        out.sort(BY_KEY);
        return out;
    }

    /**
     * Returns the live keys' latest writes by key.
     *
     * @return an unmodifiable view
     */
    public Map<String, StateTransition> map() {
        return Collections.unmodifiableMap(state);
    }
}
