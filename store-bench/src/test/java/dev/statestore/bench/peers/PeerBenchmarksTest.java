package dev.statestore.bench.peers;

import dev.statestore.bench.BenchFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Drives every peer benchmark's state and benchmark method by hand at tiny sizes, as JMH would,
 * and checks what they leave: the writes landed, the reads found values, the reopen read the
 * image, the expiry removed exactly a tenth, and every temporary directory is gone afterwards.
 */
class PeerBenchmarksTest {

    @TempDir
    static Path tmp;

    private static String previous;

    @BeforeAll
    static void useTempDir() {
        previous = System.setProperty(BenchFiles.DIR_PROPERTY, tmp.toString());
    }

    @AfterAll
    static void restoreTempDir() {
        if (previous == null) {
            System.clearProperty(BenchFiles.DIR_PROPERTY);
        } else {
            System.setProperty(BenchFiles.DIR_PROPERTY, previous);
        }
    }


    private static long leftovers() throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.count();
        }
    }

    private static boolean isSampleValue(SampleData data, JsonNode v) {
        for (int i = 0; i < 1024; i++) {
            if (data.value(i).equals(v)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void writeBenchmarksUpdateTheStoreResetPerIterationAndCleanUp(PeerKind kind) throws Exception {
        for (Durability d : Durability.values()) {
            PeerWriteBenchmark.Store s = new PeerWriteBenchmark.Store();
            s.store = kind;
            s.durability = d;
            s.keys = 20;
            s.build();
            s.reset();
            PeerWriteBenchmark bench = new PeerWriteBenchmark();
            for (int i = 0; i < 100; i++) {
                bench.oneThread(s);
            }
            assertWritten(s.peer, s.data, kind + " " + d);
            s.reset();
            for (int i = 0; i < s.keys; i++) {
                assertEquals(Optional.of(s.data.value(i)), s.peer.get(s.data.key(i)),
                        kind + " " + d + " the next iteration starts from the preloaded state");
            }
            s.close();
        }
        for (Durability d : new Durability[] {Durability.FLUSHED, Durability.SYNCED}) {
            PeerAuditedWriteBenchmark.Store s = new PeerAuditedWriteBenchmark.Store();
            s.store = kind;
            s.durability = d;
            s.keys = 20;
            s.build();
            s.reset();
            PeerAuditedWriteBenchmark bench = new PeerAuditedWriteBenchmark();
            for (int i = 0; i < 100; i++) {
                bench.oneThread(s);
            }
            assertWritten(s.peer, s.data, kind + " " + d);
            long updates = 0;
            for (int i = 0; i < s.keys; i++) {
                updates += s.peer.auditTrail(s.data.key(i)).stream().filter(r -> r.actionId().equals("update")).count();
            }
            assertEquals(100, updates, kind + " " + d + " one audit record per benchmark write");
            s.close();
        }
        assertEquals(0, leftovers(), "every store directory is deleted");
    }

    private static void assertWritten(PeerStore peer, SampleData data, String what) {
        for (int i = 0; i < data.keyCount(); i++) {
            Optional<JsonNode> v = peer.get(data.key(i));
            assertTrue(v.isPresent() && isSampleValue(data, v.get()), what + " " + data.key(i));
        }
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void readAndTtlWriteBenchmarksWorkOnALoadedStore(PeerKind kind) throws Exception {
        PeerReadBenchmark.Store r = new PeerReadBenchmark.Store();
        r.store = kind;
        r.keys = 50;
        r.open();
        for (int i = 0; i < 50; i++) {
            Optional<JsonNode> v = new PeerReadBenchmark().fourThreads(r);
            assertTrue(v.isPresent() && isSampleValue(r.data, v.get()), kind.name());
        }
        r.close();

        PeerTtlWriteBenchmark.Store t = new PeerTtlWriteBenchmark.Store();
        t.store = kind;
        t.keys = 30;
        t.build();
        t.reset();
        for (int i = 0; i < 60; i++) {
            new PeerTtlWriteBenchmark().oneThread(t);
        }
        assertWritten(t.peer, t.data, kind.name());
        assertEquals(0, t.peer.expire(java.time.Instant.now()), kind + " nothing is due within the hour");
        t.close();
        assertEquals(0, leftovers(), "every store directory is deleted");
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void reopenBenchmarkReadsFromEveryImage(PeerKind kind) throws Exception {
        for (PeerReopenBenchmark.Shutdown shutdown : PeerReopenBenchmark.Shutdown.values()) {
            PeerReopenBenchmark.Image image = new PeerReopenBenchmark.Image();
            image.store = kind;
            image.shutdown = shutdown;
            image.keys = 200;
            image.churn = 3;
            image.build();
            for (int i = 0; i < 2; i++) {
                image.copy();
                Optional<JsonNode> v = new PeerReopenBenchmark().openAndRead(image);
                assertTrue(v.isPresent(), kind + " " + shutdown);
                for (int k = 0; k < image.keys; k++) {
                    // the last of the churned writes of key k was write number 2 * keys + k
                    assertEquals(Optional.of(image.data.value(2L * image.keys + k)), image.opened.get(image.data.key(k)),
                            kind + " " + shutdown + " key " + k);
                }
                image.closeCopy();
            }
            image.delete();
        }
        assertEquals(0, leftovers(), "every image and copy is deleted");
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void expiryBenchmarkExpiresExactlyATenth(PeerKind kind) throws Exception {
        PeerExpiryBenchmark.Store s = new PeerExpiryBenchmark.Store();
        s.store = kind;
        s.keys = 100;
        s.build();
        for (int i = 0; i < 2; i++) {
            s.reset();
            assertEquals(10, new PeerExpiryBenchmark().expireTenPercent(s), kind.name());
            assertFalse(s.fixture.store().get(s.data.key(0)).isPresent(), kind + " key 0 had TTL 0");
            assertTrue(s.fixture.store().get(s.data.key(1)).isPresent(), kind + " key 1 lives an hour");
        }
        s.close();
        assertEquals(0, leftovers(), "every store directory is deleted");
    }
}
