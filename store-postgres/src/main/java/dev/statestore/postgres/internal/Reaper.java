package dev.statestore.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * {@code reapExpired}: deletes the keys whose TTL ran out, one delete transition each with action id
 * {@code reap_expired}, in transactions of at most {@value #BATCH} keys.
 *
 * <p>Each batch locks the store's counter row first, as every write does, and only then selects the
 * expired rows (found through the partial index on the expiry columns). Since every change of a
 * state row happens under that lock, two reapers in different processes take turns and the second
 * finds only what the first left: each key is reaped exactly once. Locking expired rows first
 * ({@code FOR UPDATE SKIP LOCKED}) and the counter second would deadlock with a writer that holds
 * the counter and waits for one of those rows, so it is not done. Writers wait for at most one
 * batch.
 *
 * <p>Thread-safe: each batch runs on its own connection.
 */
public final class Reaper {

    /** The action id of the delete transitions of reaped keys. */
    public static final String ACTION_ID = "reap_expired";
    /** The most keys reaped in one transaction. */
    static final int BATCH = 500;

    private static final Comparator<Expired> BY_KEY = Comparator.comparing(Expired::key);

    private final Context ctx;
    private final HistoryTrim trim;
    private final String expired;
    private final String insertHistory;
    private final String deleteState;
    private final String advance;

    /**
     * Creates the reaper of a store.
     *
     * @param ctx the store
     */
    public Reaper(Context ctx) {
        this.ctx = ctx;
        this.trim = new HistoryTrim(ctx);
        Tables t = ctx.tables();
        this.expired = "SELECT key_hash, key, value, revision FROM " + t.state + " WHERE store = ?"
                + " AND expires_seconds IS NOT NULL"
                + " AND (expires_seconds < ? OR expires_seconds = ? AND expires_nanos <= ?)"
                + " ORDER BY key COLLATE \"C\" LIMIT " + BATCH;
        this.insertHistory = "INSERT INTO " + t.history + " (store, revision, key, old_value, new_value, action_id,"
                + " ts_seconds, ts_nanos, ttl_secs, version, prev_revision)"
                + " VALUES (?, ?, ?, ?, NULL, '" + ACTION_ID + "', ?, ?, NULL, 0, ?)";
        this.deleteState = "DELETE FROM " + t.state + " WHERE store = ? AND key_hash = ?";
        this.advance = "UPDATE " + t.stores + " SET revision = ? WHERE store = ?";
    }

    /** An expired row. */
    private record Expired(byte[] hash, String key, String value, long revision) {
    }

    /**
     * Reaps every key expired at {@code now} and returns them sorted.
     *
     * @param now the instant to judge expiry by
     * @return the reaped keys
     */
    public List<String> reap(Instant now) {
        List<String> reaped = new ArrayList<>();
        while (true) {
            List<String> batch = ctx.db().transaction("reapExpired", c -> reapBatch(c, now));
            reaped.addAll(batch);
            if (batch.size() < BATCH) {
                break;
            }
        }
        Collections.sort(reaped);
        return reaped;
    }

    private List<String> reapBatch(Connection c, Instant now) throws SQLException {
        long latest = ctx.lockCounter(c);
        List<Expired> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(expired)) {
            ps.setString(1, ctx.store());
            ps.setLong(2, now.getEpochSecond());
            ps.setLong(3, now.getEpochSecond());
            ps.setInt(4, now.getNano());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Expired(rs.getBytes(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        rows.sort(BY_KEY);
        Instant at = ctx.clock().instant();
        long revision = latest;
        try (PreparedStatement history = c.prepareStatement(insertHistory);
                PreparedStatement state = c.prepareStatement(deleteState)) {
            for (Expired row : rows) {
                revision++;
                history.setString(1, ctx.store());
                history.setLong(2, revision);
                history.setString(3, row.key);
                history.setString(4, row.value);
                history.setLong(5, at.getEpochSecond());
                history.setInt(6, at.getNano());
                history.setLong(7, row.revision);
                history.addBatch();
                state.setString(1, ctx.store());
                state.setBytes(2, row.hash);
                state.addBatch();
            }
            history.executeBatch();
            state.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(advance)) {
            ps.setLong(1, revision);
            ps.setString(2, ctx.store());
            ps.executeUpdate();
        }
        trim.apply(c, revision, at);
        ctx.notify(c, revision);
        List<String> keys = new ArrayList<>(rows.size());
        for (Expired row : rows) {
            keys.add(row.key);
        }
        return keys;
    }
}
