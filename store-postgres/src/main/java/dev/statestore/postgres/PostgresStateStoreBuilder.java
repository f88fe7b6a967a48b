package dev.statestore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.statestore.internal.HistoryPolicy;
import dev.statestore.postgres.internal.Context;
import dev.statestore.postgres.internal.Database;
import dev.statestore.postgres.internal.JsonText;
import dev.statestore.postgres.internal.Server;
import dev.statestore.postgres.internal.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * A builder of {@link PostgresStateStore}s: where the database is, which store and schema, the
 * pool, the change feed's wake-ups, the history to keep and the clock. Options given as a map (the
 * query of a {@code statestore:postgresql:} URL) set the same things. Not thread-safe; each
 * {@link #open()} opens a new store.
 */
public final class PostgresStateStoreBuilder {

    /** Option {@code user}: the database user. */
    public static final String OPTION_USER = "user";
    /** Option {@code password}: the user's password. */
    public static final String OPTION_PASSWORD = "password";
    /** Option {@code store}: the name of the store within the schema, default {@code default}. */
    public static final String OPTION_STORE = "store";
    /** Option {@code schema}: the schema of the tables, default {@code public}. */
    public static final String OPTION_SCHEMA = "schema";
    /** Option {@code pool-size}: the most connections of the store's pool, default 10. */
    public static final String OPTION_POOL_SIZE = "pool-size";
    /** Option {@code connect-timeout}: how long a call waits for a connection, default {@code PT5S}. */
    public static final String OPTION_CONNECT_TIMEOUT = "connect-timeout";
    /** Option {@code notify}: whether writes send {@code NOTIFY} to wake change feeds at once, default false. */
    public static final String OPTION_NOTIFY = "notify";
    /** Option {@code poll-interval}: how often change feeds look for other processes' writes, default {@code PT0.2S}. */
    public static final String OPTION_POLL_INTERVAL = "poll-interval";
    /** Option {@code durability}: refused, PostgreSQL's own settings decide. */
    public static final String OPTION_DURABILITY = "durability";

    /** Every option name the backend knows, the refused ones included (so they are refused with a reason). */
    public static final Set<String> OPTIONS = Set.of(OPTION_USER, OPTION_PASSWORD, OPTION_STORE, OPTION_SCHEMA,
            OPTION_POOL_SIZE, OPTION_CONNECT_TIMEOUT, OPTION_NOTIFY, OPTION_POLL_INTERVAL, HistoryPolicy.OPTION,
            HistoryPolicy.REAP_INTERVAL_OPTION, OPTION_DURABILITY, HistoryPolicy.MEMORY_OPTION);

    private final String location;
    private final DataSource dataSource;
    private String user;
    private String password;
    private String store = "default";
    private String schema = "public";
    private int poolSize = 10;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private boolean notify;
    private Duration pollInterval = Duration.ofMillis(200);
    private HistoryPolicy history = HistoryPolicy.ALL;
    private Duration reapInterval;
    private Clock clock = Clock.systemUTC();

    /**
     * Creates a builder for {@code location} or, when it is null, for {@code dataSource}.
     *
     * @param location the server and database, or {@code null}
     * @param dataSource the connections, or {@code null}
     */
    PostgresStateStoreBuilder(String location, DataSource dataSource) {
        this.location = location;
        this.dataSource = dataSource;
        if (location != null) {
            Server.jdbcUrl(location);
        }
    }

    /**
     * Applies {@code options}, as given in a URL's query: the names of {@link #OPTIONS}.
     *
     * @param options the options
     * @return this builder
     * @throws IllegalArgumentException naming an unknown, refused or malformed option
     */
    public PostgresStateStoreBuilder options(Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "option name");
            String value = Objects.requireNonNull(e.getValue(), () -> "value of option '" + name + "'");
            switch (name) {
                case OPTION_USER -> user(value);
                case OPTION_PASSWORD -> password(value);
                case OPTION_STORE -> store(value);
                case OPTION_SCHEMA -> schema(value);
                case OPTION_POOL_SIZE -> poolSize(integer(name, value));
                case OPTION_CONNECT_TIMEOUT -> connectTimeout(duration(name, value));
                case OPTION_NOTIFY -> notify(bool(name, value));
                case OPTION_POLL_INTERVAL -> pollInterval(duration(name, value));
                case HistoryPolicy.OPTION -> history(value);
                case HistoryPolicy.REAP_INTERVAL_OPTION -> reapInterval(HistoryPolicy.reapInterval(options).orElseThrow());
                case OPTION_DURABILITY -> throw new IllegalArgumentException("option durability does not apply to"
                        + " statestore:postgresql: a write returns once PostgreSQL has committed it, and the server's"
                        + " settings (fsync, synchronous_commit, synchronous_standby_names) decide what survives a"
                        + " crash or a failover; remove the option");
                case HistoryPolicy.MEMORY_OPTION -> throw new IllegalArgumentException("option memory-history does"
                        + " not apply to statestore:postgresql: the store keeps no history on the heap and reads it"
                        + " from the database; remove the option (history=<n> or history=<duration> bounds what is"
                        + " kept)");
                default -> throw new IllegalArgumentException("unknown option '" + name + "' for statestore:postgresql;"
                        + " supported options: " + String.join(", ", new TreeSet<>(OPTIONS)));
            }
        }
        return this;
    }

    /**
     * Sets the database user; without one the driver's default (the operating system user) is used.
     *
     * @param user the user
     * @return this builder
     */
    public PostgresStateStoreBuilder user(String user) {
        this.user = Objects.requireNonNull(user, "user");
        return this;
    }

    /**
     * Sets the user's password.
     *
     * @param password the password
     * @return this builder
     */
    public PostgresStateStoreBuilder password(String password) {
        this.password = Objects.requireNonNull(password, "password");
        return this;
    }

    /**
     * Sets the store's name: stores of different names in one schema are independent.
     *
     * @param store the name, not empty
     * @return this builder
     * @throws IllegalArgumentException if empty or not storable
     */
    public PostgresStateStoreBuilder store(String store) {
        Objects.requireNonNull(store, "store");
        if (store.isEmpty()) {
            throw new IllegalArgumentException("option store must not be empty: name the store, as in store=orders"
                    + " (default 'default')");
        }
        JsonText.checkText("option store", store);
        this.store = store;
        return this;
    }

    /**
     * Sets the schema of the tables.
     *
     * @param schema a plain identifier
     * @return this builder
     * @throws IllegalArgumentException if not a plain identifier
     */
    public PostgresStateStoreBuilder schema(String schema) {
        this.schema = new Tables(Objects.requireNonNull(schema, "schema")).schema();
        return this;
    }

    /**
     * Sets the most connections of the pool the store creates; ignored with a data source.
     *
     * @param connections at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public PostgresStateStoreBuilder poolSize(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("option pool-size must be >= 1, was " + connections);
        }
        this.poolSize = connections;
        return this;
    }

    /**
     * Sets how long a call waits for a connection before it fails; at least 250 ms.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException if below 250 ms
     */
    public PostgresStateStoreBuilder connectTimeout(Duration timeout) {
        if (timeout.toMillis() < 250) {
            throw new IllegalArgumentException("option connect-timeout must be at least PT0.25S, was " + timeout);
        }
        this.connectTimeout = timeout;
        return this;
    }

    /**
     * Sets whether each write sends a {@code NOTIFY} that wakes the change feeds of other processes
     * at once. Without it they notice other processes' writes at the next poll.
     *
     * @param notify whether to notify
     * @return this builder
     */
    public PostgresStateStoreBuilder notify(boolean notify) {
        this.notify = notify;
        return this;
    }

    /**
     * Sets how often change feeds with demand look for writes of other processes.
     *
     * @param interval a positive interval
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public PostgresStateStoreBuilder pollInterval(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("option poll-interval must be positive, was " + interval);
        }
        this.pollInterval = interval;
        return this;
    }

    /**
     * Sets how much history to keep: {@code all}, a count or an ISO-8601 duration.
     *
     * @param policy the {@code history} option's value
     * @return this builder
     * @throws IllegalArgumentException if malformed
     */
    public PostgresStateStoreBuilder history(String policy) {
        this.history = HistoryPolicy.parse(Objects.requireNonNull(policy, "policy"));
        return this;
    }

    /**
     * Runs {@code reapExpired(clock.instant())} on a daemon thread at this interval; {@code null}
     * for none.
     *
     * @param interval a positive interval, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public PostgresStateStoreBuilder reapInterval(Duration interval) {
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("option reap-interval must be positive, was " + interval);
        }
        this.reapInterval = interval;
        return this;
    }

    /**
     * Sets the clock that timestamps transitions and judges the {@code history} duration.
     *
     * @param clock the clock
     * @return this builder
     */
    public PostgresStateStoreBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Returns the open store: connects, creates the tables if they are missing and the store's row.
     *
     * @return the store, which the caller closes
     * @throws dev.statestore.StateStoreException if the database cannot be reached or its tables are newer
     */
    public PostgresStateStore open() {
        HikariDataSource pool = null;
        DataSource source = dataSource;
        if (source == null) {
            pool = Server.pool(location, user, password, poolSize, connectTimeout, store);
            source = pool;
        }
        try {
            Tables tables = new Tables(schema);
            Database db = new Database(source, store);
            db.read("open", c -> {
                Server.check(c);
                tables.prepare(c, store);
                return null;
            });
            Context ctx = new Context(db, tables, store, clock, history, notify ? Server.channel(schema, store) : null);
            return new PostgresStateStore(ctx, pollInterval, reapInterval, pool);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw e;
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + "='" + value + "' is not a whole number", e);
        }
    }

    private static Duration duration(String name, String value) {
        try {
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("option " + name + "='" + value + "' is not an ISO-8601 duration such as"
                    + " PT0.5S or PT5S", e);
        }
    }

    private static boolean bool(String name, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("option " + name + "='" + value + "' is not valid: use true or false");
    }
}
