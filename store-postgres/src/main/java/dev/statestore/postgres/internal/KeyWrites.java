package dev.statestore.postgres.internal;

import dev.statestore.StateTransition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * The single-key writes of a store ({@code set}, {@code setWithTtl}, {@code delete} and their
 * conditional forms), each one transaction:
 * <ol>
 *   <li>{@code UPDATE stores SET revision = revision + 1 … RETURNING revision} locks the store's
 *       counter row until commit, so writers of the store take turns and revisions are gapless and
 *       in commit order (a reader never sees revision {@code r + 1} before {@code r});</li>
 *   <li>a separate {@code SELECT} of the key's row then reads the latest committed value (under
 *       read committed each statement takes a new snapshot, after the lock was granted), so the
 *       old value and the condition are never those of a stale snapshot;</li>
 *   <li>one statement inserts the history row and writes or deletes the state row.</li>
 * </ol>
 * A condition that does not hold rolls back, so the revision is not used.
 *
 * <p>Thread-safe: each write runs on its own connection.
 */
public final class KeyWrites {

    /** The expected revision of an unconditional write. */
    public static final long UNCONDITIONAL = -1;

    private final Context ctx;
    private final HistoryTrim trim;
    private final String nextRevision;
    private final String current;
    private final String upsert;
    private final String remove;

    /**
     * Creates the writes of a store.
     *
     * @param ctx the store
     */
    public KeyWrites(Context ctx) {
        this.ctx = ctx;
        this.trim = new HistoryTrim(ctx);
        Tables t = ctx.tables();
        String notify = ctx.channel() == null ? "" : " RETURNING pg_notify(?, ?)";
        String insertHistory = "WITH h AS (INSERT INTO " + t.history + " (store, revision, key, old_value, new_value,"
                + " action_id, ts_seconds, ts_nanos, ttl_secs, version, prev_revision)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)) ";
        this.nextRevision = "UPDATE " + t.stores + " SET revision = revision + 1 WHERE store = ? RETURNING revision";
        this.current = "SELECT value, revision, version FROM " + t.state + " WHERE store = ? AND key_hash = ?";
        this.upsert = insertHistory + "INSERT INTO " + t.state + " (store, key_hash, key, value, revision, version,"
                + " ts_seconds, ts_nanos, ttl_secs, expires_seconds, expires_nanos)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store, key_hash) DO UPDATE SET"
                + " key = EXCLUDED.key, value = EXCLUDED.value, revision = EXCLUDED.revision,"
                + " version = EXCLUDED.version, ts_seconds = EXCLUDED.ts_seconds, ts_nanos = EXCLUDED.ts_nanos,"
                + " ttl_secs = EXCLUDED.ttl_secs, expires_seconds = EXCLUDED.expires_seconds,"
                + " expires_nanos = EXCLUDED.expires_nanos" + notify;
        this.remove = insertHistory + "DELETE FROM " + t.state + " WHERE store = ? AND key_hash = ?" + notify;
    }

    /** The key's row as the write found it. */
    private record Current(String text, long revision, long version) {
    }

