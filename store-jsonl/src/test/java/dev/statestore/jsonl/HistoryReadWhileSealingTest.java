package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history is read back from the files while the journal's maintenance thread seals the
 * active file into segments: a read that begins as a seal commits must still return every
 * revision, in order. With segments of 600 bytes a seal follows every few writes, so a reader
 * that reads the last few dozen revisions over and over meets the seals at every point of its
 * read. The writer and the reader go on for three seconds and until both enough reads and enough
 * seals have happened (or a minute has passed), so a slow or busy machine runs the test longer
 * rather than less.
 */
class HistoryReadWhileSealingTest {

    @TempDir
    Path dir;

    @Test
    void aHistoryReadDuringSealsReturnsEveryRevisionInOrder() throws Exception {
        Path journal = dir.resolve("h.jsonl");
        try (JsonlStateStore s = JsonlStateStore.builder(journal).segmentBytes(600).checkpointLines(4)
                .checkpointBytes(1).memoryHistory(3).open()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        s.set("k" + i % 5, Journals.NODES.numberNode(i), "w");
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writer.start();
            int reads = 0;
            int sealed = 0;
            try {
                long start = System.nanoTime();
                long enough = start + 3_000_000_000L;
                long end = start + 60_000_000_000L;
                while (writer.isAlive() && System.nanoTime() < end
                        && (System.nanoTime() < enough || reads < 300 || sealed <= 10)) {
                    // The last few dozen revisions: older than the heap's window, so read from the
                    // files, and across the segment boundaries the seals keep moving.
                    long before = s.transitionCount();
                    long after = Math.max(0, before - 1 - reads % 40);
                    List<StateTransition> page = s.transitionsSince(after, 1000);
                    assertTrue(page.size() >= before - after, "read " + reads + " after revision " + after + ": "
                            + page.size() + " transitions where " + (before - after) + " were written before it began");
                    for (int i = 0; i < page.size(); i++) {
                        assertEquals(after + i + 1, page.get(i).revision(), "read " + reads + ": a gap or a stop");
                    }
                    reads++;
                    if (reads % 50 == 0) {
                        sealed = Journals.segments(journal).size();
                    }
                }
            } finally {
                stop.set(true);
                writer.join();
            }
            assertEquals(null, failure.get(), "the writer failed");
            assertTrue(reads >= 300, "only " + reads + " reads ran beside the seals");
            assertTrue(Journals.segments(journal).size() > 10, "the active file was sealed " + Journals.segments(journal).size()
                    + " times in a minute");
        }
    }
}
