package dev.statestore.postgres;

import dev.statestore.StateStore;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import dev.statestore.postgres.internal.BulkWrites;
import dev.statestore.postgres.internal.ChangeFeed;
import dev.statestore.postgres.internal.Context;
import dev.statestore.postgres.internal.JsonText;
import dev.statestore.postgres.internal.KeyWrites;
import dev.statestore.postgres.internal.Reads;
import dev.statestore.postgres.internal.Reaper;
import dev.statestore.postgres.internal.Watcher;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A {@link StateStore} kept in PostgreSQL, which any number of processes may open at once: they
 * share one state, one history and one revision sequence, and conditional writes are atomic
 * between them. Open one with {@code StateStores.open("statestore:postgresql://host/db?user=…")},
 * {@link #builder(String)} or {@link #builder(javax.sql.DataSource)}; the README's "Running on
 * PostgreSQL" section lists the options, tables and privileges.
 *
 * <p>Every write is one transaction that first locks the store's counter row: revisions are
 * gapless and in commit order for every reader, and the check of a conditional write and the
 * old value of a transition are read after that lock. Reads are single statements, so a
 * {@link #snapshot()} is never torn. Nothing is cached in the process: every call reads the
 * database, so a store sees the writes of other processes at once.
 *
 * <p>Thread-safe. Calls fail with {@link StateStoreException} while the database cannot be
 * reached and work again once it can, without reopening; a write whose {@code COMMIT} failed is
 * reported as of unknown outcome. The caller closes the store; closing it closes the connection
 * pool it created (not a data source it was given), completes its change feeds and stops its
 * background threads. It does not drop any table or row.
 *
 * <p>The class is longer than most in the project because it is the whole API surface, each
 * method checking its arguments; the work is done in {@code dev.statestore.postgres.internal}.
 */
public final class PostgresStateStore implements StateStore {

    private final Context ctx;
    private final Reads reads;
    private final KeyWrites writes;
    private final BulkWrites bulk;
    private final Reaper reaper;
    private final ChangeFeed feed;
    private final Watcher watcher;
    private final AutoCloseable pool;
    private final ScheduledExecutorService background;
    private volatile boolean closed;

    /**
     * Creates the store on an opened database.
     *
     * @param ctx the store's connections, tables, name, clock, history and channel
     * @param pollInterval how often the change feed looks for other processes' writes
     * @param reapInterval how often to reap in the background, or {@code null} for never
     * @param pool the pool to close with the store, or {@code null}
     */
    PostgresStateStore(Context ctx, Duration pollInterval, Duration reapInterval, AutoCloseable pool) {
        this.ctx = ctx;
        this.pool = pool;
        this.reads = new Reads(ctx);
        this.writes = new KeyWrites(ctx);
        this.bulk = new BulkWrites(ctx);
        this.reaper = new Reaper(ctx);
        this.feed = new ChangeFeed(reads, ctx.store());
        this.watcher = new Watcher(ctx.db().dataSource(), ctx.channel(), pollInterval, feed, ctx.store());
        if (reapInterval != null) {
            long millis = Math.max(1, reapInterval.toMillis());
            background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "statestore-reaper-" + ctx.store());
                t.setDaemon(true);
                return t;
            });
            background.scheduleWithFixedDelay(this::reapInBackground, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            background = null;
        }
    }

    /**
     * Returns a builder for a store at {@code location}, {@code //host[:port]/database}: the part of
     * a {@code statestore:postgresql:} URL before the options.
     *
     * @param location the server and database
     * @return a new builder
     * @throws IllegalArgumentException if the location is malformed
     */
    public static PostgresStateStoreBuilder builder(String location) {
        return new PostgresStateStoreBuilder(Objects.requireNonNull(location, "location"), null);
    }

    /**
     * Returns a builder for a store on connections from {@code dataSource}, which the store uses
     * but does not close. Its connections must use PostgreSQL's default isolation, read committed.
     *
     * @param dataSource the connections
     * @return a new builder
     */
    public static PostgresStateStoreBuilder builder(javax.sql.DataSource dataSource) {
        return new PostgresStateStoreBuilder(null, Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Returns this store's name: the {@code store} column of its rows.
     *
     * @return the name
     */
    public String storeName() {
        return ctx.store();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<JsonNode> get(String key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        return reads.get(key);
    }

    @Override
    public JsonNode getOr(String key, JsonNode defaultValue) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        return reads.get(key).orElse(defaultValue);
    }

    @Override
    public Optional<Versioned> getVersioned(String key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        return reads.getVersioned(key);
    }

    @Override
    public boolean exists(String key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        return reads.exists(key);
    }

    @Override
    public List<String> keys() {
        ensureOpen();
        return reads.keys();
    }

    @Override
    public Map<String, JsonNode> snapshot() {
        ensureOpen();
        return reads.snapshot();
    }

    @Override
    public long transitionCount() {
        ensureOpen();
        return reads.latestRevision();
    }

    @Override
    public List<StateTransition> transitions() {
        ensureOpen();
        return reads.page(0, 0, 0).transitions();
    }

    @Override
    public List<StateTransition> transitionsSince(long index) {
        checkIndex(index);
        ensureOpen();
        return reads.page(index, 0, 0).checked(index);
    }

    @Override
    public List<StateTransition> transitionsSince(long index, int limit) {
        checkIndex(index);
        if (limit < 1) {
            throw new IllegalArgumentException("transitionsSince limit must be >= 1, was " + limit);
        }
        ensureOpen();
        return reads.page(index, limit, 0).checked(index);
    }

    private static void checkIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("transitionsSince index must be >= 0, was " + index);
        }
    }

    @Override
    public Flow.Publisher<StateTransition> changes(long afterRevision) {
        if (afterRevision < 0) {
            throw new IllegalArgumentException("changes afterRevision must be >= 0, was " + afterRevision);
        }
        ensureOpen();
        long epoch = reads.epoch();
        watcher.start();
        return feed.publisher(afterRevision, epoch);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public StateTransition set(String key, JsonNode value, String actionId) {
        JsonText.Encoded encoded = checkedWrite(key, value, actionId);
        return committed(writes.set(key, KeyWrites.UNCONDITIONAL, encoded, actionId, OptionalLong.empty()))
                .orElseThrow();
    }

    @Override
    public StateTransition setWithTtl(String key, JsonNode value, String actionId, long ttlSecs) {
        checkTtl(key, ttlSecs);
        JsonText.Encoded encoded = checkedWrite(key, value, actionId);
        return committed(writes.set(key, KeyWrites.UNCONDITIONAL, encoded, actionId, OptionalLong.of(ttlSecs)))
                .orElseThrow();
    }

    @Override
    public Optional<StateTransition> setIf(String key, long expectedRevision, JsonNode value, String actionId) {
        checkExpected(key, expectedRevision);
        JsonText.Encoded encoded = checkedWrite(key, value, actionId);
        return committed(writes.set(key, expectedRevision, encoded, actionId, OptionalLong.empty()));
    }

    @Override
    public Optional<StateTransition> setWithTtlIf(String key, long expectedRevision, JsonNode value,
            String actionId, long ttlSecs) {
        checkExpected(key, expectedRevision);
        checkTtl(key, ttlSecs);
        JsonText.Encoded encoded = checkedWrite(key, value, actionId);
        return committed(writes.set(key, expectedRevision, encoded, actionId, OptionalLong.of(ttlSecs)));
    }

    @Override
    public Optional<StateTransition> delete(String key, String actionId) {
        checkedDelete(key, actionId);
        return committed(writes.delete(key, KeyWrites.UNCONDITIONAL, actionId));
    }

    @Override
    public Optional<StateTransition> deleteIf(String key, long expectedRevision, String actionId) {
        checkExpected(key, expectedRevision);
        checkedDelete(key, actionId);
        return committed(writes.delete(key, expectedRevision, actionId));
    }

    private JsonText.Encoded checkedWrite(String key, JsonNode value, String actionId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, () -> "value of key '" + key + "' (use NullNode for JSON null)");
        Objects.requireNonNull(actionId, "actionId");
        ensureOpen();
        JsonText.checkText("key", key);
        JsonText.checkText("action id", actionId);
        return JsonText.encode(key, value);
    }

    private void checkedDelete(String key, String actionId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(actionId, "actionId");
        ensureOpen();
        JsonText.checkText("key", key);
        JsonText.checkText("action id", actionId);
    }

    private static void checkTtl(String key, long ttlSecs) {
        if (ttlSecs < 0) {
            Objects.requireNonNull(key, "key");
            throw new IllegalArgumentException("ttlSecs must be >= 0 for key '" + key + "', was " + ttlSecs
                    + " (0 makes the key reapable at once)");
        }
    }

    private static void checkExpected(String key, long expectedRevision) {
        if (expectedRevision < 0) {
            Objects.requireNonNull(key, "key");
            throw new IllegalArgumentException("expectedRevision must be >= 0 for key '" + key + "', was "
                    + expectedRevision + " (0 means the key must be absent; otherwise pass the revision read"
                    + " from getVersioned)");
        }
    }

    /** Wakes this process's change feed after a write committed. */
    private Optional<StateTransition> committed(Optional<StateTransition> t) {
        if (t.isPresent()) {
            feed.wake();
        }
        return t;
    }

    @Override
    public void restore(Map<String, JsonNode> snapshot, long transitionCount) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (transitionCount < 0) {
            throw new IllegalArgumentException("restore transitionCount must be >= 0, was " + transitionCount);
        }
        Map<String, JsonText.Encoded> encoded = checkedState(snapshot, "snapshot");
        bulk.restore(encoded, transitionCount);
        feed.wake();
    }

    @Override
    public void replaceAll(Map<String, JsonNode> state) {
        Objects.requireNonNull(state, "state");
        Map<String, JsonText.Encoded> encoded = checkedState(state, "state");
        bulk.replaceAll(encoded);
        feed.wake();
    }

    private Map<String, JsonText.Encoded> checkedState(Map<String, JsonNode> values, String what) {
        ensureOpen();
        Map<String, JsonText.Encoded> encoded = new HashMap<>(values.size() * 4 / 3 + 1);
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), () -> "a key of the " + what);
            JsonNode value = Objects.requireNonNull(e.getValue(),
                    () -> "value of key '" + key + "' in the " + what + " (use NullNode for JSON null)");
            JsonText.checkText("key", key);
            encoded.put(key, JsonText.encode(key, value));
        }
        return encoded;
    }

    @Override
    public List<String> reapExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        ensureOpen();
        List<String> reaped = reaper.reap(now);
        if (!reaped.isEmpty()) {
            feed.wake();
        }
        return reaped;
    }

    private void reapInBackground() {
        try {
            if (!closed) {
                reapExpired(ctx.clock().instant());
            }
        } catch (IllegalStateException e) {
            // closed meanwhile
        } catch (RuntimeException e) {
            System.getLogger(PostgresStateStore.class.getName()).log(System.Logger.Level.WARNING,
                    "background reap of store '" + ctx.store() + "' failed; it runs again at the next interval", e);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Does nothing but check that the store is open: every write is committed before it returns. */
    @Override
    public void sync() {
        ensureOpen();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (background != null) {
            background.shutdownNow();
        }
        feed.close();
        watcher.stop();
        if (pool != null) {
            try {
                pool.close();
            } catch (Exception e) {
                throw new StateStoreException("closing the connection pool of store '" + ctx.store() + "' failed", e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store '" + ctx.store() + "' is closed: open a new one");
        }
    }

    @Override
    public String toString() {
        return "PostgresStateStore[schema=" + ctx.tables().schema() + ", store=" + ctx.store() + "]";
    }
}
