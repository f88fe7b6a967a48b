package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.StateTransition;
import dev.statestore.internal.TransitionAccess;
import dev.statestore.spi.Journal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine appends a write to the journal, then applies it to its live state. A checkpoint
 * written from the live state in between would name the write's revision while holding the
 * value before it, and the open, which replays only the lines after that revision, would lose
 * the write. Played here by hand: the live state is a map this test applies to, and the applied
 * revision a counter it moves.
 */
class CheckpointAwaitsAppliedTest {

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();

    @TempDir
    Path dir;

    @Test
    void aCheckpointWaitsUntilTheWritesAppendedBeforeItAreApplied() throws Exception {
        Path path = dir.resolve("a.jsonl");
        JsonlJournal journal = JsonlJournal.open(path, Durability.FLUSHED, true);
        try {
            journal.replay(new Journal.ReplaySink() {
                @Override
                public void state(StateTransition latestWrite) {
                }

                @Override
                public void history(StateTransition transition) {
                }
            });
            Map<String, StateTransition> live = new ConcurrentHashMap<>();
            AtomicLong applied = new AtomicLong();
            journal.attachState(live.values(), applied::get);
            Instant at = Instant.parse("2026-11-30T00:00:00Z");
            StateTransition first = TRANSITIONS.adopt("k", null, Journals.NODES.numberNode(1), "w", at, -1, 1, 1);
            journal.append(first);
            live.put("k", first);
            applied.set(1);
            StateTransition second = TRANSITIONS.adopt("k", Journals.NODES.numberNode(1), Journals.NODES.numberNode(2),
                    "w", at, -1, 2, 2);
            journal.append(second); // appended, not applied yet

            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread checkpoint = new Thread(() -> {
                try {
                    journal.compact();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            checkpoint.start();
            checkpoint.join(300);
            assertTrue(checkpoint.isAlive(), "the checkpoint waited for revision 2 to be applied");
            live.put("k", second);
            applied.set(2);
            checkpoint.join(10_000);
            assertEquals(null, failure.get());
            assertTrue(!checkpoint.isAlive(), "the checkpoint ended once revision 2 was applied");
        } finally {
            journal.close();
        }
        assertEquals(1, Journals.checkpoints(path).size(), "a checkpoint was written");
        try (JsonlStateStore s = JsonlStateStore.open(path)) {
            assertEquals(Journals.NODES.numberNode(2), s.get("k").orElseThrow(), "the latest write survived the reopen");
            assertEquals(2, s.transitionCount());
        }
    }
}
