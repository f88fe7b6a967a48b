package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A checkpoint is written from the engine's live state while writers go on, so some of its keys
 * carry writes newer than the revision it is taken after. Opening replays every history line
 * after that revision in order: each such key ends at its latest write again, and the store, the
 * files read without opening it, and the history all agree with what was written.
 */
class CheckpointWhileWritingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aCheckpointTakenDuringWritesReopensToTheLatestWrites() throws Exception {
        Path journal = dir.resolve("w.jsonl");
        int keys = 2000;
        Map<String, JsonNode> expected;
        long writes;
        boolean sawNewerLine = false;
        try (JsonlStateStore s = JsonlStateStore.builder(journal).checkpointLines(1_000_000_000L).open()) {
            for (int i = 0; i < keys; i++) {
                s.set("k" + i, Journals.NODES.numberNode(-i), "load");
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int seed = w;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; !stop.get(); i++) {
                            s.set("k" + ((i * 7 + seed * 13) % keys), Journals.NODES.numberNode(i), "w" + seed);
                            if (i % 97 == 0) {
                                s.delete("k" + ((i + seed) % keys), "d" + seed);
                            }
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                t.start();
                writers.add(t);
            }
            try {
                for (int attempt = 0; attempt < 200 && !sawNewerLine; attempt++) {
                    s.compact();
                    sawNewerLine = checkpointHoldsALineAfterItsRevision(journal);
                }
            } finally {
                stop.set(true);
                for (Thread t : writers) {
                    t.join();
                }
            }
            assertEquals(null, failure.get(), "the writers failed");
            expected = new TreeMap<>(s.snapshot());
            writes = s.transitionCount();
        }
        assertTrue(sawNewerLine, "a checkpoint taken during writes held a write newer than its revision");

        JournalLayout layout = JournalLayout.read(journal);
        assertEquals(List.of(), layout.verify(), "every file of the layout checks out");
        Map<String, JsonNode> read = new TreeMap<>();
        layout.state().entries().forEach((k, t) -> read.put(k, t.newValue().orElseThrow()));
        assertEquals(expected, read, "the files, read without opening the store, hold the state");

        try (JsonlStateStore s = JsonlStateStore.open(journal)) {
            assertEquals(expected, new TreeMap<>(s.snapshot()), "the reopened store holds the latest writes");
            assertEquals(writes, s.transitionCount());
            List<StateTransition> history = s.transitionsSince(0);
            assertEquals(writes, history.size(), "the history is whole");
            for (int i = 0; i < history.size(); i++) {
                assertEquals(i + 1, history.get(i).revision(), "the history is gapless");
            }
        }
    }

    /** Returns whether the current checkpoint holds a line with a revision after the one it is taken after. */
    private static boolean checkpointHoldsALineAfterItsRevision(Path journal) throws Exception {
        JournalLayout layout = JournalLayout.read(journal);
        Path checkpoint = layout.checkpoint().orElseThrow();
        long after = layout.checkpointRevision();
        for (String line : Files.readAllLines(checkpoint, StandardCharsets.UTF_8)) {
            if (JSON.readTree(line).path("rev").asLong() > after) {
                return true;
            }
        }
        return false;
    }
}
