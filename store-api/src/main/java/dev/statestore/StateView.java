package dev.statestore;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A read-only view of key to JSON state: the read side that a runtime
 * store, a tenant's view of one, and a symbolic analysis can all implement.
 *
 * <p>Thread-safety: implementations in this library are safe for concurrent use. A view does
 * not own a resource and is never closed by itself; closing the store it reads from makes its
 * calls throw {@link IllegalStateException}.
 *
 * <p>A view does not check TTLs: a key whose TTL has passed stays readable until
 * {@link StateStore#reapExpired(java.time.Instant)} removes it.
 */
public interface StateView {

    /**
     * Returns a deep copy of the value stored under {@code key}, or empty when the key is absent.
     * A key holding JSON {@code null} returns a {@code NullNode}, not empty.
     *
     * @param key the key, never {@code null}
     * @return the value, or empty when the key is absent
     * @throws NullPointerException if {@code key} is {@code null}
     */
    Optional<JsonNode> getValue(String key);

    /**
     * Returns whether {@code key} holds a value (JSON {@code null} counts as a value).
     *
     * @param key the key, never {@code null}
     * @return {@code true} when the key is present
     * @throws NullPointerException if {@code key} is {@code null}
     */
    boolean keyExists(String key);

    /**
     * Returns whether the value of {@code key} is unknown. Runtime state is always known, so the
     * default returns {@code false}; a symbolic view of state may return {@code true}.
     *
     * @param key the key, never {@code null}
     * @return {@code false} for every runtime store
     */
    default boolean isUnknown(String key) {
        return false;
    }
}
