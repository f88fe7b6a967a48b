package dev.statestore.postgres.internal;

import dev.statestore.internal.HistoryPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The deletion of history rows that the {@code history} option lets a store drop, run in the
 * transaction of each write, after its history row is inserted. Only a prefix of the history is
 * ever dropped, so what remains is every transition from some revision on:
 * <ul>
 *   <li>{@code history=<n>}: the rows more than {@code n} revisions older than the latest;</li>
 *   <li>{@code history=<duration>}: the rows before the oldest one that is younger than the
 *       duration by the store's clock (rows are found in revision order, so a clock that went
 *       back in another process cannot punch a hole in the history);</li>
 *   <li>{@code history=all}: nothing.</li>
 * </ul>
 * Thread-safe: holds only SQL text.
 */
final class HistoryTrim {

    private final Context ctx;
    private final String byCount;
    private final String byAge;

    /**
     * Creates the trim of a store.
     *
     * @param ctx the store
     */
    HistoryTrim(Context ctx) {
        this.ctx = ctx;
        String h = ctx.tables().history;
        this.byCount = "DELETE FROM " + h + " WHERE store = ? AND revision <= ?";
        this.byAge = "DELETE FROM " + h + " WHERE store = ? AND revision < coalesce((SELECT revision FROM " + h
                + " WHERE store = ? AND (ts_seconds > ? OR ts_seconds = ? AND ts_nanos >= ?)"
                + " ORDER BY revision LIMIT 1), ?)";
    }

    /**
     * Drops what the policy allows after the write of {@code latest} at {@code now}.
     *
     * @param c a connection in the write's transaction
     * @param latest the revision just written
     * @param now the write's timestamp
     * @throws SQLException if the database fails
     */
    void apply(Connection c, long latest, Instant now) throws SQLException {
        HistoryPolicy policy = ctx.history();
        if (policy.keepsAll()) {
            return;
        }
        if (policy.age() == null) {
            long upTo = latest - policy.count();
            if (upTo < 1) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(byCount)) {
                ps.setString(1, ctx.store());
                ps.setLong(2, upTo);
                ps.executeUpdate();
            }
            return;
        }
        Instant cutoff;
        try {
            cutoff = now.minus(policy.age());
        } catch (DateTimeException | ArithmeticException e) {
            return; // a clock near Instant.MIN: nothing is older than the duration
        }
        try (PreparedStatement ps = c.prepareStatement(byAge)) {
            ps.setString(1, ctx.store());
            ps.setString(2, ctx.store());
            ps.setLong(3, cutoff.getEpochSecond());
            ps.setLong(4, cutoff.getEpochSecond());
            ps.setInt(5, cutoff.getNano());
            ps.setLong(6, latest); // none young enough (the clock went back): keep the latest one
            ps.executeUpdate();
        }
    }
}
