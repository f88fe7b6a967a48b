package dev.statestore.postgres.internal;

import dev.statestore.StateTransition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * The conversions between table rows or statement parameters and Java values: instants
 * as seconds and nanoseconds, key hashes, transitions from history rows. Stateless and thread-safe.
 */
public final class Rows {

    /**
     * The history columns that {@link #transition(ResultSet, int)} reads, in its order, without a
     * table alias.
     */
    public static final String HISTORY_COLUMNS =
            "revision, key, old_value, new_value, action_id, ts_seconds, ts_nanos, ttl_secs, version";

    private Rows() {
    }

    /**
     * Returns the SHA-256 of {@code key}'s UTF-8 bytes: the key's part of the state table's primary key.
     *
     * @param key the key
     * @return 32 bytes
     */
    public static byte[] keyHash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Returns the transition of the history row at the cursor, whose columns
     * {@link #HISTORY_COLUMNS} start at {@code first}.
     *
     * @param rs the result set
     * @param first the index of the {@code revision} column
     * @return the transition
     * @throws SQLException if a column cannot be read
     */
    public static StateTransition transition(ResultSet rs, int first) throws SQLException {
        long revision = rs.getLong(first);
        String key = rs.getString(first + 1);
        String oldText = rs.getString(first + 2);
        String newText = rs.getString(first + 3);
        String actionId = rs.getString(first + 4);
        Instant at = Instant.ofEpochSecond(rs.getLong(first + 5), rs.getInt(first + 6));
        long ttl = rs.getLong(first + 7);
        OptionalLong ttlSecs = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(ttl);
        long version = rs.getLong(first + 8);
        Optional<JsonNode> oldValue = oldText == null ? Optional.empty() : Optional.of(JsonText.decode(oldText));
        Optional<JsonNode> newValue = newText == null ? Optional.empty() : Optional.of(JsonText.decode(newText));
        return StateTransition.of(key, oldValue, newValue, actionId, at, ttlSecs, revision, version);
    }

    /**
     * Returns the instant in columns {@code seconds} and {@code seconds + 1}, or empty when null.
     *
     * @param rs the result set
     * @param seconds the index of the seconds column
     * @return the instant
     * @throws SQLException if a column cannot be read
     */
    public static Optional<Instant> instant(ResultSet rs, int seconds) throws SQLException {
        long s = rs.getLong(seconds);
        if (rs.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(s, rs.getInt(seconds + 1)));
    }

    /**
     * Sets parameters {@code at} and {@code at + 1} to the seconds and nanoseconds of {@code instant},
     * or both to null.
     *
     * @param ps the statement
     * @param at the index of the seconds parameter
     * @param instant the instant, or empty
     * @throws SQLException if the parameters cannot be set
     */
    public static void setInstant(PreparedStatement ps, int at, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            ps.setLong(at, instant.get().getEpochSecond());
            ps.setInt(at + 1, instant.get().getNano());
        } else {
            ps.setNull(at, Types.BIGINT);
            ps.setNull(at + 1, Types.INTEGER);
        }
    }

    /**
     * Sets parameter {@code at} to {@code value}, or to null when empty.
     *
     * @param ps the statement
     * @param at the parameter index
     * @param value the value
     * @throws SQLException if the parameter cannot be set
     */
    public static void setLong(PreparedStatement ps, int at, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(at, value.getAsLong());
        } else {
            ps.setNull(at, Types.BIGINT);
        }
    }
}
