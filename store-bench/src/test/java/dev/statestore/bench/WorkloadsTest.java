package dev.statestore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Drives the workloads' JMH states by hand, as JMH would, at tiny sizes, and checks what the
 * measured calls rely on: each write iteration starts from the loaded state, the bytes a JSONL
 * write appends are measured, expiry finds exactly its due keys every call (and says so when it
 * does not), a reopen finds the image's data, and every scratch directory is deleted.
 */
class WorkloadsTest {

    @TempDir
    Path tmp;

    private String previous;

    @BeforeEach
    void useTempDir() {
        previous = System.setProperty(BenchFiles.DIR_PROPERTY, tmp.toString());
    }

    @AfterEach
    void restoreTempDir() throws Exception {
        if (previous == null) {
            System.clearProperty(BenchFiles.DIR_PROPERTY);
        } else {
            System.setProperty(BenchFiles.DIR_PROPERTY, previous);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count(), "every scratch directory is deleted");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Subject.class, names = {"BASELINE", "MEMORY", "JSONL_FLUSHED", "SQLITE_SYNCED"})
    void everyWriteIterationStartsFromTheLoadedState(Subject subject) {
        WriteBenchmark.Plain s = plain(subject, 30);
        WriteBenchmark bench = new WriteBenchmark();
        WriteBenchmark.Counts c = new WriteBenchmark.Counts();
        c.join(s);
        for (int i = 0; i < 200; i++) {
            bench.put1(s, c);
        }
        assertEquals(200, c.writes);
        s.measureGrowth();
        s.reset();
        for (int i = 0; i < s.keys; i++) {
            assertEquals(Optional.of(s.values[i & 1023]), s.store.get(s.names[i]), subject + " " + s.names[i]);
        }
        s.close();
    }

    @Test
    void theBytesAJsonlWriteAppendsAreMeasuredFromTheJournal() {
        WriteBenchmark.Plain s = plain(Subject.JSONL_BUFFERED, 30);
        WriteBenchmark bench = new WriteBenchmark();
        WriteBenchmark.Counts first = new WriteBenchmark.Counts();
        WriteBenchmark.Counts second = new WriteBenchmark.Counts();
        first.join(s);
        second.join(s);
        for (int i = 0; i < 100; i++) {
            bench.put4(s, i % 2 == 0 ? first : second);
        }
        s.measureGrowth();
        double perWrite = (first.fileBytes + second.fileBytes) / (double) (first.writes + second.writes);
        // a line holds the key, the old and the new 64-byte value, the action id and the time
        assertTrue(perWrite > 2 * 64 && perWrite < 600, "bytes per write " + perWrite);
        assertEquals(0, second.fileBytes, "the growth is counted once, on the first thread's counters");
        s.close();
    }

    @Test
    void expiryFindsTheSameDueKeysEveryCallAndAShortCountFailsTheCall() {
        ExpiryBenchmark.Loaded s = new ExpiryBenchmark.Loaded();
        s.subject = Subject.JSONL_FLUSHED;
        s.keys = 1500;
        s.expired = 300;
        s.load();
        ExpiryBenchmark bench = new ExpiryBenchmark();
        for (int call = 0; call < 3; call++) {
            s.makeDue();
            assertEquals(300, bench.expire(s));
            s.check();
        }
        s.makeDue();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::check);
        assertTrue(e.getMessage().contains("expected 300"), e.getMessage());
        s.close();
    }

    @ParameterizedTest
    @EnumSource(ReopenBenchmark.Shutdown.class)
    void aReopenFindsTheImagesDataAndCountsItsBytes(ReopenBenchmark.Shutdown shutdown) {
        ReopenBenchmark.Image image = new ReopenBenchmark.Image();
        image.subject = Subject.JSONL_FLUSHED;
        image.shutdown = shutdown;
        image.writes = 3000;
        image.keys = 1000;
        image.build();
        ReopenBenchmark.Work work = new ReopenBenchmark.Work();
        ReopenBenchmark bench = new ReopenBenchmark();
        for (int call = 0; call < 2; call++) {
            image.copy();
            Optional<JsonNode> v = bench.openAndRead(image, work);
            assertTrue(v.isPresent());
            image.closeCopy();
        }
        assertEquals(2 * image.imageBytes, work.imageBytes);
        assertTrue(image.imageBytes > 3000 * 64, "the journal holds every write: " + image.imageBytes);
        image.delete();
    }

    private static WriteBenchmark.Plain plain(Subject subject, int keys) {
        WriteBenchmark.Plain s = new WriteBenchmark.Plain();
        s.subject = subject;
        s.keys = keys;
        s.valueBytes = 64;
        s.load();
        s.reset();
        return s;
    }
}
