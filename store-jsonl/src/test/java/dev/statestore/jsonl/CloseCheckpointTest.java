package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A clean close takes the checkpoint that is due, so writers that outran the background
 * checkpoints do not leave the next open a long tail to replay.
 */
class CloseCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void aCleanCloseLeavesATailNoLongerThanTheCheckpointBound() throws Exception {
        Path journal = dir.resolve("c.jsonl");
        int keys = 100;
        int writes = 60_000;
        long bound = 1000;
        Map<String, JsonNode> expected = new TreeMap<>();
        try (JsonlStateStore s = JsonlStateStore.builder(journal).checkpointLines(bound).open()) {
            for (int i = 0; i < writes; i++) {
                String key = "k" + (i % keys);
                JsonNode value = Journals.NODES.numberNode(i);
                s.set(key, value, "w");
                expected.put(key, value);
            }
        }
        JournalLayout layout = JournalLayout.read(journal);
        assertEquals(writes, layout.latestRevision());
        long tail = layout.latestRevision() - layout.checkpointRevision();
        assertTrue(layout.checkpoint().isPresent(), "a checkpoint exists: " + layout.files());
        assertTrue(tail < bound, "the history after the checkpoint holds " + tail + " revisions, bound " + bound);
        Map<String, JsonNode> read = new TreeMap<>();
        layout.state().entries().forEach((k, t) -> read.put(k, t.newValue().orElseThrow()));
        assertEquals(expected, read, "the checkpoint and the tail hold the state");
        try (JsonlStateStore s = JsonlStateStore.open(journal)) {
            assertEquals(writes, s.transitionCount());
            assertEquals(expected.keySet(), new TreeSet<>(s.keys()));
        }
    }
}
