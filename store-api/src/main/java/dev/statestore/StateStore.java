package dev.statestore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import tools.jackson.databind.JsonNode;

/**
 * A key to JSON state store that records every write as a {@link StateTransition} in a history
 * numbered by revision.
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
 * <p>History. Every write gets the next revision ({@code 1, 2, 3, …}, no gaps); each key has a
 * version ({@code 1} when created, one more per later write). Conditional writes ({@link #setIf},
 * {@link #setWithTtlIf}, {@link #deleteIf}) compare a key's latest revision with the one the
 * caller read from {@link #getVersioned} in one atomic step. {@link #changes(long)} delivers the
 * history from any retained revision and then every new write as it commits. The {@code history}
 * option bounds how much history a store keeps; reading older history throws
 * {@link HistoryCompactedException}. {@link #restore} rewinds the history and
 * {@link #replaceAll} clears it, and the discarded revisions are given again to later writes.
 *
 * <p>The caller that opened a store closes it; views from {@link #scoped(String)} need no
 * closing. A store does not expire keys by itself unless opened with the {@code reap-interval}
 * option: TTLs take effect through {@link #reapExpired(Instant)}.
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
     * Returns a copy of the value of {@code key} with the revision of its latest write, its
     * version and its expiry, or empty when absent.
     *
     * @param key the key
     * @return the versioned value, or empty
     */
    Optional<Versioned> getVersioned(String key);

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
     * Sets {@code key} like {@link #set} if the revision of its latest write is
     * {@code expectedRevision}, in one atomic step with the check; otherwise writes nothing,
     * records nothing and returns empty. {@code expectedRevision} is a revision read from
     * {@link #getVersioned}, or {@code 0} for "the key is absent" (a key installed by
     * {@link #replaceAll}, or restored without a retained write, also has revision {@code 0}).
     * Revisions never repeat within a history, so a key deleted and created again does not match a
     * revision read before the delete.
     *
     * @param key the key
     * @param expectedRevision the revision the key's latest write must have, {@code >= 0}
     * @param value the value
     * @param actionId who or what makes the write
     * @return the transition, or empty when the revision did not match
     * @throws IllegalArgumentException if {@code expectedRevision} is negative
     */
    Optional<StateTransition> setIf(String key, long expectedRevision, JsonNode value, String actionId);

    /**
     * Sets {@code key} like {@link #setWithTtl} under the condition of {@link #setIf}.
     *
     * @param key the key
     * @param expectedRevision the revision the key's latest write must have, {@code >= 0}
     * @param value the value
     * @param actionId who or what makes the write
     * @param ttlSecs seconds until the key may be reaped, {@code >= 0}
     * @return the transition, or empty when the revision did not match
     * @throws IllegalArgumentException if {@code expectedRevision} or {@code ttlSecs} is negative
     */
    Optional<StateTransition> setWithTtlIf(String key, long expectedRevision, JsonNode value, String actionId,
            long ttlSecs);

    /**
     * Deletes {@code key} like {@link #delete} if the revision of its latest write is
     * {@code expectedRevision}, in one atomic step with the check; otherwise records nothing. An
     * absent key is never deleted, so the result is empty for it whatever the expected revision.
     *
     * @param key the key
     * @param expectedRevision the revision the key's latest write must have, {@code >= 0}
     * @param actionId who or what deletes it
     * @return the transition, or empty when the key is absent or the revision did not match
     * @throws IllegalArgumentException if {@code expectedRevision} is negative
     */
    Optional<StateTransition> deleteIf(String key, long expectedRevision, String actionId);

    /**
     * Returns a deep copy of the whole state, every tenant included, at one point in time.
     *
     * @return a new mutable map, sorted by key
     */
    Map<String, JsonNode> snapshot();

    /**
     * Atomically replaces the state with {@code snapshot} and rewinds the history to revision
     * {@code min(transitionCount, transitionCount())}: later transitions are discarded and the
     * next write gets the revision after it. Each key's TTL, revision and version are those of its
     * latest retained transition (a key without one has revision {@code 0} and version
     * {@code 1}). A durable store persists the result atomically, so the rolled-back writes never
     * come back on reopen.
     *
     * <p>The discarded revisions are given again to later writes, so a revision read after the
     * rewind point means nothing once the store is restored; a {@link #changes} subscriber that
     * has seen such a revision gets {@code onError}.
     *
     * @param snapshot the state to restore, typically from {@link #snapshot()}
     * @param transitionCount the revision to rewind to, {@code >= 0}
     * @throws IllegalArgumentException if {@code transitionCount} is negative
     */
    void restore(Map<String, JsonNode> snapshot, long transitionCount);

    /**
     * Returns the revision of the latest transition, {@code 0} for an empty history: the number of
     * transitions ever recorded in this history, dropped ones included.
     *
     * @return the latest revision
     */
    long transitionCount();

    /**
     * Returns the retained history in revision order: every transition, unless the
     * {@code history} option let the store drop older ones. A durable store may read the older
     * part back from storage.
     *
     * @return a new list
     */
    List<StateTransition> transitions();

    /**
     * Returns the transitions whose revision is greater than {@code index}, in revision order;
     * empty when {@code index >= transitionCount()}.
     *
     * @param index the revision to read after, {@code >= 0}
     * @return a new list
     * @throws IllegalArgumentException if {@code index} is negative
     * @throws HistoryCompactedException if transitions after {@code index} are no longer retained
     */
    List<StateTransition> transitionsSince(long index);

    /**
     * Returns at most {@code limit} transitions whose revision is greater than {@code index},
     * oldest first: a page of history, for reading it in bounded steps.
     *
     * @param index the revision to read after, {@code >= 0}
     * @param limit the most transitions to return, {@code >= 1}
     * @return a new list
     * @throws IllegalArgumentException if {@code index} is negative or {@code limit} below 1
     * @throws HistoryCompactedException if transitions after {@code index} are no longer retained
     */
    List<StateTransition> transitionsSince(long index, int limit);

    /**
     * Returns a publisher of every transition with a revision greater than {@code afterRevision},
     * in revision order, none skipped and none twice: first from the retained history, then live
     * as writes commit. Each subscription is independent, honours {@code request(n)}, and is
     * delivered on a thread of the store's, never on a writer's: a slow subscriber neither blocks
     * writers nor makes the store buffer for it (it reads history at its own pace).
     *
     * <p>A subscriber gets {@code onError(HistoryCompactedException)} when the transitions it
     * needs are no longer retained, {@code onError(IllegalStateException)} when {@link #restore}
     * or {@link #replaceAll} discards a revision it has seen, and {@code onComplete} when the
     * store closes.
     *
     * @param afterRevision the revision to start after, {@code >= 0} ({@code transitionCount()}
     *     for only new writes)
     * @return the publisher
     * @throws IllegalArgumentException if {@code afterRevision} is negative
     */
    Flow.Publisher<StateTransition> changes(long afterRevision);

    /**
     * Returns every key, tenants' included, sorted ascending.
     *
     * @return a new list
     */
    List<String> keys();

    /**
     * Replaces the state with {@code state} without recording transitions: clears the history
     * (the next write gets revision {@code 1}) and every TTL; every key gets revision {@code 0}
     * and version {@code 1}. A durable store persists the result atomically. A {@link #changes}
     * subscriber that has seen any revision gets {@code onError}.
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
     * {@code reap_expired} for each, and returns the reaped keys sorted. Takes time proportional
     * to the keys it reaps (a deadline index finds them), not to the state.
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
