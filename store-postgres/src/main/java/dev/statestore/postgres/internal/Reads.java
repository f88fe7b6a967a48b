package dev.statestore.postgres.internal;

import dev.statestore.HistoryCompactedException;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The reads of a store, each one SQL statement and so one consistent snapshot: a snapshot of the
 * state is never torn, and a page of history comes with the latest revision, the oldest retained
 * one and the rewind count as of the same instant.
 *
 * <p>Thread-safe: each read runs on its own connection.
 */
public final class Reads {

    /**
     * A page of history and the store's position as of the same snapshot.
     *
     * @param transitions the transitions read, oldest first
     * @param latest the latest revision
     * @param oldest the oldest retained revision ({@code latest + 1} when none is retained)
     * @param epoch the number of rewinds so far
     * @param rewoundTo the lowest revision a rewind after the epoch asked for went back to, or
     *     {@link Long#MAX_VALUE} when there was none
     */
    public record Page(List<StateTransition> transitions, long latest, long oldest, long epoch, long rewoundTo) {

        /**
         * Returns the transitions after {@code after}, or throws when they are no longer retained.
         *
         * @param after the revision read after
         * @return the transitions
         * @throws HistoryCompactedException if the history after {@code after} was dropped
         */
        public List<StateTransition> checked(long after) {
            if (after < latest && after + 1 < oldest) {
                throw HistoryCompactedException.readAfter(after, oldest);
            }
            return transitions;
        }
    }

    private final Context ctx;
    private final String value;
    private final String versioned;
    private final String exists;
    private final String keys;
    private final String snapshot;
    private final String latest;
    private final String epoch;
    private final String page;

    /**
     * Creates the reads of a store.
     *
     * @param ctx the store
     */
    public Reads(Context ctx) {
        this.ctx = ctx;
        Tables t = ctx.tables();
        String byKey = " FROM " + t.state + " WHERE store = ? AND key_hash = ?";
        this.value = "SELECT value" + byKey;
        this.versioned = "SELECT value, revision, version, expires_seconds, expires_nanos" + byKey;
        this.exists = "SELECT 1" + byKey;
        this.keys = "SELECT key FROM " + t.state + " WHERE store = ?";
        this.snapshot = "SELECT key, value FROM " + t.state + " WHERE store = ?";
        this.latest = "SELECT revision FROM " + t.stores + " WHERE store = ?";
        this.epoch = "SELECT epoch FROM " + t.stores + " WHERE store = ?";
        this.page = "SELECT s.revision, s.epoch,"
                + " (SELECT min(o.revision) FROM " + t.history + " o WHERE o.store = s.store),"
                + " (SELECT min(r.revision) FROM " + t.rewinds + " r WHERE r.store = s.store AND r.epoch > ?),"
                + " h.revision, h.key, h.old_value, h.new_value, h.action_id, h.ts_seconds, h.ts_nanos, h.ttl_secs,"
                + " h.version FROM " + t.stores + " s LEFT JOIN LATERAL (SELECT " + Rows.HISTORY_COLUMNS + " FROM "
                + t.history + " x WHERE x.store = s.store AND x.revision > ? ORDER BY x.revision LIMIT ?) h ON true"
                + " WHERE s.store = ? ORDER BY h.revision";
    }

