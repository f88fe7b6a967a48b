package dev.statestore.tck;

import static dev.statestore.tck.Json.json;
import static dev.statestore.tck.Json.jsonNull;
import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Returns the rules of revisions and versions (design, "Version 2 additions"): every transition's
 * revision is its 1-based position in the history, with no gaps; a key's version is 1 on create, one
 * more per write, 0 on delete and 1 again after it; {@code getVersioned} reports both.
 */
@Hint("where the engine numbers a write: the next revision is the latest + 1, taken only when a"
        + " transition is recorded; the version is the previous entry's + 1, or 1 when the key was absent.")
abstract class VersionRules extends Rules {

    VersionRules(StoreFixture fixture) {
        super(fixture);
    }

    /** Writes one of each kind of transition, tenants' and a reap's included. */
    private List<StateTransition> writeEveryKind(StateStore s) {
        List<StateTransition> written = new ArrayList<>();
        written.add(s.set("a", num(1), "w"));
        written.add(s.setWithTtl("b", num(2), "w", 0));
        written.add(s.scoped("t").set("a", num(3), "w"));
        written.add(s.setIf("c", 0, num(4), "w").orElseThrow());
        written.add(s.delete("a", "w").orElseThrow());
        written.add(s.setWithTtlIf("a", 0, num(5), "w", 60).orElseThrow());
        written.add(s.deleteIf("c", s.getVersioned("c").orElseThrow().revision(), "w").orElseThrow());
        s.reapExpired(now());
        written.add(last(s));
        return written;
    }

    @Test
    @Hint("the revision counter: one per recorded transition, of every kind (set, setWithTtl, the"
            + " conditional writes, delete, reap), starting at 1.")
    void revisionsAreGaplessFromOne() {
        StateStore s = open();
        List<StateTransition> written = writeEveryKind(s);
        assertEquals(range(1, written.size()), revisions(written), "the revisions the writes returned");
        List<StateTransition> log = s.transitions();
        for (int i = 0; i < log.size(); i++) {
            assertEquals(i + 1, log.get(i).revision(), "transitions().get(" + i + ").revision()");
        }
        assertEquals(written, log, "the history holds what the writes returned");
        assertEquals(log.size(), s.transitionCount(), "transitionCount() is the latest revision");
    }

    @Test
    @Hint("writes that record nothing (a delete of an absent key, a conditional write that did not"
            + " match, a reap that found nothing) must not take a revision.")
    void writesThatRecordNothingTakeNoRevision() {
        StateStore s = open();
        s.set("a", num(1), "w");
        long rev = s.getVersioned("a").orElseThrow().revision();
        assertEquals(Optional.empty(), s.delete("absent", "w"));
        assertEquals(Optional.empty(), s.setIf("a", rev + 7, num(2), "w"));
        assertEquals(Optional.empty(), s.setIf("a", 0, num(2), "w"));
        assertEquals(Optional.empty(), s.deleteIf("a", rev + 7, "w"));
        assertEquals(Optional.empty(), s.deleteIf("absent", 0, "w"));
        assertEquals(List.of(), s.reapExpired(now()));
        assertEquals(1, s.transitionCount());
        assertEquals(2, s.set("b", num(3), "w").revision(), "the next write after writes that recorded nothing");
    }

    @Test
    void versionIsOneOnCreateAndGrowsByOnePerWrite() {
        StateStore s = open();
        assertEquals(1, s.set("k", num(1), "w").version(), "create");
        assertEquals(2, s.setWithTtl("k", num(2), "w", 60).version(), "second write");
        assertEquals(3, s.set("k", jsonNull(), "w").version(), "third write (JSON null is a value)");
        long rev = s.getVersioned("k").orElseThrow().revision();
        assertEquals(4, s.setIf("k", rev, num(4), "w").orElseThrow().version(), "a conditional write");
        assertEquals(1, s.set("other", num(1), "w").version(), "another key has versions of its own");
        assertEquals(5, s.set("k", num(5), "w").version(), "a write of another key does not change this one's");
    }

