package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.StateTransition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Sixteen synced writers against a real journal whose group commit writes the lines of every
 * queued writer at once: the files hold the lines in revision order without gaps, every
 * acknowledged write is in them and survives a reopen, while checkpoints, seals, syncs and history
 * reads run beside the writers, and while the store is closed under them.
 */
class GroupCommitConcurrencyTest {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int WRITERS = 16;

    @TempDir
    Path dir;

    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "a test thread did not stop");
    }

    Path journal() {
        return dir.resolve("c.jsonl");
    }

    /** A synced store that seals its active file every 8 KiB and checkpoints every 200 lines, holding 50 transitions on the heap. */
    JsonlStateStore open() {
        return JsonlStateStore.builder(journal()).durability(Durability.SYNCED).segmentBytes(8192).checkpointLines(200)
                .memoryHistory(50).open();
    }

    static JsonNode value(int writer, int i) {
        return NODES.objectNode().put("writer", writer).put("i", i);
    }

    /**
     * Runs {@code writes} writes on each of {@link #WRITERS} threads, started together; each
     * acknowledged write is added to {@code acknowledged}. A writer stops at its first failure
     * (the store closing under it), which is then not acknowledged.
     */
    List<Future<?>> startWriters(JsonlStateStore s, int writes, List<StateTransition> acknowledged, CountDownLatch go) {
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < writes; i++) {
                    StateTransition t;
                    try {
                        t = s.set("k" + writer + "-" + (i % 7), value(writer, i), "writer-" + writer);
                    } catch (RuntimeException closing) {
                        return null;
                    }
                    acknowledged.add(t);
                }
                return null;
            }));
        }
        return writers;
    }

    /** Returns the history lines of the journal's files in file order: the segments, oldest first, then the active file. */
    List<StateTransition> linesInFileOrder() {
        List<StateTransition> lines = new ArrayList<>();
        for (Path segment : Journals.segments(journal())) {
            lines.addAll(JournalAudit.assertLines(segment));
        }
        lines.addAll(JournalAudit.assertLines(journal()));
        return lines;
    }

    /**
     * Asserts that the files hold revisions 1, 2, 3… in file order and that each acknowledged
     * write is the line of its revision; returns the lines.
     */
    List<StateTransition> assertFilesHoldEveryAcknowledgedWriteInRevisionOrder(List<StateTransition> acknowledged) {
        List<StateTransition> lines = linesInFileOrder();
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).revision(), "line " + i + " in file order: " + lines.get(i));
        }
        for (StateTransition t : acknowledged) {
            assertTrue(t.revision() <= lines.size(), "acknowledged write " + t + " is not in the files");
            StateTransition line = lines.get((int) t.revision() - 1);
            assertEquals(t.key(), line.key(), "revision " + t.revision());
            assertEquals(t.newValue(), line.newValue(), "revision " + t.revision());
        }
        return lines;
    }

    /** Returns each key's latest value after {@code lines}, applied in order. */
    static Map<String, JsonNode> fold(List<StateTransition> lines) {
        Map<String, JsonNode> state = new TreeMap<>();
        for (StateTransition t : lines) {
            if (t.isDelete()) {
                state.remove(t.key());
            } else {
                state.put(t.key(), t.newValue().orElseThrow());
            }
        }
        return state;
    }

    @Test
    void sixteenSyncedWritersLeaveTheirLinesInRevisionOrderWhileCheckpointsSealsSyncsAndHistoryReadsRun()
            throws Exception {
        int writes = 150;
        List<StateTransition> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        try (JsonlStateStore s = open()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writers = startWriters(s, writes, acknowledged, go);
            Future<?> syncer = pool.submit(() -> {
                while (writing.get()) {
                    s.sync();
                    s.compact();
                    Thread.sleep(5);
                }
                return null;
            });
            Future<?> reader = pool.submit(() -> {
                while (writing.get()) {
                    // old revisions come from the files: the buffered lines are written out first
                    List<StateTransition> page = s.transitionsSince(0, 500);
                    for (int i = 0; i < page.size(); i++) {
                        assertEquals(i + 1, page.get(i).revision(), "a history read skipped or reordered a line");
                    }
                }
                return null;
            });
            go.countDown();
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            syncer.get(30, TimeUnit.SECONDS);
            reader.get(30, TimeUnit.SECONDS);
            assertEquals(WRITERS * writes, acknowledged.size(), "every write was acknowledged");
            assertEquals(WRITERS * writes, s.transitionCount());
            assertEquals(s.transitions(), s.transitionsSince(0));
        }
        assertFalse(Journals.segments(journal()).isEmpty(), "the active file was sealed during the run");
        assertFalse(Journals.checkpoints(journal()).isEmpty(), "a checkpoint was taken during the run");
        List<StateTransition> lines = assertFilesHoldEveryAcknowledgedWriteInRevisionOrder(acknowledged);
        assertEquals(WRITERS * writes, lines.size());
        try (JsonlStateStore s = open()) {
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
            assertEquals(fold(lines), new TreeMap<>(s.snapshot()));
            assertEquals(lines.size(), s.transitionCount());
            List<StateTransition> history = s.transitionsSince(0);
            for (int i = 0; i < history.size(); i++) {
                assertEquals(lines.get(i).revision(), history.get(i).revision());
                assertEquals(lines.get(i).newValue(), history.get(i).newValue());
            }
        }
    }

    @Test
    void closingUnderSixteenSyncedWritersKeepsEveryAcknowledgedWrite() throws Exception {
        List<StateTransition> acknowledged = Collections.synchronizedList(new ArrayList<>());
        Map<Long, Boolean> seen = new ConcurrentHashMap<>();
        JsonlStateStore s = open();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = startWriters(s, 100_000, acknowledged, go);
        go.countDown();
        IoFaultTest.await(() -> acknowledged.size() >= 500, "500 writes are acknowledged");
        s.close();
        for (Future<?> w : writers) {
            w.get(60, TimeUnit.SECONDS);
        }
        assertTrue(acknowledged.size() < WRITERS * 100_000, "the close stopped the writers");
        for (StateTransition t : acknowledged) {
            assertEquals(null, seen.put(t.revision(), Boolean.TRUE), "revision " + t.revision() + " acknowledged twice");
        }
        List<StateTransition> lines = assertFilesHoldEveryAcknowledgedWriteInRevisionOrder(acknowledged);
        try (JsonlStateStore again = open()) {
            assertEquals(fold(lines), new TreeMap<>(again.snapshot()));
            assertEquals(lines.size(), again.transitionCount());
        }
    }
}