    /**
     * Sets {@code key} to {@code value} if its revision is {@code expected} (or always, for
     * {@link #UNCONDITIONAL}) and returns the transition, or empty when the condition failed.
     *
     * @param key the checked key
     * @param expected the expected revision, {@code 0} for absent, or {@link #UNCONDITIONAL}
     * @param value the encoded value
     * @param actionId the checked action id
     * @param ttlSecs the TTL, empty for none
     * @return the transition, or empty
     */
    public Optional<StateTransition> set(String key, long expected, JsonText.Encoded value, String actionId,
            OptionalLong ttlSecs) {
        byte[] hash = Rows.keyHash(key);
        return ctx.db().transaction("set of key '" + JsonText.printable(key) + "'", c -> {
            long revision = takeRevision(c);
            Current before = read(c, hash);
            if (expected != UNCONDITIONAL && (before == null ? 0 : before.revision) != expected) {
                c.rollback();
                return Optional.empty();
            }
            Instant at = ctx.clock().instant();
            JsonNode oldValue = before == null ? null : JsonText.decode(before.text);
            long version = before == null ? 1 : before.version + 1;
            StateTransition t = StateTransition.of(key, Optional.ofNullable(oldValue), Optional.of(value.value()),
                    actionId, at, ttlSecs, revision, version);
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                int i = history(ps, key, revision, before, value.text(), actionId, at, ttlSecs, version);
                ps.setString(i++, ctx.store());
                ps.setBytes(i++, hash);
                ps.setString(i++, key);
                ps.setString(i++, value.text());
                ps.setLong(i++, revision);
                ps.setLong(i++, version);
                ps.setLong(i++, at.getEpochSecond());
                ps.setInt(i++, at.getNano());
                Rows.setLong(ps, i++, ttlSecs);
                Rows.setInstant(ps, i, t.expiresAt());
                i += 2;
                notifyParameters(ps, i, revision);
                ps.execute();
            }
            trim.apply(c, revision, at);
            return Optional.of(t);
        });
    }

    /**
     * Deletes {@code key} if it exists and its revision is {@code expected} (or always, for
     * {@link #UNCONDITIONAL}) and returns the transition, or empty.
     *
     * @param key the checked key
     * @param expected the expected revision, or {@link #UNCONDITIONAL}
     * @param actionId the checked action id
     * @return the transition, or empty when the key was absent or the condition failed
     */
    public Optional<StateTransition> delete(String key, long expected, String actionId) {
        byte[] hash = Rows.keyHash(key);
        return ctx.db().transaction("delete of key '" + JsonText.printable(key) + "'", c -> {
            long revision = takeRevision(c);
            Current before = read(c, hash);
            if (before == null || expected != UNCONDITIONAL && before.revision != expected) {
                c.rollback();
                return Optional.empty();
            }
            Instant at = ctx.clock().instant();
            StateTransition t = StateTransition.of(key, Optional.of(JsonText.decode(before.text)), Optional.empty(),
                    actionId, at, OptionalLong.empty(), revision, 0);
            try (PreparedStatement ps = c.prepareStatement(remove)) {
                int i = history(ps, key, revision, before, null, actionId, at, OptionalLong.empty(), 0);
                ps.setString(i++, ctx.store());
                ps.setBytes(i++, hash);
                notifyParameters(ps, i, revision);
                ps.execute();
            }
            trim.apply(c, revision, at);
            return Optional.of(t);
        });
    }

    private long takeRevision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(nextRevision)) {
            ps.setString(1, ctx.store());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ctx.missingStoreRow();
                }
                return rs.getLong(1);
            }
        }
    }

    private Current read(Connection c, byte[] hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(current)) {
            ps.setString(1, ctx.store());
            ps.setBytes(2, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Current(rs.getString(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        }
    }

    /** Sets the history row's eleven parameters and returns the index of the next one. */
    private int history(PreparedStatement ps, String key, long revision, Current before, String newText,
            String actionId, Instant at, OptionalLong ttlSecs, long version) throws SQLException {
        int i = 1;
        ps.setString(i++, ctx.store());
        ps.setLong(i++, revision);
        ps.setString(i++, key);
        ps.setString(i++, before == null ? null : before.text);
        ps.setString(i++, newText);
        ps.setString(i++, actionId);
        ps.setLong(i++, at.getEpochSecond());
        ps.setInt(i++, at.getNano());
        Rows.setLong(ps, i++, ttlSecs);
        ps.setLong(i++, version);
        ps.setLong(i++, before == null ? 0 : before.revision);
        return i;
    }

    private void notifyParameters(PreparedStatement ps, int at, long revision) throws SQLException {
        if (ctx.channel() != null) {
            ps.setString(at, ctx.channel());
            ps.setString(at + 1, Long.toString(revision));
        }
    }
}
