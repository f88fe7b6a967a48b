package dev.statestore.bench.peers;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.bench.BenchFiles;
import dev.statestore.bench.BenchStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import tools.jackson.databind.JsonNode;

/**
 * SQLite in WAL mode through sqlite-jdbc seen as a {@link BenchStore}, set up the way SQLite's
 * documentation recommends for an application with several threads: one writer connection that
 * the threads take turns on (SQLite admits one writer at a time; queuing in the application
 * avoids {@code SQLITE_BUSY} and the busy handler's sleeps), and a reader connection per thread
 * (in WAL mode readers never block the writer nor each other). Each plain write is its own
 * autocommit transaction.
 *
 * <p>Schema: {@code kv(k TEXT PRIMARY KEY, v TEXT NOT NULL, deadline INTEGER) WITHOUT ROWID}
 * with a partial index on {@code deadline}, and
 * {@code history(seq INTEGER PRIMARY KEY, k, old_v, new_v, action_id, ts)}. An audited write is
 * one transaction: read the old value, upsert, insert the history row. Expiry is one
 * {@code DELETE FROM kv WHERE deadline <= ?}, as durable as the level's other commits.
 *
 * <p>{@code synchronous} per {@link Durability}: {@code BUFFERED} → {@code OFF},
 * {@code FLUSHED} → {@code NORMAL}, {@code SYNCED} → {@code FULL}.
 *
 * <p>Thread-safe. Closing closes every connection, which checkpoints the WAL into the database.
 */
public final class SqliteWalPeer implements BenchStore {

    /** The database file inside the store's directory. */
    static final String FILE = "state.db";

    private static final String UPSERT = "INSERT INTO kv(k, v, deadline) VALUES (?, ?, ?) "
            + "ON CONFLICT(k) DO UPDATE SET v = excluded.v, deadline = excluded.deadline";
    private static final String SELECT = "SELECT v FROM kv WHERE k = ?";

    private final Path file;
    private final String url;
    private final Durability durability;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final PreparedStatement upsert;
    private final PreparedStatement selectForUpdate;
    private final PreparedStatement insertHistory;
    private final PreparedStatement deleteExpired;
    private final Statement control;
    private final List<Reader> readers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Reader> reader = ThreadLocal.withInitial(this::newReader);
    private volatile boolean closed;

