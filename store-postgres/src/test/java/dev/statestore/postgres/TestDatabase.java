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
 * (each uses stores of its own names), with fsync and synchronous commit on. The server stops
 * when the JVM exits.
 */
final class TestDatabase {

    private static final AtomicInteger STORES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    /** Returns the shared server, starting it on first use. */
    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = durable(EmbeddedPostgres.builder()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
            }
        }
        return server;
    }

    /** Returns {@code builder} configured as every test server is: durable commits, room for child JVMs. */
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
