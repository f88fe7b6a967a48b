package dev.statestore.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks that every store of the side-by-side benchmark performs the benchmark's workloads
 * correctly at tiny sizes: this is the harness's correctness, not its speed.
 */
class PeerStoresTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path tmp;

    private static JsonNode value(int writer, int n) {
        ObjectNode v = JSON.objectNode();
        v.put("writer", writer);
        v.put("n", n);
        v.putArray("tags").add("t" + n % 3);
        return v;
    }


    private Path dir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void writesAreReadableBackAtEveryLevelAndAfterReopen(PeerKind kind) throws Exception {
        for (Durability d : Durability.values()) {
            Path dir = dir(d.name());
            try (PeerStore store = kind.open(dir, d)) {
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < 40; i++) {
                        store.put("k" + i, value(round, i));
                    }
                }
                for (int i = 0; i < 40; i++) {
                    assertEquals(Optional.of(value(1, i)), store.get("k" + i), kind + " " + d + " k" + i);
                }
                assertEquals(Optional.empty(), store.get("absent"), kind + " " + d);
            }
            try (PeerStore reopened = kind.open(dir, d)) {
                for (int i = 0; i < 40; i++) {
                    assertEquals(Optional.of(value(1, i)), reopened.get("k" + i), kind + " " + d + " reopened k" + i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void auditedWritesRecordEachWriteWithItsOldValueAtomically(PeerKind kind) throws Exception {
        for (Durability d : List.of(Durability.FLUSHED, Durability.SYNCED)) {
            Path dir = dir(d.name());
            try (PeerStore store = kind.open(dir, d)) {
                store.putAudited("a", value(0, 1), "create");
                store.putAudited("a", value(0, 2), "update");
                store.putAudited("b", value(0, 3), "create");
                assertEquals(List.of(
                        new PeerStore.AuditRecord("a", Optional.empty(), value(0, 1), "create"),
                        new PeerStore.AuditRecord("a", Optional.of(value(0, 1)), value(0, 2), "update")),
                        store.auditTrail("a"), kind + " " + d);
                assertEquals(List.of(new PeerStore.AuditRecord("b", Optional.empty(), value(0, 3), "create")),
                        store.auditTrail("b"), kind + " " + d);
                assertEquals(Optional.of(value(0, 2)), store.get("a"));
            }
            try (PeerStore reopened = kind.open(dir, d)) {
                assertEquals(2, reopened.auditTrail("a").size(), kind + " " + d + " audit rows after reopen");
                reopened.putAudited("a", value(0, 4), "again");
                List<PeerStore.AuditRecord> trail = reopened.auditTrail("a");
                assertEquals(new PeerStore.AuditRecord("a", Optional.of(value(0, 2)), value(0, 4), "again"),
                        trail.get(trail.size() - 1), kind + " " + d + " write after reopen");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void concurrentAuditedWritesChainEachKeysOldAndNewValues(PeerKind kind) throws Exception {
        int threads = 4;
        int writes = 150;
        int keys = 6;
        try (PeerStore store = kind.open(dir("store"), Durability.FLUSHED)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int writer = t;
                    done.add(pool.submit(() -> {
                        for (int n = 0; n < writes; n++) {
                            store.putAudited("key" + (n * 7 + writer) % keys, value(writer, n), "w" + writer);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            int total = 0;
            for (int k = 0; k < keys; k++) {
                List<PeerStore.AuditRecord> trail = store.auditTrail("key" + k);
                total += trail.size();
                assertEquals(Optional.empty(), trail.get(0).oldValue(), kind + " first write of key" + k);
                for (int i = 1; i < trail.size(); i++) {
                    assertEquals(Optional.of(trail.get(i - 1).newValue()), trail.get(i).oldValue(),
                            kind + " key" + k + " record " + i + " must name the value it replaced");
                }
                assertEquals(Optional.of(trail.get(trail.size() - 1).newValue()), store.get("key" + k),
                        kind + " key" + k + " must hold its last recorded value");
            }
            assertEquals(threads * writes, total, kind + " one audit record per write");
        }
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void expiryDeletesExactlyTheExpiredKeysAndLastsAcrossReopen(PeerKind kind) throws Exception {
        Path dir = dir("store");
        Set<String> expired = new HashSet<>();
        Map<String, JsonNode> live = new HashMap<>();
        try (PeerStore store = kind.open(dir, Durability.FLUSHED)) {
            List<PeerStore.Write> writes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long ttl = i % 10 == 0 ? 0 : 3600;
                writes.add(new PeerStore.Write("t" + i, value(0, i), ttl));
                if (ttl == 0) {
                    expired.add("t" + i);
                }
                live.put("t" + i, value(0, i));
            }
            writes.add(new PeerStore.Write("plain", value(0, 99), PeerStore.NO_TTL));
            live.put("plain", value(0, 99));
            store.load(writes);
            // a plain write cancels the TTL of t0; a TTL of 0 now expires t1, whose old index entry said an hour
            store.put("t0", value(1, 0));
            live.put("t0", value(1, 0));
            expired.remove("t0");
            store.putWithTtl("t1", value(1, 1), 0);
            expired.add("t1");
            store.putWithTtl("late", value(1, 2), 0);
            expired.add("late");
            store.putWithTtl("later", value(1, 3), 3600);
            live.put("later", value(1, 3));
            live.keySet().removeAll(expired);

            assertEquals(expired.size(), store.expire(Instant.now().plusMillis(1)), kind + " expired count");
            for (String key : expired) {
                assertFalse(store.get(key).isPresent(), kind + " " + key + " must be expired");
            }
            for (Map.Entry<String, JsonNode> e : live.entrySet()) {
                assertEquals(Optional.of(e.getValue()), store.get(e.getKey()), kind + " " + e.getKey() + " must live");
            }
            assertEquals(0, store.expire(Instant.now().plusMillis(1)), kind + " a second expiry finds nothing");
        }
        try (PeerStore reopened = kind.open(dir, Durability.FLUSHED)) {
            for (String key : expired) {
                assertFalse(reopened.get(key).isPresent(), kind + " " + key + " must stay expired after reopen");
            }
            assertEquals(Optional.of(live.get("later")), reopened.get("later"));
            // two hours on, every key that still has a TTL is due; the two without one stay
            assertEquals(live.size() - 2, reopened.expire(Instant.now().plusSeconds(7200)), kind + " TTLs survive reopen");
            assertEquals(Optional.of(live.get("plain")), reopened.get("plain"));
            assertEquals(Optional.of(live.get("t0")), reopened.get("t0"));
            assertFalse(reopened.get("later").isPresent(), kind.name());
        }
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void crashImageHoldsEveryAcknowledgedWriteAtTheProcessCrashLevel(PeerKind kind) throws Exception {
        Path image = tmp.resolve("image");
        try (PeerStore store = kind.open(dir("store"), Durability.FLUSHED)) {
            Fixture.load(store, 300, i -> new PeerStore.Write("k" + i % 100, value(0, i), PeerStore.NO_TTL));
            for (int i = 0; i < 20; i++) {
                store.put("k" + i, value(1, i));
            }
            store.putAudited("k0", value(2, 0), "audited");
            store.copyCrashImage(image);
        }
        try (PeerStore recovered = kind.open(image, Durability.FLUSHED)) {
            assertEquals(Optional.of(value(2, 0)), recovered.get("k0"), kind.name());
            for (int i = 1; i < 100; i++) {
                JsonNode expected = i < 20 ? value(1, i) : value(0, 200 + i);
                assertEquals(Optional.of(expected), recovered.get("k" + i), kind + " k" + i);
            }
            List<PeerStore.AuditRecord> trail = recovered.auditTrail("k0");
            assertEquals("audited", trail.get(trail.size() - 1).actionId(), kind.name());
        }
    }

    @Test
    void h2RefusesAuditedWritesWhenItsBackgroundWriterCouldSplitThem() throws Exception {
        try (PeerStore store = PeerKind.H2_MVSTORE.open(dir("h2"), Durability.BUFFERED)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> store.putAudited("a", value(0, 0), "x"));
            assertTrue(e.getMessage().contains("FLUSHED"), e.getMessage());
            assertEquals(Optional.empty(), store.get("a"));
        }
    }
}