    @Test
    @Hint("what a delete leaves behind: the delete transition has version 0, and the key's next write"
            + " starts again at 1 (no version kept for an absent key).")
    void versionIsZeroOnDeleteAndOneAgainAfterIt() {
        StateStore s = open();
        s.set("k", num(1), "w");
        s.set("k", num(2), "w");
        StateTransition deleted = s.delete("k", "w").orElseThrow();
        assertEquals(0, deleted.version(), "a delete transition's version");
        StateTransition again = s.set("k", num(3), "w");
        assertEquals(1, again.version(), "the first write after a delete");
        assertEquals(1, s.getVersioned("k").orElseThrow().version());
        s.setWithTtl("k", num(4), "w", 0);
        StateTransition reaped = s.reapExpired(now()).isEmpty() ? null : last(s);
        assertEquals(0, reaped == null ? -1 : reaped.version(), "a reap's delete transition's version");
        assertEquals(1, s.set("k", num(5), "w").version(), "the first write after a reap");
        long rev = s.getVersioned("k").orElseThrow().revision();
        assertEquals(0, s.deleteIf("k", rev, "w").orElseThrow().version(), "a deleteIf transition's version");
        assertEquals(1, s.setIf("k", 0, num(6), "w").orElseThrow().version(), "the first setIf after a deleteIf");
    }

    @Test
    @Hint("getVersioned: the revision of the key's latest write (not transitionCount()), its version, and"
            + " expiresAt = that write's timestamp + ttl.")
    void getVersionedReturnsValueRevisionVersionAndExpiry() {
        StateStore s = open();
        assertEquals(Optional.empty(), s.getVersioned("k"), "an absent key");
        s.set("k", json("{'v':1}"), "w");
        clock().advanceSeconds(3);
        StateTransition t = s.setWithTtl("k", json("{'v':2}"), "w", 30);
        s.set("other", num(1), "w");
        Versioned v = s.getVersioned("k").orElseThrow();
        assertEquals(new Versioned(json("{'v':2}"), t.revision(), 2, Optional.of(t.timestamp().plusSeconds(30))), v);
        s.set("k", num(3), "w");
        assertEquals(Optional.empty(), s.getVersioned("k").orElseThrow().expiresAt(), "a plain set cancels the TTL");
        s.delete("k", "w");
        assertEquals(Optional.empty(), s.getVersioned("k"), "a deleted key");
    }

    @Test
    void getVersionedReturnsACopy() {
        StateStore s = open();
        s.set("k", json("{'a':{'b':1}}"), "w");
        ObjectNode got = (ObjectNode) s.getVersioned("k").orElseThrow().value();
        ((ObjectNode) got.get("a")).put("b", 2);
        got.put("c", 3);
        assertEquals(Optional.of(json("{'a':{'b':1}}")), s.get("k"), "mutating what getVersioned returned changed the store");
        assertEquals(json("{'a':{'b':1}}"), s.getVersioned("k").orElseThrow().value());
    }

    @Test
    void getVersionedOfAKeyWithAHugeTtlIsClampedNotOverflowed() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", Long.MAX_VALUE);
        assertEquals(Optional.of(Instant.MAX), s.getVersioned("k").orElseThrow().expiresAt());
    }

    @Test
    void viewsReportTheVersionOfTheirOwnKey() {
        StateStore s = open();
        s.set("k", num(0), "w");
        StateTransition t = s.scoped("t").set("k", num(1), "w");
        s.scoped("t").set("k", num(2), "w");
        assertEquals(2, s.scoped("t").getVersioned("k").orElseThrow().version());
        assertEquals(t.revision() + 1, s.scoped("t").getVersioned("k").orElseThrow().revision());
        assertEquals(1, s.getVersioned("k").orElseThrow().version(), "the unscoped key is another key");
        assertEquals(Optional.empty(), s.scoped("u").getVersioned("k"));
    }
}
