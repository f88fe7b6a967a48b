package dev.statestore.postgres.internal;

import dev.statestore.StateStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tables of the PostgreSQL backend in one schema, their qualified names, and their creation on
 * first open. Every store of a schema shares the tables; rows carry the store's name.
 *
 * <ul>
 *   <li>{@code statestore_meta (name, value)}: the row {@code schema_version}.</li>
 *   <li>{@code statestore_stores (store, revision, epoch)}: one row per store, its latest revision
 *       and the number of rewinds ({@code restore}, {@code replaceAll}) so far. Every write locks
 *       this row first, which makes revisions gapless and in commit order.</li>
 *   <li>{@code statestore_state (store, key_hash, key, value, revision, version, ts_seconds,
 *       ts_nanos, ttl_secs, expires_seconds, expires_nanos)}: each live key's value and its latest
 *       write. {@code key_hash} is the SHA-256 of the key's UTF-8 bytes, the primary key with
 *       {@code store}, so keys of any length fit a B-tree.</li>
 *   <li>{@code statestore_history (store, revision, key, old_value, new_value, action_id,
 *       ts_seconds, ts_nanos, ttl_secs, version, prev_revision)}: the retained transitions;
 *       {@code new_value} is SQL {@code NULL} for a delete, {@code prev_revision} the revision the
 *       key had before the write (what {@code restore} needs).</li>
 *   <li>{@code statestore_rewinds (store, epoch, revision)}: the revision each rewind went back to,
 *       so that a change feed in any process can tell whether a rewind passed its position.</li>
 * </ul>
 *
 * <p>Values are JSON text in {@code text} columns (see {@link JsonText}); instants are whole
 * seconds since the epoch plus nanoseconds, so that no precision is lost and
 * {@link java.time.Instant#MAX} fits.
 *
 * <p>Immutable and thread-safe.
 */
public final class Tables {

    /** The schema version this code creates and reads. */
    public static final int VERSION = 1;

    /** The advisory lock that creators of tables take, in any schema: ASCII "STATESTO". */
    private static final long CREATE_LOCK = 0x5354_4154_4553_544FL;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String schema;
    /** {@code statestore_meta}, qualified. */
    public final String meta;
    /** {@code statestore_stores}, qualified. */
    public final String stores;
    /** {@code statestore_state}, qualified. */
    public final String state;
    /** {@code statestore_history}, qualified. */
    public final String history;
    /** {@code statestore_rewinds}, qualified. */
    public final String rewinds;

    /**
     * Creates the names of the tables in {@code schema}.
     *
     * @param schema the schema name
     * @throws IllegalArgumentException if the name is not a plain identifier
     */
    public Tables(String schema) {
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("option schema='" + schema + "' is not valid: use a name of letters,"
                    + " digits and '_' that does not start with a digit, at most 63 chars (default 'public')");
        }
        this.schema = schema;
        String q = "\"" + schema + "\".";
        this.meta = q + "statestore_meta";
        this.stores = q + "statestore_stores";
        this.state = q + "statestore_state";
        this.history = q + "statestore_history";
        this.rewinds = q + "statestore_rewinds";
    }

    /**
     * Returns the schema name.
     *
     * @return the schema
     */
    public String schema() {
        return schema;
    }

    /**
     * Creates the tables unless they exist, checks their version and adds the row of {@code store}.
     * Needs the {@code CREATE} privilege on the schema only when the tables are missing.
     *
     * @param c a connection in auto-commit mode
     * @param store the store's name
     * @throws SQLException if the database fails
     * @throws StateStoreException if the tables were made by a newer version of this code
     */
    public void prepare(Connection c, String store) throws SQLException {
        Integer version = version(c);
        if (version == null) {
            create(c);
            version = version(c);
        }
        if (version == null || version > VERSION) {
            throw new StateStoreException("the statestore tables in schema '" + schema + "' have schema version "
                    + version + ", newer than this statestore knows (" + VERSION + "): upgrade statestore, or use"
                    + " another schema (option schema)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + stores
                + " (store, revision, epoch) VALUES (?, 0, 0) ON CONFLICT (store) DO NOTHING")) {
            ps.setString(1, store);
            ps.executeUpdate();
        }
    }

    /** Returns the schema version in the meta table, or null when it does not exist. */
    private Integer version(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, meta);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return null;
                }
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM " + meta + " WHERE name = 'schema_version'")) {
            if (!rs.next()) {
                return null;
            }
            String v = rs.getString(1);
            try {
                return Integer.valueOf(v.trim());
            } catch (NumberFormatException e) {
                throw new StateStoreException("the statestore tables in schema '" + schema + "' have an unreadable"
                        + " schema version '" + v + "' in " + meta, e);
            }
        }
    }

    private void create(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // One creator at a time in the whole database: CREATE ... IF NOT EXISTS races otherwise.
            s.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
                }
            }
            for (String ddl : ddl()) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO " + meta + " (name, value) VALUES ('schema_version', '" + VERSION
                    + "') ON CONFLICT (name) DO NOTHING");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private List<String> ddl() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + meta + " (name text PRIMARY KEY, value text NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + stores + " (store text PRIMARY KEY, revision bigint NOT NULL,"
                        + " epoch bigint NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + state + " (store text NOT NULL, key_hash bytea NOT NULL,"
                        + " key text NOT NULL, value text NOT NULL, revision bigint NOT NULL, version bigint NOT NULL,"
                        + " ts_seconds bigint NOT NULL, ts_nanos integer NOT NULL, ttl_secs bigint,"
                        + " expires_seconds bigint, expires_nanos integer, PRIMARY KEY (store, key_hash))",
                "CREATE INDEX IF NOT EXISTS statestore_state_expiry ON " + state
                        + " (store, expires_seconds, expires_nanos) WHERE expires_seconds IS NOT NULL",
                "CREATE TABLE IF NOT EXISTS " + history + " (store text NOT NULL, revision bigint NOT NULL,"
                        + " key text NOT NULL, old_value text, new_value text, action_id text NOT NULL,"
                        + " ts_seconds bigint NOT NULL, ts_nanos integer NOT NULL, ttl_secs bigint,"
                        + " version bigint NOT NULL, prev_revision bigint NOT NULL, PRIMARY KEY (store, revision))",
                "CREATE TABLE IF NOT EXISTS " + rewinds + " (store text NOT NULL, epoch bigint NOT NULL,"
                        + " revision bigint NOT NULL, PRIMARY KEY (store, epoch))");
    }

}
