package dev.statestore.bench.peers;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.bench.BenchFiles;
import dev.statestore.bench.BenchStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import tools.jackson.databind.JsonNode;

/**
 * An H2 MVStore file seen as a {@link BenchStore}: a map {@code kv} (key → deadline envelope +
 * JSON), a map {@code history} (sequence → audit record) and a map {@code expiry} (hex deadline +
 * key → nothing), with typed keys and values.
 *
 * <p>MVStore has no write-ahead log: a {@code commit()} writes every change since the last one
 * as a new chunk, and a chunk is the unit of atomicity. Per {@link Durability}:
 * <ul>
 *   <li>{@code BUFFERED}: the default the documentation describes, auto-commit with the
 *       background writer (1000 ms delay). {@code put} changes memory only; the background
 *       thread writes a chunk about once a second, without fsync. A process crash loses the
 *       writes since the last background chunk.</li>
 *   <li>{@code FLUSHED}: {@code autoCommitDisabled()} and {@code store.commit()} after every
 *       write, so the chunk reaches the OS before the call returns: survives a process crash.</li>
 *   <li>{@code SYNCED}: as {@code FLUSHED} plus {@code store.sync()} ({@code FileChannel.force})
 *       after every write: survives a power loss.</li>
 * </ul>
 * An audited write puts into {@code kv} and {@code history} and commits under one lock, so both
 * land in the same chunk; with the background writer that cannot be guaranteed, so
 * {@link #putAudited} refuses {@code BUFFERED}. Expiry walks {@code expiry} up to now, removes
 * each key whose value still carries that deadline, then commits, and syncs when the level is {@code SYNCED}.
 *
 * <p>Thread-safe: MVMap takes concurrent writers; writes of one key are ordered by
 * {@link KeyLocks}. Closing stores what is unsaved and closes the file.
 */
public final class H2MvStorePeer implements BenchStore {

    /** The store file inside the store's directory. */
    static final String FILE = "state.mv.db";

    private static final byte[] NOTHING = new byte[0];

    private final Path file;
    private final Durability durability;
    private final MVStore store;
    private final MVMap<String, byte[]> kv;
    private final MVMap<Long, byte[]> history;
    private final MVMap<String, byte[]> expiry;
    private final KeyLocks keyLocks = new KeyLocks();
    /** Held from the first put of a multi-map write until its commit, so no chunk splits it. */
    private final ReentrantLock chunkLock = new ReentrantLock();
    private final AtomicLong nextSeq;

