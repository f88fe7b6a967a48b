package dev.statestore.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The yardstick of the in-memory benchmarks: the least a hand-written store must do to
 * give what {@code statestore:memory:} gives, namely a {@link ConcurrentHashMap} of values plus an
 * append-only list with one record per write, values deep-copied in and out.
 *
 * <p>A write copies the value, then under one lock puts it and appends a record of the key, the
 * old and new value, the action id and {@link Instant#now()}, so the list is in the map's write
 * order (the store guarantees the same). A read is a lock-free map lookup plus a deep copy. There
 * are no TTLs, tenants, snapshots, checks or journal: whatever the store costs beyond this is the
 * price of those.
 *
 * <p>As a {@link BenchStore} it does {@code put}, {@code putAudited} (its {@code set} records
 * every write anyway) and {@code get}; it keeps no TTLs and no files, so {@code putWithTtl},
 * {@code expire} and {@code copyCrashImage} throw {@link UnsupportedOperationException}.
 *
 * <p>Thread-safe. Holds no resource; closing does nothing.
 */
public final class BaselineStore implements BenchStore {

    /**
     * One write as the baseline records it. A plain final class rather than a record, so that JOL
     * can measure it (it reads fields through {@code Unsafe}, which refuses records).
     */
    public static final class LogEntry {
        private final String key;
        private final JsonNode oldValue;
        private final JsonNode newValue;
        private final String actionId;
        private final Instant timestamp;

        private LogEntry(String key, JsonNode oldValue, JsonNode newValue, String actionId, Instant timestamp) {
            this.key = key;
            this.oldValue = oldValue;
            this.newValue = newValue;
            this.actionId = actionId;
            this.timestamp = timestamp;
        }
    }

    private final ConcurrentHashMap<String, JsonNode> values = new ConcurrentHashMap<>();
    private final List<LogEntry> log = new ArrayList<>();

    /** Creates an empty baseline. */
    public BaselineStore() {
    }

    /**
     * Sets {@code key} to a copy of {@code value} and returns the record of the write.
     *
     * @param key the key
     * @param value the value
     * @param actionId who writes
     * @return the record
     */
    public LogEntry set(String key, JsonNode value, String actionId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(actionId, "actionId");
        JsonNode copy = value.deepCopy();
        synchronized (log) {
            LogEntry w = new LogEntry(key, values.put(key, copy), copy, actionId, Instant.now());
            log.add(w);
            return w;
        }
    }

    @Override
    public void put(String key, JsonNode value) {
        set(key, value, "bench");
    }

    @Override
    public void putAudited(String key, JsonNode value, String actionId) {
        set(key, value, actionId);
    }

    @Override
    public void putWithTtl(String key, JsonNode value, long ttlSecs) {
        throw new UnsupportedOperationException("the baseline keeps no TTLs; run TTL workloads on another subject");
    }

    @Override
    public Optional<JsonNode> get(String key) {
        JsonNode v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.deepCopy());
    }

    @Override
    public int expire(Instant now) {
        throw new UnsupportedOperationException("the baseline keeps no TTLs; run expiry on another subject");
    }

    @Override
    public void load(List<Write> writes) {
        for (Write w : writes) {
            set(w.key(), w.value(), "load");
        }
    }

    @Override
    public List<AuditRecord> auditTrail(String key) {
        List<AuditRecord> trail = new ArrayList<>();
        synchronized (log) {
            for (LogEntry e : log) {
                if (e.key.equals(key)) {
                    trail.add(new AuditRecord(key, Optional.ofNullable(e.oldValue), e.newValue, e.actionId));
                }
            }
        }
        return trail;
    }

    @Override
    public void copyCrashImage(Path target) {
        throw new UnsupportedOperationException("the baseline keeps no files");
    }

    @Override
    public void close() {
        // nothing to release
    }
}
