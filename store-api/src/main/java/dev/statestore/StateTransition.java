package dev.statestore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import dev.statestore.internal.TransitionAccess;
import tools.jackson.databind.JsonNode;

/**
 * The record of one write: the key, the value before and after, who made it, when, the TTL it
 * carried, its revision in the store's history and the key's version after it. Every
 * {@code set}, {@code setWithTtl}, effective {@code delete} and reaped key produces one; the
 * ordered list of them is the store's audit log and replays to its state.
 *
 * <p>Immutable and thread-safe. The factory copies the values it is given and the accessors
 * return fresh deep copies, so neither the creator nor a reader can change a recorded value.
 *
 * <p>An empty {@link #newValue()} means the key was deleted; a {@code NullNode} means the key
 * was set to JSON {@code null}. An empty {@link #oldValue()} means the key was absent before.
 */
public final class StateTransition {

    private static final long NO_TTL = -1;

    static {
        TransitionAccess.install(new TransitionAccess.Access() {
            @Override
            public StateTransition adopt(String key, JsonNode oldValue, JsonNode newValue, String actionId,
                    Instant timestamp, long ttlSecs, long revision, long version) {
                return new StateTransition(key, oldValue, newValue, actionId, timestamp, ttlSecs < 0 ? NO_TTL : ttlSecs,
                        revision, version);
            }

            @Override
            public JsonNode sharedOldValue(StateTransition t) {
                return t.oldValue;
            }

            @Override
            public JsonNode sharedNewValue(StateTransition t) {
                return t.newValue;
            }
        });
    }

    private final String key;
    private final JsonNode oldValue;
    private final JsonNode newValue;
    private final String actionId;
    private final Instant timestamp;
    private final long ttlSecs;
    private final long revision;
    private final long version;

    private StateTransition(String key, JsonNode oldValue, JsonNode newValue, String actionId,
            Instant timestamp, long ttlSecs, long revision, long version) {
        this.key = key;
        this.oldValue = oldValue;
        this.newValue = newValue;
        this.actionId = actionId;
        this.timestamp = timestamp;
        this.ttlSecs = ttlSecs;
        this.revision = revision;
        this.version = version;
    }

    /**
     * Returns a transition from its parts, copying both values, with no revision or version yet
     * (both {@code 0}): the form a caller builds before a store has recorded it.
     *
     * @param key the full key (for a tenant, the {@code tenant:<t>:<key>} form)
     * @param oldValue the value before the write, empty when the key was absent
     * @param newValue the value after the write, empty for a delete
     * @param actionId who or what made the write
     * @param timestamp when the write happened
     * @param ttlSecs the TTL in seconds the write carried, empty for none
     * @return the transition
     * @throws NullPointerException if any argument is {@code null}
     * @throws IllegalArgumentException if the TTL is negative, or a delete carries a TTL
     */
    public static StateTransition of(String key, Optional<JsonNode> oldValue,
            Optional<JsonNode> newValue, String actionId, Instant timestamp, OptionalLong ttlSecs) {
        return of(key, oldValue, newValue, actionId, timestamp, ttlSecs, 0, 0);
    }

