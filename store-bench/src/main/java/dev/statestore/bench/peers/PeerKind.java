package dev.statestore.bench.peers;

import dev.statestore.Durability;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Returns the stores of the side-by-side benchmark: this project's JSONL store and the three
 * embedded stores a Java developer would otherwise pick, with what each does at each durability
 * level and what that guarantees. The report prints these texts, so they are the single
 * description of the settings.
 *
 * <p>The levels are named after this project's {@link Durability} modes; each peer is set to
 * give at least the same guarantee:
 * {@code BUFFERED} (fastest documented setting; a process crash may lose recent writes),
 * {@code FLUSHED} (an acknowledged write survives a crash of the process),
 * {@code SYNCED} (an acknowledged write survives a power loss).
 */
public enum PeerKind {

    /** This project's store: the engine with its JSON Lines journal. */
    STATESTORE_JSONL("statestore JSONL",
            "`statestore:jsonl:<dir>/state.jsonl?durability=<mode>`; every write appends one JSON line"
                    + " holding key, old and new value, action id and timestamp",
            new String[] {
                "`durability=buffered`: lines wait in the process's buffer; survives `close()`/`sync()`,"
                        + " a process crash loses the buffer",
                "`durability=flushed`: the line reaches the OS before `set` returns; survives a process"
                        + " crash, not a power loss",
                "`durability=synced`: `set` returns after an fsync covering its line; concurrent writers"
                        + " share one fsync (group commit); survives a power loss"},
            "nothing extra: every write already records its transition (old value included)",
            "`setWithTtl`, then `reapExpired(now)`, which also rewrites the journal as a compacted"
                    + " snapshot (temp file, fsync, atomic rename)"),

    /** H2's MVStore, the key-value engine under the H2 database, used directly. */
    H2_MVSTORE("H2 MVStore",
            "H2 2.5.252 `MVStore` file with typed maps `kv`, `history`, `expiry`; no write-ahead log:"
                    + " a commit writes the changes as a new chunk",
            new String[] {
                "auto-commit (the documented default): `put` changes memory, the background writer"
                        + " stores a chunk about every 1000 ms (sooner when many changes pile up) without"
                        + " fsync; a process crash loses the writes since the last chunk",
                "`autoCommitDisabled()`, `store.commit()` after every write: the chunk reaches the OS"
                        + " before the call returns; survives a process crash, not a power loss",
                "as flushed plus `store.sync()` (`FileChannel.force`) after every write; survives a power"
                        + " loss; no group commit (each writer syncs)"},
            "`kv` and `history` put and committed under one lock, so both land in one chunk (MVStore's"
                    + " unit of atomicity)",
            "an `expiry` map keyed by hex deadline + key; expiry walks it up to now, removes keys whose"
                    + " value still carries that deadline, `commit()` + `sync()`"),

    /** SQLite in WAL mode through the xerial JDBC driver. */
    SQLITE_WAL("SQLite WAL",
            "sqlite-jdbc 3.54.1.0, `journal_mode=WAL`, `kv(k TEXT PRIMARY KEY, v TEXT, deadline INTEGER)"
                    + " WITHOUT ROWID`; one writer connection shared under a lock (SQLite admits one writer),"
                    + " one reader connection per thread; autocommit per write",
            new String[] {
                "`synchronous=OFF`: commits hand WAL frames to the OS without fsync; survives a process"
                        + " crash (more than this level asks), not a power loss",
                "`synchronous=NORMAL`: no fsync at commit, only at checkpoints; survives a process crash,"
                        + " a power loss may roll back recent commits",
                "`synchronous=FULL`: the WAL is fsynced at every commit; survives a power loss; no group"
                        + " commit (one writer at a time)"},
            "one transaction: `SELECT` old value, upsert, `INSERT INTO history`",
            "a `deadline` column with a partial index; expiry is `DELETE FROM kv WHERE deadline <= ?`"
                    + " run with `synchronous=FULL`"),

    /** RocksDB through its Java binding. */
    ROCKSDB("RocksDB",
            "rocksdbjni 10.10.1.1, default options, column families `default`, `history`, `expiry`",
            new String[] {
                "`manual_wal_flush=true`: WAL records wait in RocksDB's write buffer until `flushWal`"
                        + " (called on close) or until the buffer fills; a process crash loses them",
                "`WriteOptions.setSync(false)`: the WAL record reaches the OS before `put` returns;"
                        + " survives a process crash, not a power loss",
                "`WriteOptions.setSync(true)`: the WAL is fsynced before `put` returns; concurrent writers"
                        + " are grouped behind one leader (group commit); survives a power loss"},
            "`get` of the old value, then value and audit record in one `WriteBatch`, under a per-key lock",
            "an `expiry` column family keyed by big-endian deadline + key, written in the value's batch;"
                    + " expiry scans it up to now and deletes keys and index entries in one synced batch"
                    + " (`TtlDB` has one TTL per database and drops data only in compaction)");

    private final String label;
    private final String setup;
    private final String[] levels;
    private final String audit;
    private final String ttl;

    PeerKind(String label, String setup, String[] levels, String audit, String ttl) {
        this.label = label;
        this.setup = setup;
        this.levels = levels;
        this.audit = audit;
        this.ttl = ttl;
    }

    /**
     * Returns a newly opened store of this kind in {@code dir} (created when empty).
     *
     * @param dir the store's own directory; it must exist
     * @param durability what an acknowledged write must survive
     * @return the open store, which the caller closes
     */
    public PeerStore open(Path dir, Durability durability) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(durability, "durability");
        switch (this) {
            case STATESTORE_JSONL:
                return StatestorePeer.open(dir, durability);
            case H2_MVSTORE:
                return H2MvStorePeer.open(dir, durability);
            case SQLITE_WAL:
                return SqliteWalPeer.open(dir, durability);
            case ROCKSDB:
                return RocksDbPeer.open(dir, durability);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Returns whether this is this project's store.
     *
     * @return {@code true} for {@link #STATESTORE_JSONL}
     */
    public boolean isOurs() {
        return this == STATESTORE_JSONL;
    }

    /**
     * Returns the short name used in tables.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Returns how the store is set up in every mode (Markdown).
     *
     * @return the description
     */
    public String setup() {
        return setup;
    }

    /**
     * Returns what the store does at {@code durability} and what an acknowledged write then
     * survives (Markdown).
     *
     * @param durability the level
     * @return the description
     */
    public String level(Durability durability) {
        return levels[durability.ordinal()];
    }

    /**
     * Returns how the store records the audit entry of a write (Markdown).
     *
     * @return the description
     */
    public String audit() {
        return audit;
    }

    /**
     * Returns how the store keeps TTLs and expires keys (Markdown).
     *
     * @return the description
     */
    public String ttl() {
        return ttl;
    }
}
