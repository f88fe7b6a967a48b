package dev.statestore.tck;

import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Returns the rules of revisions, versions, history and the feed across close and re-open: every
 * record is stored with its revision and version, so a re-opened store numbers on from where it
 * stopped and a revision read before the close still means the same write. Skipped unless the
 * backend is persistent.
 */
@Hint("what the backend stores with each record: its revision and version, read back on open (not"
        + " recounted from the records it happens to replay).")
abstract class ReopenHistoryRules extends Rules {

    ReopenHistoryRules(StoreFixture fixture) {
        super(fixture);
    }

    @BeforeEach
    void onlyForPersistentBackends() {
        Assumptions.assumeTrue(fixture.persistent(), "the backend is not persistent: nothing to re-open");
    }

    private StateStore reopen(StateStore s) {
        return fixture.closeAndReopen(s);
    }

    private static void writeSome(StateStore s) {
        s.set("a", num(1), "w");
        s.set("a", num(2), "w");
        s.setWithTtl("b", num(3), "w", 600);
        s.scoped("t").set("a", num(4), "w");
        s.delete("a", "w");
        s.set("a", num(5), "w");
        s.setIf("c", 0, num(6), "w");
    }

    private static Map<String, Optional<Versioned>> versioned(StateStore s, String... keys) {
        Map<String, Optional<Versioned>> out = new TreeMap<>();
        for (String k : keys) {
            out.put(k, s.getVersioned(k));
        }
        return out;
    }

    @Test
    @Hint("the journal's rev and version fields and their replay: the re-opened history must equal the"
            + " live one, revision by revision.")
    void revisionsAndVersionsSurviveReopen() {
        StateStore s = open();
        writeSome(s);
        List<StateTransition> log = s.transitions();
        Map<String, Optional<Versioned>> before = versioned(s, "a", "b", "c", "tenant:t:a", "absent");
        StateStore r = reopen(s);
        assertEquals(log, r.transitions(), "the history after reopen");
        assertEquals(before, versioned(r, "a", "b", "c", "tenant:t:a", "absent"), "getVersioned after reopen");
        assertEquals(log.size(), r.transitionCount());
    }

    @Test
    @Hint("the revision counter after open: the next write gets the latest stored revision + 1, and a"
            + " key's next version its stored version + 1.")
    void writesAfterReopenContinueTheRevisionsAndVersions() {
        StateStore s = open();
        writeSome(s);
        long count = s.transitionCount();
        StateStore r = reopen(s);
        StateTransition t = r.set("a", num(7), "w");
        assertEquals(count + 1, t.revision(), "the first write after reopen");
        assertEquals(2, t.version(), "the version of a key written once since it was recreated");
        assertEquals(2, r.set("tenant:t:a", num(8), "w").version(), "the second write of a key written once");
        StateStore again = reopen(r);
        assertEquals(count + 2, again.transitionCount());
        assertEquals(range(1, count + 2), revisions(again.transitions()));
    }

    @Test
    @Hint("conditional writes after open: a revision read from getVersioned before the close must still"
            + " match, and a stale one still fail.")
    void revisionReadBeforeCloseStillMatchesAfterReopen() {
        StateStore s = open();
        s.set("k", num(1), "w");
        long stale = s.getVersioned("k").orElseThrow().revision();
        s.set("k", num(2), "w");
        long current = s.getVersioned("k").orElseThrow().revision();
        StateStore r = reopen(s);
        assertEquals(Optional.empty(), r.setIf("k", stale, num(9), "w"));
        assertTrue(r.setIf("k", current, num(3), "w").isPresent(), "setIf with the revision read before close");
    }

    @Test
    @Hint("the feed after open: changes(after) reads the stored history from revision after + 1, then live.")
    void feedResumesFromARevisionAfterReopen() {
        StateStore s = open();
        writeSome(s);
        long count = s.transitionCount();
        List<StateTransition> log = s.transitions();
        StateStore r = reopen(s);
        FeedProbe probe = subscribe(r.changes(3)).request(Long.MAX_VALUE);
        assertEquals(log.subList(3, log.size()), probe.next((int) count - 3), "the stored history after revision 3");
        StateTransition live = r.set("live", num(1), "w");
        assertEquals(live, probe.next(), "the first live write after reopen");
        probe.assertNoBreaches();
    }

    @Test
    @Hint("restore and replaceAll in storage: the rewound revision (and each key's revision and version)"
            + " must be stored, so that the next write after reopen gets n + 1, not the highest key revision + 1.")
    void rewindsSurviveReopen() {
        StateStore s = open();
        s.set("a", num(1), "w");
        s.set("b", num(2), "w");
        s.delete("b", "w");
        Map<String, JsonNode> snap = s.snapshot();
        s.set("a", num(3), "w");
        s.set("c", num(4), "w");
        s.restore(snap, 3);
        Map<String, Optional<Versioned>> restored = versioned(s, "a", "b", "c");
        StateStore r = reopen(s);
        assertEquals(3, r.transitionCount(), "transitionCount() after restore(snapshot, 3) and reopen");
        assertEquals(restored, versioned(r, "a", "b", "c"));
        assertEquals(4, r.set("d", num(5), "w").revision(), "the first write after restore(snapshot, 3) and reopen");
        r.replaceAll(Map.of("x", num(1)));
        StateStore again = reopen(r);
        assertEquals(0, again.transitionCount(), "transitionCount() after replaceAll and reopen");
        assertEquals(Optional.of(new Versioned(num(1), 0, 1, Optional.empty())), again.getVersioned("x"));
        assertEquals(1, again.set("y", num(2), "w").revision(), "the first write after replaceAll and reopen");
    }

    /**
     * The history a rewrite keeps (restore's first n, the whole history of a compaction) reads back
     * after reopen. A backend whose rewrite keeps only the state skips this rule with its reason.
     */
    @Test
    @Hint("the journal's rewrite: it must keep the history up to the rewind point readable after reopen,"
            + " not only the state lines.")
    void historySurvivesReopenAfterARewrite() {
        StateStore s = open();
        writeSome(s);
        Map<String, JsonNode> snap = s.snapshot();
        long n = s.transitionCount();
        s.set("rolled-back", num(1), "w");
        s.restore(snap, n);
        List<StateTransition> kept = s.transitions();
        assertEquals(n, kept.size());
        StateStore r = reopen(s);
        assertEquals(kept, r.transitions(), "the history kept by restore, after reopen");
        assertEquals(kept.subList(2, kept.size()), r.transitionsSince(2));
    }

    @Test
    @Hint("reap in storage: one delete record per reaped key, with its revision; survivors keep theirs.")
    void reapedRevisionsSurviveReopen() {
        StateStore s = open();
        s.setWithTtl("gone", num(1), "w", 0);
        s.setWithTtl("stays", num(2), "w", 600);
        assertEquals(List.of("gone"), s.reapExpired(now()));
        List<StateTransition> log = s.transitions();
        Optional<Versioned> stays = s.getVersioned("stays");
        StateStore r = reopen(s);
        assertEquals(log, r.transitions(), "the history with the reap's delete after reopen");
        assertEquals(stays, r.getVersioned("stays"));
        assertEquals(4, r.set("gone", num(3), "w").revision());
    }
}
