package dev.statestore.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The one PostgreSQL server of a test JVM, started on first use and shared by every test class
 * (each uses stores of its own names). The server stops when the JVM exits.
 */
final class TestDatabase {

    private static final AtomicInteger STORES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    /**
     * Returns the shared server, starting it on first use. Its commits do not wait for the WAL flush
     * ({@code synchronous_commit=off}): no test of it stops the server, and waiting for an fsync per
     * commit on a shared two-core machine would take most of the module's test time. The server of
     * {@link FaultServer}, which is stopped in the middle of writes, waits.
     */
    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = durable(EmbeddedPostgres.builder()).setServerConfig("synchronous_commit", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
            }
        }
        return server;
    }

    /** Returns {@code builder} configured for durable commits (fsync and synchronous commit on), with room for child JVMs. */
    static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "200");
    }

    /** Returns the location part of the server's store URL: {@code //localhost:<port>/postgres}. */
    static String location() {
        return "//localhost:" + server().getPort() + "/postgres";
    }

    /** Returns the URL of store {@code store} on the shared server, with a small pool. */
    static String url(String store, String... moreOptions) {
        StringBuilder url = new StringBuilder("statestore:postgresql:" + location() + "?user=postgres&pool-size=2&store="
                + store);
        for (String option : moreOptions) {
            url.append('&').append(option);
        }
        return url.toString();
    }

    /** Returns a store name no other test uses, starting with {@code prefix}. */
    static String newStoreName(String prefix) {
        return prefix + "-" + STORES.incrementAndGet() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** Returns the options of store {@code store}: the superuser, a pool of two. */
    static Map<String, String> options(String store) {
        Map<String, String> options = new HashMap<>();
        options.put("user", "postgres");
        options.put("pool-size", "2");
        options.put("store", store);
        return options;
    }

    /** Opens store {@code store} on the shared server, timed by {@code clock}. */
    static PostgresStateStore open(String store, Clock clock) {
        return PostgresStateStore.builder(location()).options(options(store)).clock(clock).open();
    }

    /** Returns connections to the server as the superuser, for tests that look at the tables. */
    static DataSource admin() {
        return server().getPostgresDatabase();
    }
}
