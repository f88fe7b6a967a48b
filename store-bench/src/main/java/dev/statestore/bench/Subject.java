package dev.statestore.bench;

/**
 * Returns what an in-memory benchmark runs against: the store, or the hand-written
 * {@link BaselineStore} it is compared with in the same run.
 *
 * <p>Thread-safe (an enum).
 */
public enum Subject {
    /** {@code statestore:memory:}, opened by URL. */
    STATESTORE,
    /** A {@code ConcurrentHashMap} plus an append-only list, {@link BaselineStore}. */
    BASELINE
}
