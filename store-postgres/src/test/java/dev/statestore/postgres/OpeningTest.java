package dev.statestore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateStoreException;
import dev.statestore.StateStores;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.node.JsonNodeFactory;

/** Opening by URL: the provider, the options, the tables, their version and the privileges needed. */
class OpeningTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static void assertRefused(Class<? extends Throwable> type, Executable call, String... words) {
        Throwable e = assertThrows(type, call);
        for (String w : words) {
            assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT)),
                    "'" + e.getMessage() + "' does not name '" + w + "'");
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = TestDatabase.admin().getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    @Test
    void theProviderIsFoundByItsScheme() {
        assertTrue(StateStores.schemes().contains("postgresql"), StateStores.schemes().toString());
        String url = TestDatabase.url(TestDatabase.newStoreName("open"));
        try (StateStore s = StateStores.open(url)) {
            s.set("k", JSON.numberNode(1), "w");
        }
        try (StateStore s = StateStores.open(url)) {
            assertEquals(Optional.of(JSON.numberNode(1)), s.get("k"), "a second pool sees what the first wrote");
        }
    }

    @Test
    void optionsThatDoNotApplyAreRefusedSayingWhy() {
        String url = TestDatabase.url(TestDatabase.newStoreName("open"));
        assertRefused(IllegalArgumentException.class, () -> StateStores.open(url + "&durability=synced"),
                "durability", "synchronous_commit");
        assertRefused(IllegalArgumentException.class, () -> StateStores.open(url + "&memory-history=10"),
                "memory-history", "history");
        assertRefused(IllegalArgumentException.class, () -> StateStores.open(url + "&pool-size=0"), "pool-size");
        assertRefused(IllegalArgumentException.class, () -> StateStores.open(url + "&notify=maybe"), "notify");
        assertRefused(IllegalArgumentException.class, () -> StateStores.open(url + "&schema=no-dashes"), "schema");
        assertRefused(IllegalArgumentException.class, () -> StateStores.open(url + "&history=never"), "history");
        assertRefused(IllegalArgumentException.class, () -> StateStores.open(url + "&bogus=1"), "bogus");
        assertRefused(IllegalArgumentException.class, () -> StateStores.open("statestore:postgresql:localhost/db"),
                "//host");
        assertRefused(IllegalArgumentException.class, () -> StateStores.open("statestore:postgresql://localhost"),
                "database");
    }

    @Test
    void anUnreachableServerFailsTheOpenNamingIt() {
        assertRefused(StateStoreException.class, () -> StateStores.open(
                "statestore:postgresql://127.0.0.1:1/nowhere?user=postgres&connect-timeout=PT0.5S"), "127.0.0.1:1");
    }

    @Test
    void tablesAreCreatedInTheSchemaGivenOnFirstOpen() throws SQLException {
        String schema = "s_" + Long.toHexString(System.nanoTime());
        try (StateStore s = StateStores.open(TestDatabase.url("one", "schema=" + schema))) {
            s.set("k", JSON.numberNode(1), "w");
        }
        try (StateStore other = StateStores.open(TestDatabase.url("two", "schema=" + schema));
                StateStore one = StateStores.open(TestDatabase.url("one", "schema=" + schema))) {
            assertEquals(Optional.empty(), other.get("k"), "stores of different names are independent");
            assertEquals(Optional.of(JSON.numberNode(1)), one.get("k"));
        }
        sql("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void tablesOfANewerSchemaVersionAreRefused() throws SQLException {
        String schema = "newer_" + Long.toHexString(System.nanoTime());
        try (StateStore s = StateStores.open(TestDatabase.url("x", "schema=" + schema))) {
            s.set("k", JSON.numberNode(1), "w");
        }
        sql("UPDATE " + schema + ".statestore_meta SET value = '2' WHERE name = 'schema_version'");
        assertRefused(StateStoreException.class, () -> StateStores.open(TestDatabase.url("x", "schema=" + schema)),
                "schema version 2", "upgrade");
        sql("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void aUserWithOnlyDataPrivilegesUsesTablesCreatedByAnother() throws SQLException {
        String schema = "priv_" + Long.toHexString(System.nanoTime());
        String role = "app_" + Long.toHexString(System.nanoTime());
        try (StateStore s = StateStores.open(TestDatabase.url("x", "schema=" + schema))) {
            s.set("k", JSON.numberNode(1), "w");
        }
        sql("CREATE ROLE " + role + " LOGIN PASSWORD 'secret'",
                "GRANT USAGE ON SCHEMA " + schema + " TO " + role,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
        String url = "statestore:postgresql:" + TestDatabase.location() + "?user=" + role
                + "&password=secret&pool-size=1&store=x&schema=" + schema;
        try (StateStore s = StateStores.open(url)) {
            assertEquals(Optional.of(JSON.numberNode(1)), s.get("k"));
            assertEquals(2, s.set("k", JSON.numberNode(2), "w").revision());
        }
        String fresh = "fresh_" + Long.toHexString(System.nanoTime());
        StateStoreException e = assertInstanceOf(StateStoreException.class,
                assertThrows(RuntimeException.class, () -> StateStores.open(url.replace("schema=" + schema,
                        "schema=" + fresh))));
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        sql("DROP SCHEMA " + schema + " CASCADE", "DROP ROLE " + role);
    }
}
