package dev.statestore.tck;

import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.HistoryCompactedException;
import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Returns the rules of reading history by revision ({@code transitionsSince(index, limit)}), of the
 * {@code history=<n>} option ({@link HistoryCompactedException}), and of the rewinds: {@code restore}
 * rewinds the revisions, {@code replaceAll} restarts them at 1.
 */
@Hint("the history window: transitionsSince(i) returns the revisions above i, oldest first, from the"
        + " retained history.")
abstract class HistoryRules extends Rules {

    /** The {@code history} option's count the retention rules open a store with. */
    static final int KEEP = 3;

    HistoryRules(StoreFixture fixture) {
        super(fixture);
    }

    private static void write(StateStore s, int n) {
        for (int i = 0; i < n; i++) {
            s.set("k" + (i % 4), num(i), "w");
        }
    }

    @Test
    @Hint("paging: transitionsSince(i, limit) returns at most limit transitions, the first with revision"
            + " i + 1, and pages read back to back are the whole history.")
    void transitionsSincePagesTheHistoryByLimit() {
        StateStore s = open();
        write(s, 10);
        s.delete("k1", "w");
        List<StateTransition> all = s.transitions();
        for (int limit : new int[] {1, 2, 3, 7, 11, 100, Integer.MAX_VALUE}) {
            List<StateTransition> paged = new ArrayList<>();
            long after = 0;
            while (true) {
                List<StateTransition> page = s.transitionsSince(after, limit);
                assertTrue(page.size() <= limit, "a page of limit " + limit + " held " + page.size());
                if (page.isEmpty()) {
                    break;
                }
                assertEquals(after + 1, page.get(0).revision(), "the first revision of transitionsSince(" + after
                        + ", " + limit + ")");
                assertEquals(Math.min(limit, all.size() - after), page.size(), "transitionsSince(" + after + ", "
                        + limit + ") returned fewer than it could");
                paged.addAll(page);
                after = page.get(page.size() - 1).revision();
            }
            assertEquals(all, paged, "the pages of limit " + limit);
        }
        assertEquals(all.subList(4, 7), s.transitionsSince(4, 3));
        assertEquals(List.of(), s.transitionsSince(s.transitionCount(), 5));
    }

    @Test
    void transitionsSinceWithALimitBelowOneIsRejected() {
        StateStore s = open();
        write(s, 3);
        Observed before = Observed.of(s);
        assertRejected(IllegalArgumentException.class, () -> s.transitionsSince(0, 0), "0");
        assertRejected(IllegalArgumentException.class, () -> s.transitionsSince(0, -5), "-5");
        assertRejected(IllegalArgumentException.class, () -> s.transitionsSince(-1, 5), "-1");
        assertUnchanged(before, s, "transitionsSince with a bad limit");
    }

    @Test
    @Hint("transitionsSince(i) means revision > i: after a rewind or with revisions above the list"
            + " position it must not index the list.")
    void transitionsSinceReturnsTheRevisionsAboveTheIndex() {
        StateStore s = open();
        write(s, 6);
        s.restore(s.snapshot(), 4);
        write(s, 3);
        List<StateTransition> log = s.transitions();
        assertEquals(range(1, 7), revisions(log));
        for (long i = 0; i <= 7; i++) {
            assertEquals(range(i + 1, 7), revisions(s.transitionsSince(i)), "transitionsSince(" + i + ")");
        }
    }

    @Test
    @Hint("restore(snapshot, n): the history is cut at revision min(n, latest), the next write gets"
            + " n + 1, and each key takes revision and version from its latest retained write (else 0 and 1).")
    void restoreRewindsRevisionsAndVersions() {
        StateStore s = open();
        s.set("a", num(1), "w");
        s.set("a", num(2), "w");
        s.set("b", num(3), "w");
        Map<String, JsonNode> snap = s.snapshot();
        s.set("a", num(4), "w");
        s.set("c", num(5), "w");
        s.delete("b", "w");
        Map<String, JsonNode> target = new TreeMap<>(snap);
        target.put("c", num(5));
        s.restore(target, 3);
        assertEquals(3, s.transitionCount());
        assertEquals(new Versioned(num(2), 2, 2, Optional.empty()), s.getVersioned("a").orElseThrow());
        assertEquals(new Versioned(num(3), 3, 1, Optional.empty()), s.getVersioned("b").orElseThrow());
        assertEquals(new Versioned(num(5), 0, 1, Optional.empty()), s.getVersioned("c").orElseThrow(),
                "a restored key without a retained write");
        StateTransition next = s.set("a", num(6), "w");
        assertEquals(4, next.revision(), "the first write after restore(snapshot, 3)");
        assertEquals(3, next.version());
        assertEquals(range(1, 4), revisions(s.transitions()));
        assertTrue(s.setIf("c", 0, num(7), "w").isPresent(), "setIf(c, 0) of a restored key without a retained write");
    }

