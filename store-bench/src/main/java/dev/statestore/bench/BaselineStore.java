package dev.statestore.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Returns the yardstick of the in-memory benchmarks: the least a hand-written store must do to
 * give what {@code statestore:memory:} gives, namely a {@link ConcurrentHashMap} of values plus an
 * append-only list with one record per write, values deep-copied in and out.
 *
 * <p>A write copies the value, then under one lock puts it and appends a record of the key, the
 * old and new value, the action id and {@link Instant#now()}, so the list is in the map's write
 * order (the store guarantees the same). A read is a lock-free map lookup plus a deep copy. There
 * are no TTLs, tenants, snapshots, checks or journal: whatever the store costs beyond this is the
 * price of those.
 *
 * <p>Thread-safe. Holds no resource.
 */
public final class BaselineStore {

    /**
     * Returns one write as the baseline records it. A plain final class rather than a record, so
     * that JOL can measure it (it reads fields through {@code Unsafe}, which refuses records).
     */
    public static final class Write {
        private final String key;
        private final JsonNode oldValue;
        private final JsonNode newValue;
        private final String actionId;
        private final Instant timestamp;

        private Write(String key, JsonNode oldValue, JsonNode newValue, String actionId, Instant timestamp) {
            this.key = key;
            this.oldValue = oldValue;
            this.newValue = newValue;
            this.actionId = actionId;
            this.timestamp = timestamp;
        }

        /**
         * Returns the key written.
         *
         * @return the key
         */
        public String key() {
            return key;
        }

        /**
         * Returns the value before the write, {@code null} when the key was absent.
         *
         * @return the old value, shared
         */
        public JsonNode oldValue() {
            return oldValue;
        }

        /**
         * Returns the value written.
         *
         * @return the new value, shared
         */
        public JsonNode newValue() {
            return newValue;
        }

        /**
         * Returns who wrote it.
         *
         * @return the action id
         */
        public String actionId() {
            return actionId;
        }

        /**
         * Returns when it was written.
         *
         * @return the timestamp
         */
        public Instant timestamp() {
            return timestamp;
        }
    }

    private final ConcurrentHashMap<String, JsonNode> values = new ConcurrentHashMap<>();
    private final List<Write> log = new ArrayList<>();

    /** Creates an empty baseline. */
    public BaselineStore() {
    }

    /**
     * Returns a deep copy of the value of {@code key}, or {@code null} when absent.
     *
     * @param key the key
     * @return the copy, or {@code null}
     */
    public JsonNode get(String key) {
        JsonNode v = values.get(key);
        return v == null ? null : v.deepCopy();
    }

    /**
     * Sets {@code key} to a copy of {@code value} and returns the record of the write.
     *
     * @param key the key
     * @param value the value
     * @param actionId who writes
     * @return the record
     */
    public Write set(String key, JsonNode value, String actionId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(actionId, "actionId");
        JsonNode copy = value.deepCopy();
        synchronized (log) {
            Write w = new Write(key, values.put(key, copy), copy, actionId, Instant.now());
            log.add(w);
            return w;
        }
    }

    /**
     * Returns the number of writes recorded.
     *
     * @return the count
     */
    public int writes() {
        synchronized (log) {
            return log.size();
        }
    }

    /**
     * Returns the number of keys.
     *
     * @return the count
     */
    public int size() {
        return values.size();
    }
}
