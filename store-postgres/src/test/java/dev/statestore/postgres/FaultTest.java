package dev.statestore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Faults of the database under a live store: the server stopped at once in the middle of a write
 * load and started again, and pooled connections cut by the server. The store is never reopened.
 * {@code -Dstatestore.pg.fault.rounds=N} (the {@code pg-faults} profile sets 20) repeats the
 * stop-and-restart round.
 */
class FaultTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static FaultServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = FaultServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static PostgresStateStore open(String store, int poolSize) {
        return PostgresStateStore.builder(server.location())
                .options(Map.of("user", "postgres", "store", store, "pool-size", Integer.toString(poolSize),
                        "connect-timeout", "PT1S", "poll-interval", "PT0.1S"))
                .clock(Clock.systemUTC()).open();
    }

    @Test
    void everyAcknowledgedWriteSurvivesAnImmediateStopAndTheStoreRecoversWithoutReopening() throws Exception {
        int rounds = Integer.getInteger("statestore.pg.fault.rounds", 1);
        try (PostgresStateStore store = open(TestDatabase.newStoreName("fault"), 3)) {
            Recorder feed = new Recorder();
            store.changes(0).subscribe(feed);
            feed.request(Long.MAX_VALUE);
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger failures = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        StateTransition t = store.set("k" + i, JSON.numberNode(i), "load");
                        assertEquals(Optional.empty(), t.oldValue());
                        acknowledged.add(i);
                    } catch (StateStoreException e) {
                        failures.incrementAndGet();
                        sleep(20);
                    } catch (RuntimeException | Error e) {
                        unexpected.add(e);
                    }
                }
            }, "fault-writer");
            writer.start();
            try {
                for (int round = 0; round < rounds; round++) {
                    awaitMore(acknowledged, 20);
                    server.stopImmediately();
                    int failed = failures.get();
                    assertThrows(StateStoreException.class, () -> store.get("k0"), "a read while the server is down");
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (failures.get() < failed + 2 && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    assertTrue(failures.get() >= failed + 2, "writes did not fail while the server was down");
                    server.restart();
                    awaitMore(acknowledged, 20);
                }
            } finally {
                stop.set(true);
                writer.join(60_000);
            }
            assertEquals(List.of(), List.copyOf(unexpected), "failures other than StateStoreException");
            for (int i : acknowledged) {
                assertEquals(Optional.of(JSON.numberNode(i)), store.get("k" + i), "acknowledged write k" + i);
            }
            List<StateTransition> log = store.transitions();
            Recorder.assertGapless(log, 1);
            assertEquals(store.transitionCount(), log.size());
            assertEquals(log, feed.awaitCount(log.size()), "the feed across the outages");
        }
    }

    @Test
    void brokenPooledConnectionsAreReplaced() throws Exception {
        try (PostgresStateStore store = open(TestDatabase.newStoreName("fault"), 1)) {
            store.set("k", JSON.numberNode(1), "w");
            Set<Integer> before = backends();
            assertEquals(1, terminateBackends(), "the store's one pooled connection");
            // At once: the pool hands out the cut connection, the call finds it broken and retries.
            assertEquals(Optional.of(JSON.numberNode(1)), store.get("k"));
            assertEquals(2, store.set("k", JSON.numberNode(2), "w").revision());
            Set<Integer> after = backends();
            assertNotEquals(before, after, "the pool still uses the cut connection");
        }
        try (PostgresStateStore store = open(TestDatabase.newStoreName("fault"), 3)) {
            store.set("k", JSON.numberNode(1), "w");
            assertTrue(terminateBackends() >= 1);
            Thread.sleep(600); // later: the pool's own check finds the connections dead
            assertEquals(Optional.of(JSON.numberNode(1)), store.get("k"));
            assertEquals(2, store.set("k", JSON.numberNode(2), "w").revision());
        }
    }

    private static Set<Integer> backends() throws SQLException {
        Set<Integer> pids = new HashSet<>();
        try (Connection c = server.admin().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = 'statestore'")) {
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
        }
        return pids;
    }

    private static int terminateBackends() throws SQLException {
        int n = 0;
        try (Connection c = server.admin().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'statestore'")) {
            while (rs.next()) {
                n += rs.getBoolean(1) ? 1 : 0;
            }
        }
        return n;
    }

    private static void awaitMore(Set<Integer> acknowledged, int more) throws InterruptedException {
        int target = acknowledged.size() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < target) {
            assertTrue(System.nanoTime() < deadline, "the writer made no progress in 60 s");
            Thread.sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