    @Test
    void restoreBeyondTheLatestRevisionKeepsItAndContinuesAfterIt() {
        StateStore s = open();
        write(s, 4);
        s.restore(s.snapshot(), 100);
        assertEquals(4, s.transitionCount());
        assertEquals(5, s.set("x", num(1), "w").revision());
    }

    @Test
    @Hint("replaceAll: the history is cleared and the revision counter restarts, so the next write gets"
            + " revision 1; every key has revision 0 and version 1.")
    void replaceAllRestartsRevisionsAtOne() {
        StateStore s = open();
        write(s, 5);
        s.replaceAll(Map.of("a", num(1), "k0", num(2)));
        assertEquals(0, s.transitionCount());
        assertEquals(new Versioned(num(2), 0, 1, Optional.empty()), s.getVersioned("k0").orElseThrow());
        StateTransition t = s.set("b", num(3), "w");
        assertEquals(1, t.revision(), "the first write after replaceAll");
        assertEquals(2, s.set("k0", num(4), "w").version(), "the first write of a replaced key");
        assertEquals(range(1, 2), revisions(s.transitions()));
        assertEquals(List.of(), s.transitionsSince(2));
    }

    /** Returns a store opened with {@code history=KEEP} after {@code writes} writes. */
    private StateStore boundedStoreAfter(int writes) {
        StateStore s = openWithHistory(KEEP);
        write(s, writes);
        return s;
    }

    /**
     * {@code history=<n>} keeps at least the latest n; when it has dropped older ones, reading them
     * throws {@link HistoryCompactedException} naming the oldest retained revision, and reading from
     * there works. A store that kept everything keeps this rule (the option says "at least").
     */
    @Test
    @Hint("the history option: keep at least the latest n; a read that needs a dropped revision throws"
            + " HistoryCompactedException(oldestRetainedRevision), never a shorter list.")
    void transitionsSinceBeyondRetentionThrowsNamingTheOldest() {
        StateStore s = boundedStoreAfter(20);
        long latest = s.transitionCount();
        assertEquals(20, latest);
        List<StateTransition> retained = s.transitions();
        assertTrue(retained.size() >= KEEP, "history=" + KEEP + " kept only " + retained.size());
        long oldest = retained.get(0).revision();
        assertEquals(range(oldest, latest), revisions(retained), "transitions() is the retained history, gapless");
        assertEquals(retained, s.transitionsSince(oldest - 1), "transitionsSince(oldest - 1) is the retained history");
        assertEquals(revisions(retained.subList(retained.size() - KEEP, retained.size())),
                revisions(s.transitionsSince(latest - KEEP)), "the latest " + KEEP + " must stay readable");
        if (oldest == 1) {
            Assumptions.abort("the store kept every transition with history=" + KEEP + " (allowed: it keeps at least"
                    + " the latest " + KEEP + "), so there is no dropped history to read");
        }
        HistoryCompactedException e = assertThrows(HistoryCompactedException.class, () -> s.transitionsSince(0),
                "transitionsSince(0) after the history dropped revisions 1.." + (oldest - 1));
        assertEquals(oldest, e.oldestRetainedRevision(), "the oldest retained revision the exception names");
        assertTrue(e.getMessage() != null && e.getMessage().contains(Long.toString(oldest)),
                "the message does not name the oldest retained revision " + oldest + ": " + e.getMessage());
        HistoryCompactedException paged = assertThrows(HistoryCompactedException.class,
                () -> s.transitionsSince(oldest - 2, 1), "transitionsSince(" + (oldest - 2) + ", 1)");
        assertEquals(oldest, paged.oldestRetainedRevision());
        assertEquals(oldest, s.transitionsSince(oldest - 1, 1).get(0).revision(), "reading from the oldest retained");
    }

    @Test
    @Hint("the change feed's start: a subscriber whose position is below the retained history gets"
            + " onError(HistoryCompactedException) after onSubscribe, not a feed with a gap.")
    void feedBeyondRetentionSignalsHistoryCompacted() {
        StateStore s = boundedStoreAfter(20);
        long oldest = s.transitions().get(0).revision();
        if (oldest == 1) {
            Assumptions.abort("the store kept every transition with history=" + KEEP);
        }
        FeedProbe probe = subscribe(s.changes(0)).request(10);
        HistoryCompactedException e = probe.expectError(HistoryCompactedException.class);
        assertEquals(oldest, e.oldestRetainedRevision());
        FeedProbe fromOldest = subscribe(s.changes(oldest - 1)).request(Long.MAX_VALUE);
        assertEquals(range(oldest, 20), fromOldest.nextRevisions((int) (20 - oldest + 1)));
        probe.assertNoBreaches();
        fromOldest.assertNoBreaches();
    }

    @Test
    void writesGoOnAfterTheHistoryDroppedOldRevisions() {
        StateStore s = boundedStoreAfter(10);
        StateTransition t = s.set("fresh", num(1), "w");
        assertEquals(11, t.revision());
        assertEquals(11, s.transitionCount());
        assertEquals(List.of(t), s.transitionsSince(10));
        assertEquals(Optional.of(num(9)), s.get("k1"), "dropping history must not drop state");
    }
}
