package dev.statestore.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The one facade every workload drives a {@link Subject} through: this project's stores, the
 * hand-written baseline, and the embedded stores a Java developer would pick instead, each used
 * the way its own documentation recommends. Every write returns only once it is as durable as
 * the subject's level promises.
 *
 * <p>Values go in and come out as Jackson {@link JsonNode}s, as an application that keeps JSON
 * state holds them; a store that keeps bytes or text pays for the serialization in the measured
 * call, as its user would. An operation a store has no way to do (the baseline keeps no TTLs)
 * throws {@link UnsupportedOperationException}; the workloads never ask for it.
 *
 * <p>Thread-safety: every implementation is safe for concurrent use by any number of threads.
 * The caller that opened a store closes it; closing does not delete its files.
 */
public interface BenchStore extends AutoCloseable {

    /** The TTL of a write that has none. */
    long NO_TTL = -1;

    /**
     * Sets {@code key} to {@code value}, cancelling any TTL the key had.
     *
     * @param key the key
     * @param value the value
     */
    void put(String key, JsonNode value);

    /**
     * Sets {@code key} to {@code value} and records an audit entry (the key, the value it
     * replaced, the new value, {@code actionId} and the time) in the same atomic write.
     *
     * @param key the key
     * @param value the value
     * @param actionId who or what made the write
     * @throws IllegalStateException if the store's level cannot make the two records atomic
     *     (H2 MVStore with its background writer)
     */
    void putAudited(String key, JsonNode value, String actionId);

    /**
     * Sets {@code key} to {@code value} with a TTL: the key is expired by the first
     * {@link #expire(Instant)} whose {@code now} is at or after the write time plus
     * {@code ttlSecs}.
     *
     * @param key the key
     * @param value the value
     * @param ttlSecs seconds the key lives, {@code >= 0}
     */
    void putWithTtl(String key, JsonNode value, long ttlSecs);

    /**
     * Returns the value of {@code key}, or empty when absent.
     *
     * @param key the key
     * @return a value the caller owns
     */
    Optional<JsonNode> get(String key);

    /**
     * Deletes every key whose TTL has run out at {@code now}, as durably as the level promises,
     * and returns how many it deleted.
     *
     * @param now the instant to judge expiry by
     * @return the number of keys deleted
     */
    int expire(Instant now);

    /**
     * Applies {@code writes} in the fastest way the store offers for loading data (batches or
     * transactions where it has them), to set up a benchmark; as durable as {@link #put} when
     * this returns.
     *
     * @param writes the writes, applied in order
     */
    void load(List<Write> writes);

    /**
     * Returns the audit entries of {@code key} in write order.
     *
     * @param key the key
     * @return the entries, oldest first
     */
    List<AuditRecord> auditTrail(String key);

    /**
     * Copies the store's files as a crash of the process would leave them right now into the
     * empty or absent directory {@code target}: what has reached the operating system, without
     * what the store would still write on {@code close()}. Writers must be quiet during the copy.
     *
     * @param target where to put the copy
     */
    void copyCrashImage(Path target);

    /** Closes the store; idempotent. */
    @Override
    void close();

    /**
     * One write for {@link #load(List)}.
     *
     * @param key the key
     * @param value the value
     * @param ttlSecs the TTL in seconds, or {@link #NO_TTL}
     */
    record Write(String key, JsonNode value, long ttlSecs) {
    }

    /**
     * One audit entry as a store recorded it.
     *
     * @param key the key
     * @param oldValue the value the write replaced, empty when the key was absent
     * @param newValue the value written
     * @param actionId who or what made the write
     */
    record AuditRecord(String key, Optional<JsonNode> oldValue, JsonNode newValue, String actionId) {
    }
}