    /**
     * Returns a transition from its parts, copying both values, as recorded at {@code revision}
     * of a store's history.
     *
     * @param key the full key (for a tenant, the {@code tenant:<t>:<key>} form)
     * @param oldValue the value before the write, empty when the key was absent
     * @param newValue the value after the write, empty for a delete
     * @param actionId who or what made the write
     * @param timestamp when the write happened
     * @param ttlSecs the TTL in seconds the write carried, empty for none
     * @param revision the position in the store's history, {@code >= 1}, or {@code 0} for none yet
     * @param version the key's version after the write, {@code 0} for a delete
     * @return the transition
     * @throws NullPointerException if any argument is {@code null}
     * @throws IllegalArgumentException if the TTL, revision or version is negative, a delete
     *     carries a TTL or a version, or a set carries version {@code 0} with a revision
     */
    public static StateTransition of(String key, Optional<JsonNode> oldValue, Optional<JsonNode> newValue,
            String actionId, Instant timestamp, OptionalLong ttlSecs, long revision, long version) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(ttlSecs, "ttlSecs");
        long ttl = NO_TTL;
        if (ttlSecs.isPresent()) {
            ttl = ttlSecs.getAsLong();
            if (ttl < 0) {
                throw new IllegalArgumentException("ttlSecs must be >= 0 for key '" + key + "', was " + ttl);
            }
            if (newValue.isEmpty()) {
                throw new IllegalArgumentException("a delete of key '" + key + "' cannot carry a TTL");
            }
        }
        if (revision < 0 || version < 0) {
            throw new IllegalArgumentException("revision and version of key '" + key + "' must be >= 0, were "
                    + revision + " and " + version);
        }
        if (newValue.isEmpty() && version != 0) {
            throw new IllegalArgumentException("a delete of key '" + key + "' has version 0, was " + version);
        }
        if (newValue.isPresent() && revision > 0 && version == 0) {
            throw new IllegalArgumentException("a recorded set of key '" + key + "' has a version >= 1, was 0");
        }
        return new StateTransition(key, copy(oldValue.orElse(null)), copy(newValue.orElse(null)),
                actionId, timestamp, ttl, revision, version);
    }

    /**
     * Returns the transition of a write that set {@code key} to {@code newValue}.
     *
     * @param key the full key
     * @param oldValue the previous value, or {@code null} when the key was absent
     * @param newValue the new value (JSON {@code null} is a {@code NullNode}), never {@code null}
     * @param actionId who or what made the write
     * @param timestamp when
     * @param ttlSecs the TTL, empty for none
     * @return the transition
     */
    public static StateTransition ofSet(String key, JsonNode oldValue, JsonNode newValue,
            String actionId, Instant timestamp, OptionalLong ttlSecs) {
        return of(key, Optional.ofNullable(oldValue), Optional.of(Objects.requireNonNull(newValue, "newValue")),
                actionId, timestamp, ttlSecs);
    }

    /**
     * Returns the transition of a delete of {@code key}.
     *
     * @param key the full key
     * @param oldValue the value that was removed, never {@code null}
     * @param actionId who or what deleted it
     * @param timestamp when
     * @return the transition
     */
    public static StateTransition ofDelete(String key, JsonNode oldValue, String actionId, Instant timestamp) {
        return of(key, Optional.of(Objects.requireNonNull(oldValue, "oldValue")), Optional.empty(),
                actionId, timestamp, OptionalLong.empty());
    }

    private static JsonNode copy(JsonNode node) {
        return node == null ? null : node.deepCopy();
    }

    /**
     * Returns the key written, in full (with its {@code tenant:<t>:} prefix, if any).
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns a copy of the value before the write, or empty when the key was absent.
     *
     * @return the old value
     */
    public Optional<JsonNode> oldValue() {
        return Optional.ofNullable(copy(oldValue));
    }

    /**
     * Returns a copy of the value after the write, or empty for a delete.
     *
     * @return the new value
     */
    public Optional<JsonNode> newValue() {
        return Optional.ofNullable(copy(newValue));
    }

    /**
     * Returns the action id given with the write ({@code reap_expired} for reaped keys).
     *
     * @return the action id
     */
    public String actionId() {
        return actionId;
    }

    /**
     * Returns when the write happened, by the store's clock.
     *
     * @return the timestamp
     */
    public Instant timestamp() {
        return timestamp;
    }

    /**
     * Returns the TTL in seconds the write carried, or empty when it carried none.
     *
     * @return the TTL
     */
    public OptionalLong ttlSecs() {
        return ttlSecs == NO_TTL ? OptionalLong.empty() : OptionalLong.of(ttlSecs);
    }

    /**
     * Returns the instant from which the written key may be reaped: {@code timestamp + ttlSecs},
     * clamped to {@link Instant#MAX} instead of overflowing; empty when the write carried no TTL.
     *
     * @return the expiry instant
     */
    public Optional<Instant> expiresAt() {
        if (ttlSecs == NO_TTL) {
            return Optional.empty();
        }
        long maxSecs = Instant.MAX.getEpochSecond() - timestamp.getEpochSecond();
        return Optional.of(ttlSecs >= maxSecs ? Instant.MAX : timestamp.plusSeconds(ttlSecs));
    }

    /**
     * Returns this transition's position in the store's history: {@code 1} for the first write,
     * one more for each later one, with no gaps, so {@code transitions().get(i).revision() == i + 1}
     * while no history has been dropped. {@code 0} for a transition no store has recorded.
     *
     * <p>{@link StateStore#restore} rewinds the history and {@link StateStore#replaceAll} clears it,
     * and the discarded revisions are given again to later writes: a revision read before a
     * rewind means nothing after it.
     *
     * @return the revision, {@code >= 1} once recorded
     */
    public long revision() {
        return revision;
    }

    /**
     * Returns the key's version after this write: {@code 1} when the key was absent before it, one
     * more than the previous version for each later write of the key, and {@code 0} for a delete
     * (the next write of the key starts again at {@code 1}).
     *
     * @return the version
     */
    public long version() {
        return version;
    }

    /**
     * Returns whether this write removed the key.
     *
     * @return {@code true} for a delete
     */
    public boolean isDelete() {
        return newValue == null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StateTransition)) {
            return false;
        }
        StateTransition t = (StateTransition) o;
        return ttlSecs == t.ttlSecs && revision == t.revision && version == t.version && key.equals(t.key) && Objects.equals(oldValue, t.oldValue)
                && Objects.equals(newValue, t.newValue) && actionId.equals(t.actionId)
                && timestamp.equals(t.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, oldValue, newValue, actionId, timestamp, ttlSecs, revision, version);
    }

    /**
     * Returns the transition with its values as compact JSON. Never throws: every value a store
     * accepts prints (its nesting is within Jackson's default limit); a value built through
     * {@link #of} that no JSON writer accepts prints as a note saying why.
     */
    @Override
    public String toString() {
        return "StateTransition[revision=" + revision + ", key=" + key + ", version=" + version
                + ", oldValue=" + print(oldValue) + ", newValue=" + print(newValue)
                + ", actionId=" + actionId + ", timestamp=" + timestamp
                + (ttlSecs == NO_TTL ? "" : ", ttlSecs=" + ttlSecs) + "]";
    }

    private static String print(JsonNode node) {
        if (node == null) {
            return "null";
        }
        try {
            return node.toString();
        } catch (RuntimeException e) {
            return "<" + node.getNodeType() + " that JSON cannot print: " + e.getMessage() + ">";
        }
    }
}