    private SqliteWalPeer(Path dir, Durability durability) throws SQLException {
        this.file = dir.resolve(FILE);
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.durability = durability;
        this.writer = connect();
        try (Statement s = writer.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL, deadline INTEGER)"
                    + " WITHOUT ROWID");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS kv_deadline ON kv(deadline) WHERE deadline IS NOT NULL");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS history (seq INTEGER PRIMARY KEY, k TEXT NOT NULL,"
                    + " old_v TEXT, new_v TEXT NOT NULL, action_id TEXT NOT NULL, ts INTEGER NOT NULL)");
        }
        this.upsert = writer.prepareStatement(UPSERT);
        this.selectForUpdate = writer.prepareStatement(SELECT);
        this.insertHistory = writer.prepareStatement(
                "INSERT INTO history(k, old_v, new_v, action_id, ts) VALUES (?, ?, ?, ?, ?)");
        this.deleteExpired = writer.prepareStatement("DELETE FROM kv WHERE deadline <= ?");
        this.control = writer.createStatement();
    }

    /** Returns the SQLite store of {@code dir}, created if absent. */
    public static SqliteWalPeer open(Path dir, Durability durability) {
        try {
            return new SqliteWalPeer(dir, durability);
        } catch (SQLException e) {
            throw failure("open " + dir, e);
        }
    }

    /** Returns the {@code synchronous} setting used for {@code durability}. */
    static SQLiteConfig.SynchronousMode synchronous(Durability durability) {
        switch (durability) {
            case BUFFERED:
                return SQLiteConfig.SynchronousMode.OFF;
            case FLUSHED:
                return SQLiteConfig.SynchronousMode.NORMAL;
            default:
                return SQLiteConfig.SynchronousMode.FULL;
        }
    }

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous(durability));
        config.setBusyTimeout(10_000);
        return config.createConnection(url);
    }

    @Override
    public void put(String key, JsonNode value) {
        write(key, JsonCodec.text(value), JsonCodec.NO_DEADLINE);
    }

    @Override
    public void putWithTtl(String key, JsonNode value, long ttlSecs) {
        long deadline = JsonCodec.deadline(System.currentTimeMillis(), ttlSecs);
        write(key, JsonCodec.text(value), deadline);
    }

    private void write(String key, String json, long deadline) {
        writeLock.lock();
        try {
            ensureOpen();
            bindUpsert(key, json, deadline);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw failure("write '" + key + "'", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void bindUpsert(String key, String json, long deadline) throws SQLException {
        upsert.setString(1, key);
        upsert.setString(2, json);
        if (deadline == JsonCodec.NO_DEADLINE) {
            upsert.setNull(3, Types.INTEGER);
        } else {
            upsert.setLong(3, deadline);
        }
    }

    @Override
    public void putAudited(String key, JsonNode value, String actionId) {
        String json = JsonCodec.text(value);
        writeLock.lock();
        try {
            ensureOpen();
            control.executeUpdate("BEGIN");
            try {
                String old = null;
                selectForUpdate.setString(1, key);
                try (ResultSet rs = selectForUpdate.executeQuery()) {
                    if (rs.next()) {
                        old = rs.getString(1);
                    }
                }
                bindUpsert(key, json, JsonCodec.NO_DEADLINE);
                upsert.executeUpdate();
                insertHistory.setString(1, key);
                insertHistory.setString(2, old);
                insertHistory.setString(3, json);
                insertHistory.setString(4, actionId);
                insertHistory.setLong(5, System.currentTimeMillis());
                insertHistory.executeUpdate();
                control.executeUpdate("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollBack(e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("audited write '" + key + "'", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void rollBack(Exception cause) {
        try {
            control.executeUpdate("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public Optional<JsonNode> get(String key) {
        Reader r = reader.get();
        try {
            ensureOpen();
            r.select.setString(1, key);
            try (ResultSet rs = r.select.executeQuery()) {
                return rs.next() ? Optional.of(JsonCodec.parse(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read '" + key + "'", e);
        }
    }

    @Override
    public int expire(Instant now) {
        writeLock.lock();
        try {
            ensureOpen();
            deleteExpired.setLong(1, now.toEpochMilli());
            return deleteExpired.executeUpdate();
        } catch (SQLException e) {
            throw failure("expire", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void load(List<Write> writes) {
        long now = System.currentTimeMillis();
        writeLock.lock();
        try {
            ensureOpen();
            control.executeUpdate("BEGIN");
            try {
                for (Write w : writes) {
                    long deadline = w.ttlSecs() == NO_TTL ? JsonCodec.NO_DEADLINE : JsonCodec.deadline(now, w.ttlSecs());
                    bindUpsert(w.key(), JsonCodec.text(w.value()), deadline);
                    upsert.executeUpdate();
                }
                control.executeUpdate("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollBack(e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("load", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<AuditRecord> auditTrail(String key) {
        Reader r = reader.get();
        List<AuditRecord> trail = new ArrayList<>();
        try (PreparedStatement q = r.connection.prepareStatement(
                "SELECT old_v, new_v, action_id FROM history WHERE k = ? ORDER BY seq")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String old = rs.getString(1);
                    trail.add(new AuditRecord(key, old == null ? Optional.empty() : Optional.of(JsonCodec.parse(old)),
                            JsonCodec.parse(rs.getString(2)), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw failure("read the history of '" + key + "'", e);
        }
        return trail;
    }

    @Override
    public void copyCrashImage(Path target) {
        writeLock.lock();
        try {
            ensureOpen();
            // The -shm index is left behind on purpose: the next opener rebuilds it from the
            // WAL, which is SQLite's recovery after a crash.
            BenchFiles.copyFiles(file.getParent(), target,
                    name -> name.equals(FILE) || name.equals(FILE + "-wal"));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            SQLException first = null;
            for (Reader r : readers) {
                first = closeQuietly(r.connection, first);
            }
            first = closeQuietly(writer, first);
            if (first != null) {
                throw failure("close " + file, first);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static SQLException closeQuietly(Connection c, SQLException first) {
        try {
            c.close();
            return first;
        } catch (SQLException e) {
            if (first != null) {
                first.addSuppressed(e);
                return first;
            }
            return e;
        }
    }

    private Reader newReader() {
        try {
            Connection c = connect();
            Reader r = new Reader(c, c.prepareStatement(SELECT));
            readers.add(r);
            return r;
        } catch (SQLException e) {
            throw failure("open a reader connection on " + file, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the SQLite store " + file + " is closed");
        }
    }

    private static StateStoreException failure(String what, SQLException e) {
        return new StateStoreException("SQLite: cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "SqliteWalPeer[" + file + ", synchronous=" + synchronous(durability) + "]";
    }

    /** One thread's reader connection and its prepared point query. */
    private static final class Reader {
        final Connection connection;
        final PreparedStatement select;

        Reader(Connection connection, PreparedStatement select) {
            this.connection = connection;
            this.select = select;
        }
    }
}