    /**
     * Returns the value of {@code key}, or empty.
     *
     * @param key the key
     * @return a new node, or empty
     */
    public Optional<JsonNode> get(String key) {
        byte[] hash = Rows.keyHash(key);
        return ctx.db().read("get of key '" + JsonText.printable(key) + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(value)) {
                ps.setString(1, ctx.store());
                ps.setBytes(2, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JsonText.decode(rs.getString(1))) : Optional.<JsonNode>empty();
                }
            }
        });
    }

    /**
     * Returns the value of {@code key} with its revision, version and expiry, or empty.
     *
     * @param key the key
     * @return the versioned value, or empty
     */
    public Optional<Versioned> getVersioned(String key) {
        byte[] hash = Rows.keyHash(key);
        return ctx.db().read("getVersioned of key '" + JsonText.printable(key) + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(versioned)) {
                ps.setString(1, ctx.store());
                ps.setBytes(2, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Versioned>empty();
                    }
                    return Optional.of(new Versioned(JsonText.decode(rs.getString(1)), rs.getLong(2), rs.getLong(3),
                            Rows.instant(rs, 4)));
                }
            }
        });
    }

    /**
     * Returns whether {@code key} holds a value.
     *
     * @param key the key
     * @return {@code true} when present
     */
    public boolean exists(String key) {
        byte[] hash = Rows.keyHash(key);
        return ctx.db().read("exists of key '" + JsonText.printable(key) + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(exists)) {
                ps.setString(1, ctx.store());
                ps.setBytes(2, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Returns every key, sorted as Java sorts strings.
     *
     * @return a new list
     */
    public List<String> keys() {
        List<String> all = ctx.db().read("keys", c -> {
            try (PreparedStatement ps = c.prepareStatement(keys)) {
                ps.setString(1, ctx.store());
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
        Collections.sort(all);
        return all;
    }

    /**
     * Returns the whole state as of one instant.
     *
     * @return a new sorted map
     */
    public Map<String, JsonNode> snapshot() {
        return ctx.db().read("snapshot", c -> {
            try (PreparedStatement ps = c.prepareStatement(snapshot)) {
                ps.setString(1, ctx.store());
                try (ResultSet rs = ps.executeQuery()) {
                    Map<String, JsonNode> out = new TreeMap<>();
                    while (rs.next()) {
                        out.put(rs.getString(1), JsonText.decode(rs.getString(2)));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * Returns the latest revision.
     *
     * @return the revision, {@code 0} for an empty history
     */
    public long latestRevision() {
        return counterColumn("transitionCount", latest);
    }

    /**
     * Returns the number of rewinds ({@code restore}, {@code replaceAll}) of the store so far.
     *
     * @return the rewind count
     */
    public long epoch() {
        return counterColumn("changes", epoch);
    }

    private long counterColumn(String what, String sql) {
        return ctx.db().read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, ctx.store());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ctx.missingStoreRow();
                    }
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Returns at most {@code limit} transitions after {@code after} with the store's position, in
     * one snapshot. The transitions are those retained; {@link Page#checked} tells whether they
     * start right after {@code after}.
     *
     * @param after the revision to read after
     * @param limit the most transitions, or {@code 0} for all
     * @param epochSeen the rewind count the caller knows, for {@link Page#rewoundTo()}
     * @return the page
     */
    public Page page(long after, long limit, long epochSeen) {
        return ctx.db().read("read of the history after revision " + after, c -> {
            try (PreparedStatement ps = c.prepareStatement(page)) {
                ps.setLong(1, epochSeen);
                ps.setLong(2, after);
                if (limit > 0) {
                    ps.setLong(3, limit);
                } else {
                    ps.setNull(3, Types.BIGINT); // LIMIT NULL: no limit
                }
                ps.setString(4, ctx.store());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ctx.missingStoreRow();
                    }
                    long latestRevision = rs.getLong(1);
                    long epoch = rs.getLong(2);
                    long oldest = rs.getLong(3);
                    if (rs.wasNull()) {
                        oldest = latestRevision + 1;
                    }
                    long rewoundTo = rs.getLong(4);
                    if (rs.wasNull()) {
                        rewoundTo = Long.MAX_VALUE;
                    }
                    List<StateTransition> transitions = new ArrayList<>();
                    do {
                        rs.getLong(5);
                        if (!rs.wasNull()) {
                            transitions.add(Rows.transition(rs, 5));
                        }
                    } while (rs.next());
                    return new Page(transitions, latestRevision, oldest, epoch, rewoundTo);
                }
            }
        });
    }
}
