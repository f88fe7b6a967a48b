package dev.statestore.bench.peers;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.bench.BenchFiles;
import dev.statestore.bench.BenchStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import tools.jackson.databind.JsonNode;

/**
 * A RocksDB database seen as a {@link BenchStore}, with default options and three column
 * families: {@code default} (key → deadline envelope + JSON), {@code history} (8-byte sequence →
 * audit record) and {@code expiry} (8-byte big-endian deadline + key → nothing).
 *
 * <p>Durability per {@link Durability}: {@code BUFFERED} → {@code manual_wal_flush=true} (WAL
 * records wait in RocksDB's buffer until {@code flushWal}, done on close), {@code FLUSHED} →
 * {@code WriteOptions.setSync(false)} (the WAL record reaches the OS before the write returns),
 * {@code SYNCED} → {@code setSync(true)} (the WAL is fsynced before the write returns; RocksDB
 * groups concurrent writers behind one leader, so they share the fsync).
 *
 * <p>An audited write reads the old value and writes value and audit record in one
 * {@link WriteBatch}, under the key's stripe of {@link KeyLocks} so the old value is exact. A TTL
 * write batches the value with an index entry; expiry scans the index up to now, deletes the keys
 * whose value still carries that deadline and the index entries in one batch, written as the
 * level writes every batch. (RocksDB's
 * {@code TtlDB} has one TTL per database and drops entries only in compaction, and a compaction
 * filter needs native code, so the index is the per-key way.)
 *
 * <p>Thread-safe. Closing flushes a buffered WAL and releases every native handle.
 */