    private H2MvStorePeer(Path dir, Durability durability) {
        this.file = dir.resolve(FILE);
        this.durability = durability;
        MVStore.Builder builder = new MVStore.Builder().fileName(file.toAbsolutePath().toString());
        if (durability != Durability.BUFFERED) {
            builder.autoCommitDisabled();
        }
        this.store = builder.open();
        this.kv = store.openMap("kv", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        this.history = store.openMap("history", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        this.expiry = store.openMap("expiry", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        Long last = history.lastKey();
        this.nextSeq = new AtomicLong(last == null ? 0 : last + 1);
    }

    /** Returns the MVStore of {@code dir}, created if absent. */
    public static H2MvStorePeer open(Path dir, Durability durability) {
        try {
            return new H2MvStorePeer(dir, durability);
        } catch (MVStoreException e) {
            throw new StateStoreException("H2 MVStore: cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, JsonNode value) {
        byte[] envelope = JsonCodec.envelope(JsonCodec.NO_DEADLINE, value);
        ReentrantLock lock = keyLocks.lock(key);
        try {
            kv.put(key, envelope);
        } finally {
            lock.unlock();
        }
        persist();
    }

    @Override
    public void putAudited(String key, JsonNode value, String actionId) {
        if (durability == Durability.BUFFERED) {
            throw new IllegalStateException("H2 MVStore with the background writer may store the value and its"
                    + " audit record in different chunks; open it FLUSHED or SYNCED for audited writes");
        }
        byte[] json = JsonCodec.bytes(value);
        byte[] envelope = JsonCodec.envelope(JsonCodec.NO_DEADLINE, json);
        chunkLock.lock();
        try {
            ReentrantLock lock = keyLocks.lock(key);
            try {
                byte[] old = kv.put(key, envelope);
                history.put(nextSeq.getAndIncrement(),
                        JsonCodec.auditRecord(key, old, json, actionId, System.currentTimeMillis()));
            } finally {
                lock.unlock();
            }
            commit();
        } finally {
            chunkLock.unlock();
        }
        sync();
    }

    @Override
    public void putWithTtl(String key, JsonNode value, long ttlSecs) {
        long deadline = JsonCodec.deadline(System.currentTimeMillis(), ttlSecs);
        byte[] envelope = JsonCodec.envelope(deadline, value);
        chunkLock.lock();
        try {
            ReentrantLock lock = keyLocks.lock(key);
            try {
                // index first: a chunk that holds the value then always holds its index entry
                expiry.put(indexKey(deadline, key), NOTHING);
                kv.put(key, envelope);
            } finally {
                lock.unlock();
            }
            commit();
        } finally {
            chunkLock.unlock();
        }
        sync();
    }

    @Override
    public Optional<JsonNode> get(String key) {
        byte[] envelope = kv.get(key);
        return envelope == null ? Optional.empty() : Optional.of(JsonCodec.value(envelope));
    }

    @Override
    public int expire(Instant now) {
        long nowMillis = now.toEpochMilli();
        int expired = 0;
        chunkLock.lock();
        keyLocks.lockAll();
        try {
            List<String> due = new ArrayList<>();
            Cursor<String, byte[]> cursor = expiry.cursor(null);
            while (cursor.hasNext()) {
                String index = cursor.next();
                if (deadlineOf(index) > nowMillis) {
                    break;
                }
                due.add(index);
            }
            for (String index : due) {
                String key = index.substring(16);
                byte[] envelope = kv.get(key);
                if (envelope != null && JsonCodec.deadline(envelope) == deadlineOf(index)) {
                    kv.remove(key);
                    expired++;
                }
                expiry.remove(index);
            }
            store.commit();
        } finally {
            keyLocks.unlockAll();
            chunkLock.unlock();
        }
        sync();
        return expired;
    }

    @Override
    public void load(List<Write> writes) {
        long now = System.currentTimeMillis();
        chunkLock.lock();
        try {
            for (Write w : writes) {
                if (w.ttlSecs() == NO_TTL) {
                    kv.put(w.key(), JsonCodec.envelope(JsonCodec.NO_DEADLINE, w.value()));
                } else {
                    long deadline = JsonCodec.deadline(now, w.ttlSecs());
                    expiry.put(indexKey(deadline, w.key()), NOTHING);
                    kv.put(w.key(), JsonCodec.envelope(deadline, w.value()));
                }
            }
            commit();
        } finally {
            chunkLock.unlock();
        }
        sync();
    }

    @Override
    public List<AuditRecord> auditTrail(String key) {
        List<AuditRecord> trail = new ArrayList<>();
        Iterator<Long> keys = history.keyIterator(null);
        while (keys.hasNext()) {
            AuditRecord r = JsonCodec.readAuditRecord(history.get(keys.next()));
            if (r.key().equals(key)) {
                trail.add(r);
            }
        }
        return trail;
    }

    @Override
    public void copyCrashImage(Path target) {
        chunkLock.lock();
        try {
            BenchFiles.copyFiles(file.getParent(), target, name -> name.equals(FILE));
        } finally {
            chunkLock.unlock();
        }
    }

    @Override
    public void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }

    /**
     * Makes the changes so far as durable as the mode promises. Every explicit commit happens
     * under {@link #chunkLock}, so none can split a multi-map write.
     */
    private void persist() {
        if (durability != Durability.BUFFERED) {
            chunkLock.lock();
            try {
                store.commit();
            } finally {
                chunkLock.unlock();
            }
        }
        sync();
    }

    private void commit() {
        if (durability != Durability.BUFFERED) {
            store.commit();
        }
    }

    private void sync() {
        if (durability == Durability.SYNCED) {
            store.sync();
        }
    }

    /** Returns the index key: the deadline as 16 hex digits, then the key, so keys sort by deadline. */
    static String indexKey(long deadline, String key) {
        String hex = Long.toHexString(deadline);
        StringBuilder sb = new StringBuilder(16 + key.length());
        for (int i = hex.length(); i < 16; i++) {
            sb.append('0');
        }
        return sb.append(hex).append(key).toString();
    }

    private static long deadlineOf(String indexKey) {
        return Long.parseUnsignedLong(indexKey, 0, 16, 16);
    }

    @Override
    public String toString() {
        return "H2MvStorePeer[" + file + ", " + durability + "]";
    }
}
