package dev.statestore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Returns and changes a key to JSON state, recording every write as a {@link StateTransition}.
 * Open one with {@link StateStores#open(String)} or construct a backend directly.
 *
 * <p>Thread-safety: every implementation is safe for concurrent use. Each mutation is atomic
 * across the state, the transition log, the TTLs and the journal; {@link #snapshot()} is never
 * torn; a reader that sees a write also sees every write ordered before it; reads do not wait
 * for one another.
 *
 * <p>Values are copied in and out: a caller can change neither the store nor its log by
 * mutating a node it passed or received. Every backend keeps a value in one canonical form, the
 * one a JSON text round trip gives (integers as the smallest of int, long and BigInteger, other
 * numbers as double unless that loses digits, binary as base64 text), so {@code get} after
 * {@code set} returns an equal node on every backend, before and after a reopen; and every backend
 * refuses what none could keep (NaN, infinities, nodes that are not JSON data, unpaired UTF-16
 * surrogates in keys, values or action ids, nesting deeper than 500, Jackson's default). A Java {@code null} key, value or action id is a
 * {@link NullPointerException}; other bad input is an {@link IllegalArgumentException} that
 * names what was wrong and changes nothing. I/O failures of a durable store are
 * {@link StateStoreException}s, and a write that fails with one is not applied.
 *
 * <p>The caller that opened a store closes it; views from {@link #scoped(String)} need no
 * closing. A store does not expire keys by itself: TTLs take effect only through
 * {@link #reapExpired(Instant)}.
 */
public interface StateStore extends StateView, AutoCloseable {

    /**
     * Returns a deep copy of the value of {@code key}, or empty when absent. TTLs are not
     * checked here.
     *
     * @param key the key
     * @return the value, or empty
     */
    Optional<JsonNode> get(String key);

    /**
     * Returns a deep copy of the value of {@code key}, or {@code defaultValue} itself when the
     * key is absent.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent; may be {@code null}
     * @return the value or the default
     */
    JsonNode getOr(String key, JsonNode defaultValue);

    /**
     * Returns whether {@code key} holds a value.
     *
     * @param key the key
     * @return {@code true} when present
     */
    boolean exists(String key);

    /**
     * Sets {@code key} to the canonical copy of {@code value} and returns the recorded
     * transition. Cancels any TTL an earlier write gave the key. JSON {@code null}
     * ({@code NullNode}) is a legal value.
     *
     * @param key the key
     * @param value the value
     * @param actionId who or what makes the write, recorded in the transition
     * @return the transition
     * @throws IllegalArgumentException if the key, value or action id is one no backend could keep
     *     (see above), or one this backend cannot
     */
    StateTransition set(String key, JsonNode value, String actionId);

    /**
     * Sets {@code key} like {@link #set} and gives it a TTL: the key becomes reapable from
     * {@code timestamp + ttlSecs} on. {@code 0} makes it reapable at once; huge TTLs are clamped,
     * never overflowed.
     *
     * @param key the key
     * @param value the value
     * @param actionId who or what makes the write
     * @param ttlSecs seconds until the key may be reaped, {@code >= 0}
     * @return the transition
     * @throws IllegalArgumentException if {@code ttlSecs} is negative
     */
    StateTransition setWithTtl(String key, JsonNode value, String actionId, long ttlSecs);

    /**
     * Removes {@code key} and returns the recorded transition; an absent key records nothing
     * and returns empty.
     *
     * @param key the key
     * @param actionId who or what deletes it
     * @return the transition, or empty when the key was absent
     */
    Optional<StateTransition> delete(String key, String actionId);

    /**
     * Returns a deep copy of the whole state, every tenant included, at one point in time.
     *
     * @return a new mutable map, sorted by key
     */
    Map<String, JsonNode> snapshot();

    /**
     * Atomically replaces the state with {@code snapshot} and truncates the transition log to
     * {@code min(transitionCount, count)} entries. Each key's TTL is the one its latest retained
     * transition carried. A durable store persists the result by an atomic rewrite, so the
     * rolled-back writes never come back on reopen.
     *
     * @param snapshot the state to restore, typically from {@link #snapshot()}
     * @param transitionCount how many log entries to keep, {@code >= 0}
     * @throws IllegalArgumentException if {@code transitionCount} is negative
     */
    void restore(Map<String, JsonNode> snapshot, long transitionCount);

    /**
     * Returns the number of transitions in the log.
     *
     * @return the count
     */
    long transitionCount();

    /**
     * Returns the whole transition log in write order.
     *
     * @return a new list
     */
    List<StateTransition> transitions();

    /**
     * Returns the transitions from position {@code index} on, in write order; empty when
     * {@code index >= transitionCount()}.
     *
     * @param index the first position wanted, {@code >= 0}
     * @return a new list
     * @throws IllegalArgumentException if {@code index} is negative
     */
    List<StateTransition> transitionsSince(long index);

    /**
     * Returns every key, tenants' included, sorted ascending.
     *
     * @return a new list
     */
    List<String> keys();

    /**
     * Replaces the state with {@code state} without recording transitions: clears the log and
     * every TTL. A durable store persists the result by an atomic rewrite.
     *
     * @param state the new state
     */
    void replaceAll(Map<String, JsonNode> state);

    /**
     * Returns a view of one tenant's keys, stored as {@code tenant:<tenant>:<key>}; {@code null}
     * returns the unscoped namespace.
     *
     * @param tenant the tenant, or {@code null}
     * @return the view
     * @throws IllegalArgumentException if the tenant is empty or contains {@code ':'}
     */
    default ScopedStateView scoped(String tenant) {
        return new ScopedStateView(this, tenant);
    }

    /**
     * Drops every key whose latest write carried a TTL that has run out at {@code now}
     * ({@code timestamp + ttl <= now}), records a delete transition with action id
     * {@code reap_expired} for each, compacts a durable store's journal, and returns the reaped
     * keys sorted. O(n) in the size of the state.
     *
     * @param now the instant to judge expiry by
     * @return the reaped keys, sorted
     */
    List<String> reapExpired(Instant now);

    /**
     * Flushes and fsyncs the journal of a durable store; does nothing for a store without one.
     *
     * @throws StateStoreException if the flush or fsync fails
     */
    void sync();

    /**
     * Flushes the journal, releases its lock and makes every later call except {@code close}
     * throw {@link IllegalStateException}. Idempotent.
     *
     * @throws StateStoreException if the final flush fails
     */
    @Override
    void close();

    @Override
    default Optional<JsonNode> getValue(String key) {
        return get(key);
    }

    @Override
    default boolean keyExists(String key) {
        return exists(key);
    }
}
