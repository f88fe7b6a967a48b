package dev.statestore.bench;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * This project's store seen through {@link BenchStore}, for every statestore {@link Subject}.
 * Every write already records its transition, so {@link #putAudited} is a plain {@code set} with
 * the action id; TTLs are {@code setWithTtl}; expiry is {@code reapExpired}.
 *
 * <p>Thread-safe, as the store is. Closing closes the store.
 */
final class StatestoreAdapter implements BenchStore {

    private static final String ACTION = "bench";

    private final StateStore store;
    private final Path journal;

    /**
     * Creates the adapter.
     *
     * @param store the open store, which the adapter closes
     * @param journal its journal file, or {@code null} when it keeps no files
     */
    StatestoreAdapter(StateStore store, Path journal) {
        this.store = store;
        this.journal = journal;
    }

    @Override
    public void put(String key, JsonNode value) {
        store.set(key, value, ACTION);
    }

    @Override
    public void putAudited(String key, JsonNode value, String actionId) {
        store.set(key, value, actionId);
    }

    @Override
    public void putWithTtl(String key, JsonNode value, long ttlSecs) {
        store.setWithTtl(key, value, ACTION, ttlSecs);
    }

    @Override
    public Optional<JsonNode> get(String key) {
        return store.get(key);
    }

    @Override
    public int expire(Instant now) {
        return store.reapExpired(now).size();
    }

    @Override
    public void load(List<Write> writes) {
        for (Write w : writes) {
            if (w.ttlSecs() == NO_TTL) {
                store.set(w.key(), w.value(), ACTION);
            } else {
                store.setWithTtl(w.key(), w.value(), ACTION, w.ttlSecs());
            }
        }
    }

    @Override
    public List<AuditRecord> auditTrail(String key) {
        List<AuditRecord> trail = new ArrayList<>();
        for (StateTransition t : store.transitions()) {
            if (t.key().equals(key) && !t.isDelete()) {
                trail.add(new AuditRecord(key, t.oldValue(), t.newValue().orElseThrow(), t.actionId()));
            }
        }
        return trail;
    }

    /** Copies the journal and every file named after it (its manifest, checkpoint and segments) once they stop changing. */
    @Override
    public void copyCrashImage(Path target) {
        if (journal == null) {
            throw new UnsupportedOperationException("a store without files has no crash image; reopen it instead");
        }
        String name = journal.getFileName().toString();
        // A checkpoint started by the last writes may still be running: copy once it is done.
        BenchFiles.copyQuiescent(journal.getParent(), target, n -> n.startsWith(name));
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "StatestoreAdapter[" + (journal == null ? "no files" : journal) + "]";
    }
}