public final class RocksDbPeer implements BenchStore {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] NOTHING = new byte[0];
    private static final byte[] HISTORY = "history".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EXPIRY = "expiry".getBytes(StandardCharsets.UTF_8);

    private final Path dir;
    private final Durability durability;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle data;
    private final ColumnFamilyHandle history;
    private final ColumnFamilyHandle expiry;
    private final WriteOptions writeOptions;
    private final KeyLocks keyLocks = new KeyLocks();
    private final AtomicLong nextSeq;
    private volatile boolean closed;

    private RocksDbPeer(Path dir, Durability durability) throws RocksDBException {
        this.dir = dir;
        this.durability = durability;
        this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setManualWalFlush(durability == Durability.BUFFERED);
        this.cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(HISTORY, cfOptions),
                new ColumnFamilyDescriptor(EXPIRY, cfOptions));
        this.db = RocksDB.open(dbOptions, dir.toAbsolutePath().toString(), families, handles);
        this.data = handles.get(0);
        this.history = handles.get(1);
        this.expiry = handles.get(2);
        this.writeOptions = new WriteOptions().setSync(durability == Durability.SYNCED);
        try (RocksIterator it = db.newIterator(history)) {
            it.seekToLast();
            this.nextSeq = new AtomicLong(it.isValid() ? ByteBuffer.wrap(it.key()).getLong() + 1 : 0);
        }
    }

    /** Returns the RocksDB database in {@code dir}, created if absent. */
    public static RocksDbPeer open(Path dir, Durability durability) {
        try {
            return new RocksDbPeer(dir, durability);
        } catch (RocksDBException e) {
            throw failure("open " + dir, e);
        }
    }

    @Override
    public void put(String key, JsonNode value) {
        byte[] envelope = JsonCodec.envelope(JsonCodec.NO_DEADLINE, value);
        byte[] k = utf8(key);
        ReentrantLock lock = keyLocks.lock(key);
        try {
            db.put(data, writeOptions, k, envelope);
        } catch (RocksDBException e) {
            throw failure("write '" + key + "'", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void putAudited(String key, JsonNode value, String actionId) {
        byte[] json = JsonCodec.bytes(value);
        byte[] envelope = JsonCodec.envelope(JsonCodec.NO_DEADLINE, json);
        byte[] k = utf8(key);
        ReentrantLock lock = keyLocks.lock(key);
        try (WriteBatch batch = new WriteBatch()) {
            byte[] old = db.get(data, k);
            batch.put(data, k, envelope);
            batch.put(history, sequenceKey(nextSeq.getAndIncrement()),
                    JsonCodec.auditRecord(key, old, json, actionId, System.currentTimeMillis()));
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("audited write '" + key + "'", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void putWithTtl(String key, JsonNode value, long ttlSecs) {
        long deadline = JsonCodec.deadline(System.currentTimeMillis(), ttlSecs);
        byte[] envelope = JsonCodec.envelope(deadline, value);
        byte[] k = utf8(key);
        ReentrantLock lock = keyLocks.lock(key);
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(expiry, indexKey(deadline, k), NOTHING);
            batch.put(data, k, envelope);
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("write '" + key + "' with a TTL", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<JsonNode> get(String key) {
        try {
            byte[] envelope = db.get(data, utf8(key));
            return envelope == null ? Optional.empty() : Optional.of(JsonCodec.value(envelope));
        } catch (RocksDBException e) {
            throw failure("read '" + key + "'", e);
        }
    }

    @Override
    public int expire(Instant now) {
        long nowMillis = now.toEpochMilli();
        int expired = 0;
        keyLocks.lockAll();
        try (WriteBatch batch = new WriteBatch(); RocksIterator it = db.newIterator(expiry)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] index = it.key();
                long deadline = ByteBuffer.wrap(index).getLong();
                if (deadline > nowMillis) {
                    break;
                }
                byte[] k = Arrays.copyOfRange(index, Long.BYTES, index.length);
                byte[] envelope = db.get(data, k);
                if (envelope != null && JsonCodec.deadline(envelope) == deadline) {
                    batch.delete(data, k);
                    expired++;
                }
                batch.delete(expiry, index);
            }
            it.status();
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("expire", e);
        } finally {
            keyLocks.unlockAll();
        }
        return expired;
    }

    @Override
    public void load(List<Write> writes) {
        long now = System.currentTimeMillis();
        try (WriteBatch batch = new WriteBatch()) {
            for (Write w : writes) {
                byte[] k = utf8(w.key());
                if (w.ttlSecs() == NO_TTL) {
                    batch.put(data, k, JsonCodec.envelope(JsonCodec.NO_DEADLINE, w.value()));
                } else {
                    long deadline = JsonCodec.deadline(now, w.ttlSecs());
                    batch.put(expiry, indexKey(deadline, k), NOTHING);
                    batch.put(data, k, JsonCodec.envelope(deadline, w.value()));
                }
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("load", e);
        }
    }

    @Override
    public List<AuditRecord> auditTrail(String key) {
        List<AuditRecord> trail = new ArrayList<>();
        try (RocksIterator it = db.newIterator(history)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                AuditRecord r = JsonCodec.readAuditRecord(it.value());
                if (r.key().equals(key)) {
                    trail.add(r);
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("read the history of '" + key + "'", e);
        }
        return trail;
    }

    /**
     * Copies the database directory as a crash would leave it: after waiting for background
     * flushes and compactions to finish and with file deletions disabled, so the copy's
     * MANIFEST, SST files and WAL agree. A buffered WAL is not flushed first.
     */
    @Override
    public void copyCrashImage(Path target) {
        keyLocks.lockAll();
        try {
            waitForBackgroundWork();
            db.disableFileDeletions();
            try {
                BenchFiles.copyFiles(dir, target, name -> !name.equals("LOCK"));
            } finally {
                db.enableFileDeletions();
            }
        } catch (RocksDBException e) {
            throw failure("copy " + dir, e);
        } finally {
            keyLocks.unlockAll();
        }
    }

    private void waitForBackgroundWork() throws RocksDBException {
        String[] busy = {"rocksdb.num-running-flushes", "rocksdb.num-running-compactions",
                "rocksdb.mem-table-flush-pending", "rocksdb.compaction-pending"};
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            boolean idle = true;
            for (ColumnFamilyHandle h : handles) {
                for (String property : busy) {
                    if (db.getLongProperty(h, property) != 0) {
                        idle = false;
                    }
                }
            }
            if (idle) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateStoreException("interrupted while waiting for RocksDB's background work", e);
            }
        }
        throw new StateStoreException("RocksDB in " + dir + " stayed busy for 60 s; cannot take a consistent copy");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (durability == Durability.BUFFERED) {
                db.flushWal(true);
            }
            for (ColumnFamilyHandle h : handles) {
                h.close();
            }
            db.closeE();
        } catch (RocksDBException e) {
            throw failure("close " + dir, e);
        } finally {
            writeOptions.close();
            dbOptions.close();
            cfOptions.close();
        }
    }

    private static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sequenceKey(long seq) {
        return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
    }

    private static byte[] indexKey(long deadline, byte[] key) {
        return ByteBuffer.allocate(Long.BYTES + key.length).putLong(deadline).put(key).array();
    }

    private static StateStoreException failure(String what, RocksDBException e) {
        return new StateStoreException("RocksDB: cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "RocksDbPeer[" + dir + ", " + durability + "]";
    }
}
