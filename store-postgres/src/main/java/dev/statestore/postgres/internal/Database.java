package dev.statestore.postgres.internal;

import dev.statestore.StateStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * The connections of one store: runs a unit of work on a pooled connection, as one statement in
 * auto-commit mode or as one transaction, and turns {@link SQLException}s into
 * {@link StateStoreException}s that name the operation and the store.
 *
 * <p>A unit of work that fails because its connection broke before {@code COMMIT} was sent is run
 * once more on another connection: the server rolls back a transaction whose connection is gone,
 * so nothing of the first attempt can have been applied. A failure during {@code COMMIT} itself is
 * reported as such, since its outcome is unknown.
 *
 * <p>Thread-safe: each call takes its own connection.
 */
public final class Database {

    /**
     * A unit of work on one connection.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Runs the work.
         *
         * @param c the connection
         * @return the result
         * @throws SQLException if the database fails
         */
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final String storeName;

    /**
     * Creates the runner.
     *
     * @param dataSource where connections come from
     * @param storeName the store's name, for messages
     */
    public Database(DataSource dataSource, String storeName) {
        this.dataSource = dataSource;
        this.storeName = storeName;
    }

    /**
     * Returns the data source.
     *
     * @return the data source
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work} in auto-commit mode: each statement on its own snapshot.
     *
     * @param what the operation, for messages ({@code "get of key 'k'"})
     * @param work the work
     * @param <T> the result type
     * @return the work's result
     * @throws StateStoreException if the database fails
     */
    public <T> T read(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                if (attempt == 1 && connectionBroke(e)) {
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    /**
     * Runs {@code work} as one transaction (read committed) and commits it. The work may call
     * {@link Connection#rollback()} itself to write nothing; an exception rolls back.
     *
     * @param what the operation, for messages
     * @param work the work
     * @param <T> the result type
     * @return the work's result
     * @throws StateStoreException if the database fails
     */
    public <T> T transaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            boolean committing = false;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    committing = true;
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    if (!committing) {
                        rollbackQuietly(c, e);
                    }
                    throw e;
                }
            } catch (SQLException e) {
                if (committing) {
                    throw new StateStoreException(what + " on store '" + storeName + "': the COMMIT failed, so whether"
                            + " the write was applied is unknown; read the key to find out (" + describe(e) + ")", e);
                }
                if (attempt == 1 && connectionBroke(e)) {
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Returns whether {@code e} says the connection broke (class 08, or the server shutting down).
     *
     * @param e the failure
     * @return {@code true} for a broken connection
     */
    static boolean connectionBroke(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return false; // the pool timed out waiting for a connection: trying again would wait again
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private StateStoreException failure(String what, SQLException e) {
        return new StateStoreException(what + " on store '" + storeName + "' failed: " + describe(e), e);
    }

    private static String describe(SQLException e) {
        return e.getMessage() + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
    }
}
