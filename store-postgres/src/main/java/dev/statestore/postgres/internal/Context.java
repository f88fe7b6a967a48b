package dev.statestore.postgres.internal;

import dev.statestore.internal.HistoryPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;

/**
 * What every part of one open store shares: its connections, its tables, its name, its clock, its
 * history policy and its notification channel.
 *
 * @param db the connections
 * @param tables the tables
 * @param store the store's name (the {@code store} column of every row)
 * @param clock the clock that timestamps transitions
 * @param history how much history to keep
 * @param channel the {@code LISTEN}/{@code NOTIFY} channel of the store, or {@code null} when
 *     writes notify nobody
 */
public record Context(Database db, Tables tables, String store, Clock clock, HistoryPolicy history, String channel) {

    /**
     * Checks the parts.
     *
     * @param db the connections
     * @param tables the tables
     * @param store the store's name
     * @param clock the clock
     * @param history how much history to keep
     * @param channel the notification channel, or {@code null}
     * @throws NullPointerException if a part other than the channel is null
     */
    public Context {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(history, "history");
    }

    /**
     * Locks the store's counter row until the transaction ends and returns the latest revision:
     * the first step of every transaction that changes the store, so that they take turns.
     *
     * @param c a connection in a transaction
     * @return the latest revision
     * @throws SQLException if the database fails
     */
    public long lockCounter(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM " + tables.stores
                + " WHERE store = ? FOR UPDATE")) {
            ps.setString(1, store);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw missingStoreRow();
                }
                return rs.getLong(1);
            }
        }
    }

    /**
     * Returns the failure of a store whose counter row is gone (its tables were emptied by hand).
     *
     * @return the exception
     */
    public SQLException missingStoreRow() {
        return new SQLException("the row of store '" + store + "' in " + tables.stores + " is missing (were the"
                + " tables emptied while the store was open?); open the store again to recreate it", "55000");
    }

    /**
     * Sends the store's notification in the current transaction, delivered when it commits; does
     * nothing when the store does not notify.
     *
     * @param c a connection in a transaction
     * @param revision the latest revision, as the payload
     * @throws SQLException if the database fails
     */
    public void notify(Connection c, long revision) throws SQLException {
        if (channel == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, Long.toString(revision));
            ps.execute();
        }
    }
}
