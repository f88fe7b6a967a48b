package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JsonlStateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick lookup behind get on files of many blocks: it must give, for every key, the answer of the
 * whole state read, whether the key's newest line is many blocks back, in the checkpoint, on a line
 * longer than a block, or never written.
 */
class KeyLookupTest {

    @TempDir
    Path dir;

    private Journals.LiveState state(Path journal) {
        return Journals.state(journal, new Progress(new PrintWriter(new StringWriter()), false));
    }

    private static void assertAnswersAsTheState(Path journal, Journals.LiveState state, List<String> keys) {
        for (String key : keys) {
            KeyLookup.Found found = KeyLookup.find(journal, key);
            assertTrue(found.decided(), key);
            StateTransition expected = state.entries().get(key);
            assertEquals(expected, found.latest().orElse(null), key);
        }
    }

    @Test
    void everyKeyOfAJournalOfManyBlocksIsFoundAsTheStateHasIt() {
        Path journal = dir.resolve("big.jsonl");
        String padding = "x".repeat(300);
        List<String> keys = new ArrayList<>();
        try (JsonlStateStore store = JsonlStateStore.open(journal, Map.of("history", "1000000"))) {
            for (int i = 0; i < 3000; i++) {
                String key = "key:" + (i < 1500 ? i % 200 : i % 150);
                store.set(key, Fixtures.JSON.objectNode().put("i", i).put("pad", padding), "w");
                if (i % 97 == 0) {
                    store.delete("key:" + (i % 150), "cleanup");
                }
                if (i == 1000) {
                    store.compact(); // a checkpoint, and a sealed segment before it
                }
            }
            store.set("long", Fixtures.JSON.stringNode("y".repeat(3 * BackwardLines.BLOCK)), "w");
            store.set("esc\"aped", Fixtures.JSON.numberNode(1), "w");
            for (int i = 0; i < 600; i++) {
                store.set("late:" + (i % 20), Fixtures.JSON.objectNode().put("i", i).put("pad", padding), "w");
            }
        }
        JournalLayout layout = JournalLayout.read(journal);
        assertTrue(Fixtures.size(journal) > 10L * BackwardLines.BLOCK, "the active file spans many blocks");
        assertTrue(layout.checkpointRevision() > 0 && !layout.segments().isEmpty(), layout.toString());
        for (int i = 0; i < 200; i++) {
            keys.add("key:" + i);
        }
        keys.addAll(List.of("long", "esc\"aped", "late:0", "late:19", "key:", "key:2000", "absent"));
        assertAnswersAsTheState(journal, state(journal), keys);
    }

    @Test
    void aKeyBehindALineLongerThanABlockIsFound() {
        Path journal = dir.resolve("long.jsonl");
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            store.set("before", Fixtures.JSON.numberNode(1), "w");
            store.set("long", Fixtures.JSON.stringNode("y".repeat(5 * BackwardLines.BLOCK)), "w");
            store.set("after", Fixtures.JSON.numberNode(2), "w");
        }
        assertAnswersAsTheState(journal, state(journal), List.of("before", "long", "after", "none"));
    }
}
