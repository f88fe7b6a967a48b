package dev.statestore.bench.peers;

import dev.statestore.Durability;
import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import dev.statestore.bench.BenchFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Returns this project's store as a {@link PeerStore}, opened by URL
 * ({@code statestore:jsonl:<dir>/state.jsonl?durability=<mode>}) so that the benchmark compiles
 * against the API only. Every write already records its transition, so {@link #putAudited} is a
 * plain {@code set} with the action id; TTLs are {@code setWithTtl}; expiry is
 * {@code reapExpired}, which also compacts the journal.
 *
 * <p>Thread-safe, as the store is. Closing closes the store.
 */
final class StatestorePeer implements PeerStore {

    /** The file name of the journal inside the store's directory. */
    static final String JOURNAL = "state.jsonl";

    private static final String ACTION = "bench";

    private final StateStore store;
    private final Path journal;

    private StatestorePeer(StateStore store, Path journal) {
        this.store = store;
        this.journal = journal;
    }

    /** Returns the JSONL store of {@code dir}, created if absent. */
    static StatestorePeer open(Path dir, Durability durability) {
        Path journal = dir.resolve(JOURNAL);
        return new StatestorePeer(StateStores.open(url(journal, durability)), journal);
    }

    /** Returns the URL that opens the journal {@code journal} in mode {@code durability}. */
    static String url(Path journal, Durability durability) {
        return "statestore:jsonl:" + journal.toAbsolutePath() + "?durability=" + durability.urlName();
    }

    @Override
    public PeerKind kind() {
        return PeerKind.STATESTORE_JSONL;
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

    @Override
    public void copyCrashImage(Path target) {
        BenchFiles.copyFiles(journal.getParent(), target, name -> name.equals(JOURNAL));
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "StatestorePeer[" + journal + "]";
    }
}
