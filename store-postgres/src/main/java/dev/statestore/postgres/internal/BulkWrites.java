package dev.statestore.postgres.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The writes that replace the whole state of a store, {@code restore} and {@code replaceAll}, each
 * one transaction that holds the store's counter row: the history is cut back (to the restored
 * revision, or to nothing), the state rows are replaced, and a row in the rewinds table records the
 * revision the history went back to, so that change feeds in every process can tell.
 *
 * <p>{@code restore} gives each key the revision, version and TTL of its latest retained
 * transition up to the restored revision. For a key whose state row is at or before that revision,
 * it is the write the row holds; for a key written after it, the write its first later transition
 * replaced ({@code prev_revision}). Only for keys that neither tells (absent from the state, or
 * put there by a bulk write) is the retained history up to the restored revision searched. A key
 * whose latest retained transition is a delete, or none, gets revision {@code 0} and version
 * {@code 1}, as after {@code replaceAll}.
 *
 * <p>Thread-safe: each call runs on its own connection.
 */
public final class BulkWrites {

    /** The action id of state rows without a transition; as the engine's. */
    private static final String RESTORE_ACTION_ID = "restore";

    private final Context ctx;
    private final String insertState;

    /**
     * Creates the bulk writes of a store.
     *
     * @param ctx the store
     */
    public BulkWrites(Context ctx) {
        this.ctx = ctx;
        this.insertState = "INSERT INTO " + ctx.tables().state + " (store, key_hash, key, value, revision, version,"
                + " ts_seconds, ts_nanos, ttl_secs, expires_seconds, expires_nanos)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /** What a restored key takes from its latest retained write. */
    private record Latest(long revision, long version, Instant timestamp, OptionalLong ttlSecs) {
        Optional<Instant> expiresAt() {
            if (ttlSecs.isEmpty()) {
                return Optional.empty();
            }
            long max = Instant.MAX.getEpochSecond() - timestamp.getEpochSecond();
            return Optional.of(ttlSecs.getAsLong() >= max ? Instant.MAX : timestamp.plusSeconds(ttlSecs.getAsLong()));
        }
    }

    /**
     * Replaces the state with {@code snapshot} and rewinds the history to {@code min(n, latest)}.
     *
     * @param snapshot the checked, encoded state
     * @param n the revision to rewind to
     */
    public void restore(Map<String, JsonText.Encoded> snapshot, long n) {
        ctx.db().transaction("restore", c -> {
            long keep = Math.min(n, ctx.lockCounter(c));
            Map<String, Latest> latest = latestRetained(c, keep, snapshot.keySet());
            Instant now = ctx.clock().instant();
            Tables t = ctx.tables();
            update(c, "DELETE FROM " + t.history + " WHERE store = ? AND revision > ?", keep);
            replaceState(c, snapshot, latest, now);
            rewind(c, keep);
            return null;
        });
    }

    /**
     * Replaces the state with {@code state}, clears the history and every TTL.
     *
     * @param state the checked, encoded state
     */
    public void replaceAll(Map<String, JsonText.Encoded> state) {
        ctx.db().transaction("replaceAll", c -> {
            ctx.lockCounter(c);
            update(c, "DELETE FROM " + ctx.tables().history + " WHERE store = ?", -1);
            replaceState(c, state, Map.of(), ctx.clock().instant());
            rewind(c, 0);
            return null;
        });
    }

    /**
     * Returns, for the keys of {@code snapshot}, their latest retained write at or before
     * {@code keep}; keys whose latest retained transition up to there is a delete, or none, are
     * left out.
     */
    private Map<String, Latest> latestRetained(Connection c, long keep, Set<String> snapshot) throws SQLException {
        Tables t = ctx.tables();
        Map<String, Latest> latest = new HashMap<>();
        // A state row at or before keep is the key's latest write: a later one would have replaced it.
        try (PreparedStatement ps = c.prepareStatement("SELECT key, revision, version, ts_seconds, ts_nanos, ttl_secs"
                + " FROM " + t.state + " WHERE store = ? AND revision > 0 AND revision <= ?")) {
            ps.setString(1, ctx.store());
            ps.setLong(2, keep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    latest.put(rs.getString(1), latest(rs, 2));
                }
            }
        }
        // A key written after keep: its first later write names the write it replaced.
        Map<String, Long> replaced = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (key) key, prev_revision FROM " + t.history
                + " WHERE store = ? AND revision > ? ORDER BY key, revision")) {
            ps.setString(1, ctx.store());
            ps.setLong(2, keep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    replaced.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        latest.keySet().removeAll(replaced.keySet());
        List<Long> revisions = new ArrayList<>();
        for (long r : replaced.values()) {
            if (r > 0) {
                revisions.add(r);
            }
        }
        if (!revisions.isEmpty()) {
            select(c, "revision = ANY (?) AND new_value IS NOT NULL", "bigint", revisions.toArray(), latest, false);
        }
        // A key absent from the state, or installed by replaceAll or restore, or replacing such a
        // state: only the retained history up to keep knows its latest write.
        List<String> unknown = new ArrayList<>();
        for (String key : snapshot) {
            if (!latest.containsKey(key) && replaced.getOrDefault(key, 0L) == 0) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            select(c, "revision <= " + keep + " AND key = ANY (?)", "text", unknown.toArray(), latest, true);
        }
        return latest;
    }

    /**
     * Adds the history rows matching {@code condition} (with one array parameter) to {@code latest};
     * with {@code newestPerKey}, only each key's newest row, and only when it is not a delete.
     */
    private void select(Connection c, String condition, String arrayType, Object[] elements, Map<String, Latest> latest,
            boolean newestPerKey) throws SQLException {
        Array array = c.createArrayOf(arrayType, elements);
        String sql = "SELECT " + (newestPerKey ? "DISTINCT ON (key) " : "") + "key, revision, version, ts_seconds,"
                + " ts_nanos, ttl_secs, new_value IS NULL FROM " + ctx.tables().history + " WHERE store = ? AND "
                + condition + (newestPerKey ? " ORDER BY key, revision DESC" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ctx.store());
            ps.setArray(2, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(7)) {
                        latest.put(rs.getString(1), latest(rs, 2));
                    }
                }
            }
        } finally {
            array.free();
        }
    }

    private static Latest latest(ResultSet rs, int first) throws SQLException {
        long revision = rs.getLong(first);
        long version = rs.getLong(first + 1);
        Instant at = Instant.ofEpochSecond(rs.getLong(first + 2), rs.getInt(first + 3));
        long ttl = rs.getLong(first + 4);
        return new Latest(revision, version, at, rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(ttl));
    }

    private void replaceState(Connection c, Map<String, JsonText.Encoded> state, Map<String, Latest> latest,
            Instant now) throws SQLException {
        update(c, "DELETE FROM " + ctx.tables().state + " WHERE store = ?", -1);
        try (PreparedStatement ps = c.prepareStatement(insertState)) {
            int batched = 0;
            for (Map.Entry<String, JsonText.Encoded> e : state.entrySet()) {
                String key = e.getKey();
                Latest l = latest.get(key);
                if (l == null) {
                    l = new Latest(0, 1, now, OptionalLong.empty());
                }
                int i = 1;
                ps.setString(i++, ctx.store());
                ps.setBytes(i++, Rows.keyHash(key));
                ps.setString(i++, key);
                ps.setString(i++, e.getValue().text());
                ps.setLong(i++, l.revision);
                ps.setLong(i++, l.version);
                ps.setLong(i++, l.timestamp.getEpochSecond());
                ps.setInt(i++, l.timestamp.getNano());
                Rows.setLong(ps, i++, l.ttlSecs);
                Rows.setInstant(ps, i, l.expiresAt());
                ps.addBatch();
                if (++batched % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            if (batched % 1000 != 0) {
                ps.executeBatch();
            }
        }
    }

    /** Sets the latest revision to {@code revision}, counts the rewind and records where it went. */
    private void rewind(Connection c, long revision) throws SQLException {
        Tables t = ctx.tables();
        long epoch;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.stores + " SET revision = ?, epoch = epoch + 1"
                + " WHERE store = ? RETURNING epoch")) {
            ps.setLong(1, revision);
            ps.setString(2, ctx.store());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                epoch = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.rewinds
                + " (store, epoch, revision) VALUES (?, ?, ?)")) {
            ps.setString(1, ctx.store());
            ps.setLong(2, epoch);
            ps.setLong(3, revision);
            ps.executeUpdate();
        }
        ctx.notify(c, revision);
    }

    /** Runs {@code sql} with the store's name and, when {@code revision >= 0}, a revision as parameters. */
    private void update(Connection c, String sql, long revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ctx.store());
            if (revision >= 0) {
                ps.setLong(2, revision);
            }
            ps.executeUpdate();
        }
    }
}
