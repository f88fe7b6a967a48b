package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.tck.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@link JournalLayout}, the read-only view tools use: it reads the state and the history a store
 * would, while the store holds the journal open, without locking or changing any file.
 */
class JournalLayoutTest {

    @TempDir
    Path dir;

    Path journal() {
        return dir.resolve("v.jsonl");
    }

    @Test
    void theViewReadsTheStateAndTheHistoryWhileTheStoreHoldsTheJournal() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-08-01T00:00:00Z"));
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).segmentBytes(1024).checkpointLines(20)
                .checkpointBytes(1).open()) {
            for (int i = 0; i < 200; i++) {
                clock.advance(Duration.ofSeconds(1));
                s.set("k" + (i % 9), Journals.NODES.numberNode(i), "w" + i);
                if (i % 10 == 9) {
                    s.awaitMaintenance();
                }
            }
            s.setWithTtl("t", Journals.NODES.stringNode("x"), "ttl", 30);
            s.awaitMaintenance();
            Map<String, JsonNode> live = s.snapshot();
            List<StateTransition> history = s.transitionsSince(0);
            List<Path> before = Journals.filesStartingWith(new dev.statestore.jsonl.internal.LayoutFiles(journal())
                    .directory(), "");

            JournalLayout view = JournalLayout.read(journal());
            JournalLayout.State state = view.state();
            Map<String, JsonNode> values = new TreeMap<>();
            state.entries().forEach((k, t) -> values.put(k, t.newValue().orElseThrow()));
            assertEquals(live, values);
            assertEquals(201, state.latestRevision());
            assertEquals(List.of(), state.problems());
            assertEquals(s.getVersioned("t").orElseThrow().expiresAt(), state.entries().get("t").expiresAt());
            assertEquals(history, view.history(0, 1000));
            assertEquals(history.subList(100, 110), view.history(100, 10));
            assertEquals(1, view.oldestRevision());
            assertEquals(201, view.latestRevision());
            assertEquals(history.subList(196, 201), view.history(view.latestRevision() - 5, 5), "tail -n 5");
            assertEquals(List.of(), view.verify());
            assertTrue(view.segments().size() >= 3, view.segments().toString());
            assertTrue(view.checkpointRevision() > 0);
            assertEquals(journal().toAbsolutePath(), view.files().get(view.files().size() - 1));

            assertEquals(before, Journals.filesStartingWith(new dev.statestore.jsonl.internal.LayoutFiles(journal())
                    .directory(), ""), "the view changed no file");
            s.set("after", Journals.NODES.numberNode(1), "w");
            JournalAudit.assertLockedByThisProcess(journal());
        }
    }

    @Test
    void aVersion1JournalIsItsOneFile() throws Exception {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("a", Journals.NODES.numberNode(1), "w");
        }
        JournalLayout view = JournalLayout.read(journal());
        assertEquals(List.of(journal().toAbsolutePath()), view.files());
        assertEquals(0, view.checkpointRevision());
        assertEquals(1, view.state().entries().size());
        assertFalse(view.manifest().isPresent());
    }

    @Test
    void theStreamingReadsHandOverTheProblemsTheListingReadsList() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-08-01T00:00:00Z"));
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).segmentBytes(1024).checkpointLines(20)
                .checkpointBytes(1).open()) {
            for (int i = 0; i < 120; i++) {
                clock.advance(Duration.ofSeconds(1));
                s.set("k" + (i % 7), Journals.NODES.numberNode(i), "w");
                if (i % 10 == 9) {
                    s.awaitMaintenance();
                }
            }
            s.awaitMaintenance();
        }
        Path segment = Journals.segments(journal()).get(1);
        byte[] bytes = Journals.bytes(segment);
        bytes[bytes.length / 2] ^= 0x01;
        Journals.write(segment, bytes);
        Files.writeString(journal(), "not json\n{\"key\":7}\n", java.nio.file.StandardOpenOption.APPEND);

        JournalLayout view = JournalLayout.read(journal());
        List<JournalLayout.Problem> verified = new java.util.ArrayList<>();
        view.verify(verified::add);
        assertEquals(view.verify(), verified);
        assertTrue(verified.size() >= 3, verified.toString());
        assertTrue(verified.stream().anyMatch(p -> p.file().equals(segment.toAbsolutePath())), verified.toString());

        List<JournalLayout.Problem> met = new java.util.ArrayList<>();
        JournalLayout.State streamed = view.state(met::add);
        JournalLayout.State listed = view.state();
        assertEquals(listed.problems(), met);
        assertEquals(List.of(), streamed.problems(), "the problems went to the consumer");
        assertEquals(listed.entries(), streamed.entries());
        assertEquals(listed.latestRevision(), streamed.latestRevision());
        assertTrue(met.stream().anyMatch(p -> p.file().equals(journal().toAbsolutePath()) && p.lineNumber() > 0),
                met.toString());
    }

    @Test
    void aMissingJournalIsRefusedNamingThePath() {
        StateStoreException e = assertThrows(StateStoreException.class, () -> JournalLayout.read(dir.resolve("none.jsonl")));
        assertTrue(e.getMessage().contains("none.jsonl"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("none.jsonl")));
    }
}
