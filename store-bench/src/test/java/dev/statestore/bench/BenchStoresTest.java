package dev.statestore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Checks that every subject with files performs the workloads correctly through the facade at tiny
 * sizes: this is the harness's correctness, not its speed.
 */
class BenchStoresTest {

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
    @EnumSource(value = Subject.class, names = {"JSONL_BUFFERED", "JSONL_FLUSHED", "JSONL_SYNCED", "H2_BUFFERED", "H2_FLUSHED", "H2_SYNCED", "SQLITE_BUFFERED", "SQLITE_FLUSHED", "SQLITE_SYNCED", "ROCKSDB_BUFFERED", "ROCKSDB_FLUSHED", "ROCKSDB_SYNCED"})
    void writesAreReadableBackAndAfterReopen(Subject subject) throws Exception {
        Path dir = dir("store");
        try (BenchStore store = subject.open(dir)) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 40; i++) {
                    store.put("k" + i, value(round, i));
                }
            }
            for (int i = 0; i < 40; i++) {
                assertEquals(Optional.of(value(1, i)), store.get("k" + i), subject + " k" + i);
            }
            assertEquals(Optional.empty(), store.get("absent"), subject.name());
        }
        try (BenchStore reopened = subject.open(dir)) {
            for (int i = 0; i < 40; i++) {
                assertEquals(Optional.of(value(1, i)), reopened.get("k" + i), subject + " reopened k" + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Subject.class, names = {"JSONL_FLUSHED", "JSONL_SYNCED", "H2_FLUSHED", "H2_SYNCED", "SQLITE_FLUSHED", "SQLITE_SYNCED", "ROCKSDB_FLUSHED", "ROCKSDB_SYNCED"})
    void auditedWritesRecordEachWriteWithItsOldValueAtomically(Subject subject) throws Exception {
        {
            Path dir = dir("store");
            try (BenchStore store = subject.open(dir)) {
                store.putAudited("a", value(0, 1), "create");
                store.putAudited("a", value(0, 2), "update");
                store.putAudited("b", value(0, 3), "create");
                assertEquals(List.of(
                        new BenchStore.AuditRecord("a", Optional.empty(), value(0, 1), "create"),
                        new BenchStore.AuditRecord("a", Optional.of(value(0, 1)), value(0, 2), "update")),
                        store.auditTrail("a"), subject.name());
                assertEquals(List.of(new BenchStore.AuditRecord("b", Optional.empty(), value(0, 3), "create")),
                        store.auditTrail("b"), subject.name());
                assertEquals(Optional.of(value(0, 2)), store.get("a"));
            }
            try (BenchStore reopened = subject.open(dir)) {
                assertEquals(2, reopened.auditTrail("a").size(), subject.name() + " audit rows after reopen");
                reopened.putAudited("a", value(0, 4), "again");
                List<BenchStore.AuditRecord> trail = reopened.auditTrail("a");
                assertEquals(new BenchStore.AuditRecord("a", Optional.of(value(0, 2)), value(0, 4), "again"),
                        trail.get(trail.size() - 1), subject.name() + " write after reopen");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Subject.class, names = {"JSONL_FLUSHED", "H2_FLUSHED", "SQLITE_FLUSHED", "ROCKSDB_FLUSHED"})
    void concurrentAuditedWritesChainEachKeysOldAndNewValues(Subject subject) throws Exception {
        int threads = 4;
        int writes = 150;
        int keys = 6;
        try (BenchStore store = subject.open(dir("store"))) {
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
                List<BenchStore.AuditRecord> trail = store.auditTrail("key" + k);
                total += trail.size();
                assertEquals(Optional.empty(), trail.get(0).oldValue(), subject + " first write of key" + k);
                for (int i = 1; i < trail.size(); i++) {
                    assertEquals(Optional.of(trail.get(i - 1).newValue()), trail.get(i).oldValue(),
                            subject + " key" + k + " record " + i + " must name the value it replaced");
                }
                assertEquals(Optional.of(trail.get(trail.size() - 1).newValue()), store.get("key" + k),
                        subject + " key" + k + " must hold its last recorded value");
            }
            assertEquals(threads * writes, total, subject + " one audit record per write");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Subject.class, names = {"JSONL_FLUSHED", "H2_FLUSHED", "SQLITE_FLUSHED", "ROCKSDB_FLUSHED"})
    void expiryDeletesExactlyTheExpiredKeysAndLastsAcrossReopen(Subject subject) throws Exception {
        Path dir = dir("store");
        Set<String> expired = new HashSet<>();
        Map<String, JsonNode> live = new HashMap<>();
        try (BenchStore store = subject.open(dir)) {
            List<BenchStore.Write> writes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long ttl = i % 10 == 0 ? 0 : 3600;
                writes.add(new BenchStore.Write("t" + i, value(0, i), ttl));
                if (ttl == 0) {
                    expired.add("t" + i);
                }
                live.put("t" + i, value(0, i));
            }
            writes.add(new BenchStore.Write("plain", value(0, 99), BenchStore.NO_TTL));
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

            assertEquals(expired.size(), store.expire(Instant.now().plusMillis(1)), subject + " expired count");
            for (String key : expired) {
                assertFalse(store.get(key).isPresent(), subject + " " + key + " must be expired");
            }
            for (Map.Entry<String, JsonNode> e : live.entrySet()) {
                assertEquals(Optional.of(e.getValue()), store.get(e.getKey()), subject + " " + e.getKey() + " must live");
            }
            assertEquals(0, store.expire(Instant.now().plusMillis(1)), subject + " a second expiry finds nothing");
        }
        try (BenchStore reopened = subject.open(dir)) {
            for (String key : expired) {
                assertFalse(reopened.get(key).isPresent(), subject + " " + key + " must stay expired after reopen");
            }
            assertEquals(Optional.of(live.get("later")), reopened.get("later"));
            // two hours on, every key that still has a TTL is due; the two without one stay
            assertEquals(live.size() - 2, reopened.expire(Instant.now().plusSeconds(7200)), subject + " TTLs survive reopen");
            assertEquals(Optional.of(live.get("plain")), reopened.get("plain"));
            assertEquals(Optional.of(live.get("t0")), reopened.get("t0"));
            assertFalse(reopened.get("later").isPresent(), subject.name());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Subject.class, names = {"JSONL_FLUSHED", "H2_FLUSHED", "SQLITE_FLUSHED", "ROCKSDB_FLUSHED"})
    void crashImageHoldsEveryAcknowledgedWriteAtTheProcessCrashLevel(Subject subject) throws Exception {
        Path image = tmp.resolve("image");
        try (BenchStore store = subject.open(dir("store"))) {
            Fixture.load(store, 300, i -> new BenchStore.Write("k" + i % 100, value(0, i), BenchStore.NO_TTL));
            for (int i = 0; i < 20; i++) {
                store.put("k" + i, value(1, i));
            }
            store.putAudited("k0", value(2, 0), "audited");
            store.copyCrashImage(image);
        }
        try (BenchStore recovered = subject.open(image)) {
            assertEquals(Optional.of(value(2, 0)), recovered.get("k0"), subject.name());
            for (int i = 1; i < 100; i++) {
                JsonNode expected = i < 20 ? value(1, i) : value(0, 200 + i);
                assertEquals(Optional.of(expected), recovered.get("k" + i), subject + " k" + i);
            }
            List<BenchStore.AuditRecord> trail = recovered.auditTrail("k0");
            assertEquals("audited", trail.get(trail.size() - 1).actionId(), subject.name());
        }
    }

    @Test
    void h2RefusesAuditedWritesWhenItsBackgroundWriterCouldSplitThem() throws Exception {
        try (BenchStore store = Subject.H2_BUFFERED.open(dir("h2"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> store.putAudited("a", value(0, 0), "x"));
            assertTrue(e.getMessage().contains("FLUSHED"), e.getMessage());
            assertEquals(Optional.empty(), store.get("a"));
        }
    }
}
