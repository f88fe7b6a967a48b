package dev.statestore.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.statestore.StateStoreException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The server side of opening a store: the JDBC URL of a location, the connection pool, the checks
 * of the server's settings and the name of a store's notification channel. Stateless and
 * thread-safe.
 */
public final class Server {

    private static final System.Logger LOG = System.getLogger(Server.class.getName());

    private Server() {
    }

    /**
     * Returns a new pool of connections to {@code location}, checked by one connection.
     *
     * @param location the server and database, {@code //host[:port]/database}
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}
     * @param poolSize the most connections
     * @param connectTimeout how long a call waits for a connection
     * @param store the store's name, for the pool's name
     * @return the pool, which the caller closes
     * @throws StateStoreException if no connection can be made
     */
    public static HikariDataSource pool(String location, String user, String password, int poolSize,
            Duration connectTimeout, String store) {
        String url = jdbcUrl(location);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(connectTimeout.toMillis());
        config.setInitializationFailTimeout(connectTimeout.toMillis());
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setAutoCommit(true);
        config.setPoolName("statestore-" + store);
        config.addDataSourceProperty("ApplicationName", "statestore");
        config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StateStoreException("cannot connect to PostgreSQL at " + url + (user == null ? "" : " as user '"
                    + user + "'") + ": " + cause.getMessage() + " (check host, port, database, user and password)", e);
        }
    }

    /**
     * Checks that the server can hold this backend's data: UTF8, read committed, version 15 or later
     * (an older one is only warned about).
     *
     * @param c a connection
     * @throws SQLException if the database fails
     * @throws StateStoreException if the encoding or the isolation level does not fit
     */
    public static void check(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('server_version_num')::int,"
                + " current_setting('server_encoding'), current_setting('transaction_isolation')");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            int version = rs.getInt(1);
            String encoding = rs.getString(2);
            String isolation = rs.getString(3);
            if (!encoding.equalsIgnoreCase("UTF8")) {
                throw new StateStoreException("the database's encoding is " + encoding + ", not UTF8: keys and values"
                        + " would not read back exactly; create the database with ENCODING 'UTF8'");
            }
            if (!isolation.equalsIgnoreCase("read committed")) {
                throw new StateStoreException("the connections' isolation level is '" + isolation + "': statestore"
                        + " needs read committed (PostgreSQL's default); configure the data source accordingly");
            }
            if (version < 150000) {
                LOG.log(System.Logger.Level.WARNING, "PostgreSQL server version " + version + " is older than 15,"
                        + " the oldest statestore supports");
            }
        }
    }

    /**
     * Returns the LISTEN/NOTIFY channel of a store: a name derived from its schema and name.
     *
     * @param schema the schema
     * @param store the store's name
     * @return the channel, a plain identifier
     */
    public static String channel(String schema, String store) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((schema + "\u0000" + store).getBytes(StandardCharsets.UTF_8));
            return "statestore_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Returns the JDBC URL of a location {@code //host[:port][,host[:port]…]/database}.
     *
     * @param location the location
     * @return the JDBC URL
     * @throws IllegalArgumentException naming what is malformed
     */
    public static String jdbcUrl(String location) {
        String problem = null;
        if (!location.startsWith("//")) {
            problem = "it must start with '//'";
        } else {
            int slash = location.indexOf('/', 2);
            if (slash < 0 || slash == 2) {
                problem = slash < 0 ? "it names no database" : "it names no host";
            } else if (slash == location.length() - 1) {
                problem = "it names no database";
            } else {
                String hosts = location.substring(2, slash);
                String database = location.substring(slash + 1);
                if (hosts.chars().anyMatch(ch -> ch == '@' || Character.isWhitespace(ch))) {
                    problem = "the host part '" + hosts + "' is malformed (give user and password as options)";
                } else {
                    return "jdbc:postgresql://" + hosts + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
                }
            }
        }
        throw new IllegalArgumentException("statestore:postgresql: location '" + location + "' is not valid: " + problem
                + "; write statestore:postgresql://host[:port]/database?user=…&password=…, as in"
                + " statestore:postgresql://localhost:5432/app?user=app&store=orders");
    }
}
