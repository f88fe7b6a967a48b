package dev.statestore.bench;

import dev.statestore.Durability;
import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.bench.peers.H2MvStorePeer;
import dev.statestore.bench.peers.RocksDbPeer;
import dev.statestore.bench.peers.SqliteWalPeer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A store a benchmark runs against: one of this project's backends at one durability level, the
 * hand-written {@link BaselineStore}, or one of the embedded stores a Java developer would pick
 * instead, each at one level. Every workload takes a subject as its JMH {@code @Param} and drives
 * it through the one facade {@link BenchStore} (as Caffeine's {@code CacheType} opens a
 * {@code BasicCache}); the benchmarks of statestore-only features ({@code setIf}, the change feed)
 * take the {@link #isOurs() statestore subjects} and use {@link StateStore} itself.
 *
 * <p>The levels are named after this project's {@link Durability} modes, and every store is set
 * to give at least that guarantee: {@code BUFFERED} (its fastest documented setting; a process
 * crash may lose recent writes), {@code FLUSHED} (an acknowledged write survives a crash of the
 * process), {@code SYNCED} (it survives a power loss). What each store does at each level is
 * described in the notes of {@code docs/benchmarks.md} and in the javadoc of its adapter.
 *
 * <p>{@link #POSTGRES} needs a database: the URL comes from the system property
 * {@value #POSTGRES_PROPERTY} or the environment variable {@value #POSTGRES_ENV}, and the
 * {@code store-postgres} module must be on the class path; {@code scripts/bench.sh} leaves the
 * subject out when {@link #available()} is false.
 *
 * <p>Thread-safe (an enum). The caller closes what it opens.
 */
public enum Subject {
    /** A {@code ConcurrentHashMap} plus an append-only list, {@link BaselineStore}. */
    BASELINE("baseline", null, Storage.HEAP),
    /** {@code statestore:memory:}. */
    MEMORY("statestore memory", null, Storage.HEAP),
    /** {@code statestore:jsonl:<dir>/state.jsonl?durability=buffered}. */
    JSONL_BUFFERED("statestore JSONL", Durability.BUFFERED, Storage.FILES),
    /** {@code statestore:jsonl:<dir>/state.jsonl?durability=flushed}. */
    JSONL_FLUSHED("statestore JSONL", Durability.FLUSHED, Storage.FILES),
    /** {@code statestore:jsonl:<dir>/state.jsonl?durability=synced}: group-committed fsyncs. */
    JSONL_SYNCED("statestore JSONL", Durability.SYNCED, Storage.FILES),
    /** {@code statestore:postgresql://…}: synced as far as the server's own settings make it. */
    POSTGRES("statestore PostgreSQL", Durability.SYNCED, Storage.SERVER),
    /** H2 MVStore with its background writer. */
    H2_BUFFERED("H2 MVStore", Durability.BUFFERED, Storage.FILES),
    /** H2 MVStore, a commit per write. */
    H2_FLUSHED("H2 MVStore", Durability.FLUSHED, Storage.FILES),
    /** H2 MVStore, a commit and a sync per write. */
    H2_SYNCED("H2 MVStore", Durability.SYNCED, Storage.FILES),
    /** SQLite WAL, {@code synchronous=OFF}. */
    SQLITE_BUFFERED("SQLite WAL", Durability.BUFFERED, Storage.FILES),
    /** SQLite WAL, {@code synchronous=NORMAL}. */
    SQLITE_FLUSHED("SQLite WAL", Durability.FLUSHED, Storage.FILES),
    /** SQLite WAL, {@code synchronous=FULL}. */
    SQLITE_SYNCED("SQLite WAL", Durability.SYNCED, Storage.FILES),
    /** RocksDB, {@code manual_wal_flush}. */
    ROCKSDB_BUFFERED("RocksDB", Durability.BUFFERED, Storage.FILES),
    /** RocksDB, unsynced WAL writes. */
    ROCKSDB_FLUSHED("RocksDB", Durability.FLUSHED, Storage.FILES),
    /** RocksDB, synced WAL writes (group commit). */
    ROCKSDB_SYNCED("RocksDB", Durability.SYNCED, Storage.FILES);

    /** The system property holding the PostgreSQL store URL for {@link #POSTGRES}. */
    public static final String POSTGRES_PROPERTY = "statestore.bench.postgres";
    /** The environment variable holding it when the property is not set. */
    public static final String POSTGRES_ENV = "STATESTORE_BENCH_POSTGRES";
    /** The journal file of the JSONL subjects inside their directory. */
    public static final String JOURNAL = "state.jsonl";

    /** Where a subject keeps its data, which decides how a benchmark copies a loaded store. */
    public enum Storage {
        /** On the Java heap only: a copy is a new store loaded again. */
        HEAP,
        /** In files of its directory: a copy is a copy of the files. */
        FILES,
        /** In a database server: one store per directory name, not copied. */
        SERVER
    }

    private final String label;
    private final Durability durability;
    private final Storage storage;

    Subject(String label, Durability durability, Storage storage) {
        this.label = label;
        this.durability = durability;
        this.storage = storage;
    }

    /**
     * Returns a newly opened store of this subject whose data, if any, lives in {@code dir}.
     *
     * @param dir an existing directory, where existing data is opened; a server subject uses its
     *     name to pick its store
     * @return the store, which the caller closes
     * @throws IllegalStateException for {@link #POSTGRES} when no database is configured
     */
    public BenchStore open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return switch (this) {
            case BASELINE -> new BaselineStore();
            case MEMORY, JSONL_BUFFERED, JSONL_FLUSHED, JSONL_SYNCED, POSTGRES ->
                    new StatestoreAdapter(openStateStore(dir, ""), storage == Storage.FILES ? dir.resolve(JOURNAL) : null);
            case H2_BUFFERED, H2_FLUSHED, H2_SYNCED -> H2MvStorePeer.open(dir, durability);
            case SQLITE_BUFFERED, SQLITE_FLUSHED, SQLITE_SYNCED -> SqliteWalPeer.open(dir, durability);
            case ROCKSDB_BUFFERED, ROCKSDB_FLUSHED, ROCKSDB_SYNCED -> RocksDbPeer.open(dir, durability);
        };
    }

    /**
     * Returns a newly opened statestore of this subject, opened by URL as an application would.
     *
     * @param dir the directory of its journal (ignored in memory; names the store on a server)
     * @param options further URL options such as {@code history=10000}, or empty
     * @return the store, which the caller closes
     * @throws IllegalArgumentException if this is not one of this project's backends
     * @throws IllegalStateException for {@link #POSTGRES} when no database is configured
     */
    public StateStore openStateStore(Path dir, String options) {
        return StateStores.open(url(dir, options));
    }

    /**
     * Returns the {@code statestore:} URL of this subject.
     *
     * @param dir the directory of its journal (ignored in memory; names the store on a server)
     * @param options further URL options such as {@code history=10000}, or empty
     * @return the URL
     * @throws IllegalArgumentException if this is not one of this project's backends
     * @throws IllegalStateException for {@link #POSTGRES} when no database is configured
     */
    public String url(Path dir, String options) {
        String url = switch (this) {
            case MEMORY -> "statestore:memory:";
            case JSONL_BUFFERED, JSONL_FLUSHED, JSONL_SYNCED -> "statestore:jsonl:"
                    + dir.resolve(JOURNAL).toAbsolutePath() + "?durability=" + durability.urlName();
            case POSTGRES -> {
                String base = postgresUrl().orElseThrow(() -> new IllegalStateException("POSTGRES needs a database:"
                        + " set -D" + POSTGRES_PROPERTY + "=statestore:postgresql://host/db?user=…&password=… (or "
                        + POSTGRES_ENV + "), or leave POSTGRES out of -p subject=…"));
                yield base + (base.contains("?") ? "&" : "?") + "store="
                        + dir.getFileName().toString().replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
            }
            default -> throw new IllegalArgumentException(this + " is not a statestore backend; use MEMORY, "
                    + "JSONL_BUFFERED, JSONL_FLUSHED, JSONL_SYNCED or POSTGRES");
        };
        if (options.isEmpty()) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + options;
    }

    /**
     * Returns whether this subject can be opened here: always, except {@link #POSTGRES} without a
     * configured database or without the {@code postgresql} scheme on the class path.
     *
     * @return whether {@link #open(Path)} can succeed
     */
    public boolean available() {
        return this != POSTGRES || postgresUrl().isPresent() && StateStores.schemes().contains("postgresql");
    }

    /**
     * Returns the name of the store in tables and charts, the same at every level.
     *
     * @return such as {@code RocksDB}
     */
    public String label() {
        return label;
    }

    /**
     * Returns the durability level, empty for the in-memory subjects.
     *
     * @return the level
     */
    public Optional<Durability> durability() {
        return Optional.ofNullable(durability);
    }

    /**
     * Returns where the subject keeps its data.
     *
     * @return the storage
     */
    public Storage storage() {
        return storage;
    }

    /**
     * Returns whether this is one of this project's backends, the side the comparisons are about.
     *
     * @return {@code true} for {@link #MEMORY}, the JSONL subjects and {@link #POSTGRES}
     */
    public boolean isOurs() {
        return label.startsWith("statestore");
    }

    private static Optional<String> postgresUrl() {
        String url = System.getProperty(POSTGRES_PROPERTY, System.getenv(POSTGRES_ENV));
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.trim());
    }
}
