package dev.statestore.tck;

import static dev.statestore.tck.Json.json;
import static dev.statestore.tck.Json.jsonNull;
import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Returns the rules of transitions, transitionsSince and transitionCount. */
@Hint("the history list: what transitions() and transitionsSince() copy out, and the order writes are appended in.")
abstract class TransitionRules extends Rules {

    TransitionRules(StoreFixture fixture) {
        super(fixture);
    }

    /** Writes one of every kind of transition and returns them as the writes returned them. */
    private List<StateTransition> writeSome(StateStore s) {
        List<StateTransition> written = new ArrayList<>();
        written.add(s.set("a", num(1), "w1"));
        clock().advanceSeconds(1);
        written.add(s.setWithTtl("b", json("{'x':1}"), "w2", 1));
        written.add(s.set("a", jsonNull(), "w3"));
        written.add(s.scoped("t").set("a", num(2), "w4"));
        clock().advanceSeconds(1);
        written.add(s.delete("a", "w5").orElseThrow());
        written.add(s.scoped("t").setWithTtl("c", num(3), "w6", 0));
        return written;
    }

    @Test
    void transitionsOfEmptyStoreAreEmpty() {
        StateStore s = open();
        assertEquals(List.of(), s.transitions());
        assertEquals(List.of(), s.transitionsSince(0));
        assertEquals(0, s.transitionCount());
    }

    @Test
    void transitionsAreInWriteOrder() {
        StateStore s = open();
        List<StateTransition> written = writeSome(s);
        List<String> reaped = s.reapExpired(now());
        assertEquals(List.of("b", "tenant:t:c"), reaped);
        List<StateTransition> log = s.transitions();
        assertEquals(written, log.subList(0, written.size()));
        assertEquals(written.size() + 2, log.size());
        assertEquals("tenant:t:a", log.get(3).key(), "transitions carry the full prefixed key");
    }

    @Test
    void transitionCountMatchesLog() {
        StateStore s = open();
        writeSome(s);
        assertEquals(s.transitions().size(), s.transitionCount());
        s.delete("absent", "w");
        s.reapExpired(now());
        assertEquals(s.transitions().size(), s.transitionCount());
    }

    @Test
    void transitionsSinceReturnsTheSuffixFromIndex() {
        StateStore s = open();
        writeSome(s);
        List<StateTransition> log = s.transitions();
        for (int i = 0; i <= log.size(); i++) {
            assertEquals(log.subList(i, log.size()), s.transitionsSince(i), "transitionsSince(" + i + ")");
        }
    }

    @Test
    void transitionsSinceAtOrBeyondCountIsEmpty() {
        StateStore s = open();
        writeSome(s);
        long count = s.transitionCount();
        assertEquals(List.of(), s.transitionsSince(count));
        assertEquals(List.of(), s.transitionsSince(count + 1));
        assertEquals(List.of(), s.transitionsSince(Integer.MAX_VALUE + 1L));
        assertEquals(List.of(), s.transitionsSince(Long.MAX_VALUE));
    }

    @Test
    void transitionsSinceNegativeIsRejected() {
        StateStore s = open();
        writeSome(s);
        Observed before = Observed.of(s);
        assertRejected(IllegalArgumentException.class, () -> s.transitionsSince(-1), "-1");
        assertRejected(IllegalArgumentException.class, () -> s.transitionsSince(Long.MIN_VALUE),
                Long.toString(Long.MIN_VALUE));
        assertUnchanged(before, s, "transitionsSince(-1)");
    }

    @Test
    void transitionsReturnsANewList() {
        StateStore s = open();
        writeSome(s);
        List<StateTransition> log = s.transitions();
        List<StateTransition> copy = new ArrayList<>(log);
        try {
            log.clear();
        } catch (UnsupportedOperationException immutable) {
            // an unmodifiable list is as good
        }
        List<StateTransition> since = s.transitionsSince(1);
        try {
            since.clear();
        } catch (UnsupportedOperationException immutable) {
            // an unmodifiable list is as good
        }
        assertEquals(copy, s.transitions(), "clearing a returned list changed the log");
        assertEquals(copy.size(), s.transitionCount());
    }

    @Test
    void replayingTransitionsOntoAnEmptyStoreReproducesIt() {
        StateStore s = open();
        writeSome(s);
        s.set("b", num(4), "w7");
        s.reapExpired(now().plusSeconds(100));
        List<StateTransition> log = s.transitions();
        StateStore replay = open();
        for (StateTransition t : log) {
            clock().set(t.timestamp());
            if (t.isDelete()) {
                replay.delete(t.key(), t.actionId());
            } else if (t.ttlSecs().isPresent()) {
                replay.setWithTtl(t.key(), t.newValue().orElseThrow(), t.actionId(), t.ttlSecs().getAsLong());
            } else {
                replay.set(t.key(), t.newValue().orElseThrow(), t.actionId());
            }
        }
        assertEquals(s.snapshot(), replay.snapshot());
        assertEquals(s.keys(), replay.keys());
        assertEquals(log, replay.transitions());
    }
}
