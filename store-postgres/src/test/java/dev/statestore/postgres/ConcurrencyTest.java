package dev.statestore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The races of a shared store, between stores with pools of their own on one database: the two
 * known traps of the design (old values of concurrent creates; a reader must never see revision
 * {@code r + 1} before {@code r}, with a transaction held open) and concurrent reapers.
 */
class ConcurrencyTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<PostgresStateStore> stores = new ArrayList<>();

    @AfterEach
    void closeAll() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        stores.forEach(PostgresStateStore::close);
    }

    private PostgresStateStore open(String store) {
        PostgresStateStore s = TestDatabase.open(store, Clock.systemUTC());
        stores.add(s);
        return s;
    }

    @Test
    void concurrentCreatesOfOneKeyRecordTheValueEachReplaced() throws Exception {
        String name = TestDatabase.newStoreName("race");
        int writers = 6;
        int rounds = 15;
        List<PostgresStateStore> each = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            each.add(open(name));
        }
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            PostgresStateStore s = each.get(w);
            int id = w;
            done.add(threads.submit(() -> {
                for (int r = 0; r < rounds; r++) {
                    start.await(30, TimeUnit.SECONDS);
                    s.set("key-" + r, JSON.numberNode(id), "writer-" + id);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        List<StateTransition> log = each.get(0).transitions();
        assertEquals(writers * rounds, log.size());
        Recorder.assertGapless(log, 1);
        Map<String, JsonNode> last = new HashMap<>();
        Map<String, Long> version = new HashMap<>();
        for (StateTransition t : log) {
            assertEquals(Optional.ofNullable(last.get(t.key())), t.oldValue(),
                    "old value of " + t + ": it must be the value the write replaced");
            assertEquals(version.getOrDefault(t.key(), 0L) + 1, t.version(), "version of " + t);
            last.put(t.key(), t.newValue().orElseThrow());
            version.put(t.key(), t.version());
        }
        assertEquals(last, each.get(writers - 1).snapshot());
    }

    @Test
    void aWriteWaitingBehindAnOpenTransactionIsNeverSeenBeforeIt() throws Exception {
        String name = TestDatabase.newStoreName("race");
        DelayedCommits delayed = new DelayedCommits(TestDatabase.admin());
        PostgresStateStore slow = PostgresStateStore.builder(delayed.dataSource()).store(name).open();
        stores.add(slow);
        PostgresStateStore fast = open(name);
        PostgresStateStore reader = open(name);
        Recorder feed = new Recorder();
        reader.changes(0).subscribe(feed);
        feed.request(Long.MAX_VALUE);

        Future<StateTransition> first = threads.submit(() -> slow.set("a", JSON.numberNode(1), "slow"));
        delayed.awaitHeldCommit(); // revision 1 is taken and its rows written, not yet committed
        Future<StateTransition> second = threads.submit(() -> fast.set("b", JSON.numberNode(2), "fast"));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < until) {
            assertEquals(List.of(), reader.transitionsSince(0), "a reader saw a transition while revision 1 is open");
            assertEquals(0, reader.transitionCount());
            assertFalse(reader.exists("b"), "the write behind the open transaction became visible first");
        }
        assertFalse(second.isDone(), "the second write did not wait for the open transaction");
        assertEquals(List.of(), feed.received(), "the feed delivered while revision 1 is open");

        delayed.release();
        assertEquals(1, first.get(30, TimeUnit.SECONDS).revision());
        assertEquals(2, second.get(30, TimeUnit.SECONDS).revision());
        List<StateTransition> log = reader.transitions();
        assertEquals(List.of("a", "b"), log.stream().map(StateTransition::key).toList());
        assertEquals(log, feed.awaitCount(2));
    }

    @Test
    void twoReapersAtOnceReapEachKeyExactlyOnce() throws Exception {
        String name = TestDatabase.newStoreName("reap");
        PostgresStateStore writer = open(name);
        int keys = 640; // more than one of the reaper's batches
        List<Future<?>> writes = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            writes.add(threads.submit(() -> {
                for (int i = first; i < keys; i += 4) {
                    writer.setWithTtl(String.format("k%04d", i), JSON.numberNode(i), "w", i % 2);
                }
                return null;
            }));
        }
        for (Future<?> f : writes) {
            f.get(120, TimeUnit.SECONDS);
        }
        writer.set("forever", JSON.numberNode(0), "w");
        PostgresStateStore a = open(name);
        PostgresStateStore b = open(name);
        CyclicBarrier start = new CyclicBarrier(2);
        Instant later = Instant.now().plusSeconds(60);
        Future<List<String>> ra = threads.submit(() -> {
            start.await();
            return a.reapExpired(later);
        });
        Future<List<String>> rb = threads.submit(() -> {
            start.await();
            return b.reapExpired(later);
        });
        List<String> byA = ra.get(60, TimeUnit.SECONDS);
        List<String> byB = rb.get(60, TimeUnit.SECONDS);
        Set<String> both = new HashSet<>(byA);
        both.retainAll(byB);
        assertEquals(Set.of(), both, "keys reaped twice");
        assertEquals(keys, byA.size() + byB.size(), "keys reaped");
        assertEquals(List.of("forever"), writer.keys());
        long reapTransitions = writer.transitions().stream().filter(t -> t.actionId().equals("reap_expired")).count();
        assertEquals(keys, reapTransitions, "one delete transition per reaped key");
        Recorder.assertGapless(writer.transitions(), 1);
        assertTrue(byA.equals(byA.stream().sorted().toList()) && byB.equals(byB.stream().sorted().toList()),
                "reaped keys are returned sorted");
    }
}
