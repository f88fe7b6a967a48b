package dev.statestore.tck;

import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Returns the rules of {@code setIf}, {@code setWithTtlIf} and {@code deleteIf}: the expected
 * revision is the key's latest write's ({@code 0}: absent); on a mismatch nothing is written,
 * recorded or numbered; the check and the write are one atomic step.
 */
@Hint("the conditional write's check: it compares expectedRevision with the revision of the key's latest"
        + " write (0 when absent), under the same lock as the write, before anything is recorded.")
abstract class ConditionalWriteRules extends Rules {

    ConditionalWriteRules(StoreFixture fixture) {
        super(fixture);
    }

    private static long revisionOf(StateStore s, String key) {
        return s.getVersioned(key).map(Versioned::revision).orElse(0L);
    }

    @Test
    @Hint("expectedRevision 0 on an absent key: it must match (create-if-absent), and the write is a normal"
            + " first write (version 1, no old value).")
    void setIfZeroCreatesAnAbsentKey() {
        StateStore s = open();
        s.set("other", num(0), "w");
        StateTransition t = s.setIf("k", 0, num(1), "w").orElseThrow(() -> new AssertionError("setIf(k, 0) of an"
                + " absent key wrote nothing"));
        assertTransition(t, "k", null, num(1), "w", now(), null);
        assertEquals(2, t.revision());
        assertEquals(1, t.version());
        assertEquals(List.of(s.transitions().get(0), t), s.transitions());
        assertEquals(Optional.of(num(1)), s.get("k"));
    }

    @Test
    void setIfZeroOnAPresentKeyWritesNothing() {
        StateStore s = open();
        s.set("k", num(1), "w");
        Observed before = Observed.of(s);
        assertEquals(Optional.empty(), s.setIf("k", 0, num(2), "w"));
        assertEquals(Optional.empty(), s.setWithTtlIf("k", 0, num(2), "w", 5));
        assertUnchanged(before, s, "setIf(k, 0) of a present key");
    }

    @Test
    @Hint("the absent-key branch of the check: an absent key has revision 0, so only expectedRevision 0"
            + " matches it; any other revision is a mismatch.")
    void setIfWithANonZeroRevisionOnAnAbsentKeyWritesNothing() {
        StateStore s = open();
        s.set("other", num(1), "w");
        s.set("gone", num(1), "w");
        long gone = revisionOf(s, "gone");
        s.delete("gone", "w");
        Observed before = Observed.of(s);
        assertEquals(Optional.empty(), s.setIf("never", 1, num(2), "w"));
        assertEquals(Optional.empty(), s.setIf("never", 3, num(2), "w"));
        assertEquals(Optional.empty(), s.setIf("gone", gone, num(2), "w"), "a deleted key matched its old revision");
        assertEquals(Optional.empty(), s.setWithTtlIf("never", 2, num(2), "w", 5));
        assertUnchanged(before, s, "setIf of an absent key with a revision other than 0");
    }

    @Test
    @Hint("a match: the write is a normal write (old value, next revision, version + 1).")
    void setIfWithTheCurrentRevisionWrites() {
        StateStore s = open();
        s.set("k", num(1), "w");
        s.set("other", num(2), "w");
        Versioned v = s.getVersioned("k").orElseThrow();
        clock().advanceSeconds(1);
        StateTransition t = s.setIf("k", v.revision(), num(3), "cas").orElseThrow(() ->
                new AssertionError("setIf with the revision getVersioned returned wrote nothing"));
        assertTransition(t, "k", num(1), num(3), "cas", now(), null);
        assertEquals(3, t.revision());
        assertEquals(2, t.version());
        assertEquals(t, last(s));
        assertEquals(Optional.of(num(3)), s.get("k"));
    }

    @Test
    @Hint("the comparison must use the key's latest write's revision, not one cached at create or read"
            + " time, and not transitionCount().")
    void setIfWithAStaleRevisionWritesNothing() {
        StateStore s = open();
        s.set("k", num(1), "w");
        long first = revisionOf(s, "k");
        s.set("k", num(2), "w");
        long second = revisionOf(s, "k");
        s.set("k", num(3), "w");
        Observed before = Observed.of(s);
        assertEquals(Optional.empty(), s.setIf("k", first, num(9), "w"), "the revision of the first write");
        assertEquals(Optional.empty(), s.setIf("k", second, num(9), "w"), "the revision of the second write");
        assertEquals(Optional.empty(), s.setIf("k", s.transitionCount() + 1, num(9), "w"), "a future revision");
        assertEquals(Optional.empty(), s.setWithTtlIf("k", second, num(9), "w", 5));
        assertEquals(Optional.empty(), s.deleteIf("k", second, "w"));
        assertUnchanged(before, s, "conditional writes with a stale revision");
    }

    @Test
    @Hint("the key's revision must be that of its own latest write: writes of other keys move"
            + " transitionCount() but not this key's revision.")
    void writesOfOtherKeysDoNotStaleARevision() {
        StateStore s = open();
        s.set("k", num(1), "w");
        long rev = revisionOf(s, "k");
        s.set("a", num(2), "w");
        s.scoped("t").set("k", num(3), "w");
        s.delete("a", "w");
        assertTrue(s.setIf("k", rev, num(4), "w").isPresent(), "setIf failed after writes of other keys only");
    }

    @Test
    @Hint("ABA: revisions never repeat within a history, so a key deleted and written again has a new"
            + " revision; compare revisions, never versions or values.")
    void setIfAfterDeleteAndRecreateRefusesTheOldRevision() {
        StateStore s = open();
        s.set("k", num(1), "w");
        long before = revisionOf(s, "k");
        s.delete("k", "w");
        s.set("k", num(1), "w");
        assertEquals(1, s.getVersioned("k").orElseThrow().version(), "the recreated key starts at version 1");
        Observed now = Observed.of(s);
        assertEquals(Optional.empty(), s.setIf("k", before, num(2), "w"),
                "a revision read before the delete matched the recreated key");
        assertEquals(Optional.empty(), s.deleteIf("k", before, "w"));
        assertUnchanged(now, s, "a conditional write with the revision read before delete and recreate");
        assertTrue(s.setIf("k", revisionOf(s, "k"), num(2), "w").isPresent());
    }

    @Test
    void setIfCancelsAnEarlierTtlAsSetDoes() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", 0);
        assertTrue(s.setIf("k", revisionOf(s, "k"), num(2), "w").isPresent());
        assertEquals(List.of(), s.reapExpired(now().plus(TtlRules.FAR)), "setIf must cancel the earlier TTL");
        assertEquals(Optional.empty(), s.getVersioned("k").orElseThrow().expiresAt());
    }

    @Test
    @Hint("setWithTtlIf: on a match it records the TTL like setWithTtl; on a mismatch the key keeps its"
            + " value and TTL.")
    void setWithTtlIfWritesTheTtlOnlyOnAMatch() {
        StateStore s = open();
        StateTransition first = s.setWithTtl("k", num(1), "w", 100);
        clock().advanceSeconds(2);
        assertEquals(Optional.empty(), s.setWithTtlIf("k", first.revision() + 1, num(2), "w", 5));
        assertEquals(List.of(), s.reapExpired(first.timestamp().plusSeconds(100).minus(NANO)),
                "a setWithTtlIf that did not match changed the TTL");
        StateTransition t = s.setWithTtlIf("k", first.revision(), num(3), "w", 5).orElseThrow();
        assertTransition(t, "k", num(1), num(3), "w", now(), 5L);
        assertEquals(Optional.of(now().plusSeconds(5)), s.getVersioned("k").orElseThrow().expiresAt());
        assertEquals(List.of(), s.reapExpired(now().plusSeconds(5).minus(NANO)));
        assertEquals(List.of("k"), s.reapExpired(now().plusSeconds(5)));
        assertTrue(s.setWithTtlIf("k", 0, num(4), "w", 0).isPresent(), "setWithTtlIf(k, 0) of a reaped key");
    }

    @Test
    @Hint("deleteIf: delete on a match (version 0, old value), nothing on a mismatch.")
    void deleteIfDeletesOnlyOnAMatch() {
        StateStore s = open();
        s.set("k", num(1), "w");
        s.set("k", num(2), "w");
        long rev = revisionOf(s, "k");
        Observed before = Observed.of(s);
        assertEquals(Optional.empty(), s.deleteIf("k", rev - 1, "w"));
        assertEquals(Optional.empty(), s.deleteIf("k", 0, "w"), "deleteIf(k, 0) of a present key");
        assertUnchanged(before, s, "deleteIf with the wrong revision");
        StateTransition t = s.deleteIf("k", rev, "d").orElseThrow();
        assertTransition(t, "k", num(2), null, "d", now(), null);
        assertEquals(rev + 1, t.revision());
        assertEquals(0, t.version());
        assertEquals(Optional.empty(), s.get("k"));
    }

    @Test
    @Hint("deleteIf of an absent key: there is nothing to delete whatever the expected revision, 0 included.")
    void deleteIfOfAnAbsentKeyIsEmptyWhateverTheRevision() {
        StateStore s = open();
        s.set("gone", num(1), "w");
        long gone = revisionOf(s, "gone");
        s.delete("gone", "w");
        Observed before = Observed.of(s);
        for (long expected : new long[] {0, 1, gone, 2, 99}) {
            assertEquals(Optional.empty(), s.deleteIf("never", expected, "w"), "deleteIf(never, " + expected + ")");
            assertEquals(Optional.empty(), s.deleteIf("gone", expected, "w"), "deleteIf(gone, " + expected + ")");
        }
        assertUnchanged(before, s, "deleteIf of absent keys");
    }

    @Test
    @Hint("argument checks of the conditional writes: a negative expectedRevision (or TTL) is an"
            + " IllegalArgumentException naming the key, thrown before anything is written.")
    void negativeExpectedRevisionIsRejectedAndChangesNothing() {
        StateStore s = open();
        s.set("k", num(1), "w");
        Observed before = Observed.of(s);
        assertRejected(IllegalArgumentException.class, () -> s.setIf("k", -1, num(2), "w"), "-1");
        assertRejected(IllegalArgumentException.class, () -> s.setIf("absent", Long.MIN_VALUE, num(2), "w"),
                Long.toString(Long.MIN_VALUE));
        assertRejected(IllegalArgumentException.class, () -> s.setWithTtlIf("k", -1, num(2), "w", 5), "-1");
        assertRejected(IllegalArgumentException.class, () -> s.setWithTtlIf("k", 1, num(2), "w", -1), "-1");
        assertRejected(IllegalArgumentException.class, () -> s.setWithTtlIf("k", 0, num(2), "w", -1), "-1");
        assertRejected(IllegalArgumentException.class, () -> s.deleteIf("k", -1, "w"), "-1");
        assertRejected(IllegalArgumentException.class, () -> s.deleteIf("absent", -1, "w"), "-1");
        assertRejected(IllegalArgumentException.class, () -> s.scoped("t").setIf("k", -1, num(2), "w"), "-1");
        assertUnchanged(before, s, "a negative expected revision");
    }

    @Test
    @Hint("a replaceAll'd (or restored without a retained write) key has revision 0 and version 1, and"
            + " setIf(key, 0) matches it as it matches an absent key.")
    void keyInstalledByReplaceAllHasRevisionZeroAndMatchesZero() {
        StateStore s = open();
        s.set("k", num(1), "w");
        s.set("k", num(2), "w");
        s.replaceAll(Map.of("k", num(5)));
        assertEquals(new Versioned(num(5), 0, 1, Optional.empty()), s.getVersioned("k").orElseThrow());
        assertEquals(Optional.empty(), s.setIf("k", 1, num(6), "w"), "revision 1 is not the key's");
        StateTransition t = s.setIf("k", 0, num(6), "w").orElseThrow(() ->
                new AssertionError("setIf(k, 0) did not match a key installed by replaceAll"));
        assertEquals(1, t.revision());
        assertEquals(2, t.version());
        assertEquals(Optional.of(num(5)), t.oldValue());
    }

    /**
     * N threads increment one counter with read, compute, setIf loops. A check made apart from the
     * write (outside the lock) lets two writers win on one revision and loses increments.
     */
    @Test
    @Hint("atomicity: the check and the write must happen under one lock (or one transaction); a"
            + " check outside it lets two writers win on the same revision.")
    void racingConditionalIncrementsLoseNoUpdate() throws Exception {
        StateStore s = open();
        s.set("counter", num(0), "w");
        int threads = 4;
        int increments = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                String actor = "actor-" + w;
                workers.add(() -> {
                    int failures = 0;
                    for (int done = 0; done < increments; ) {
                        if (failures > increments * threads * 20) {
                            throw new AssertionError(actor + " failed " + failures + " setIf calls for " + done
                                    + " increments: the revision getVersioned returns does not match");
                        }
                        Versioned v = s.getVersioned("counter").orElseThrow();
                        JsonNode next = num(v.value().intValue() + 1);
                        if (s.setIf("counter", v.revision(), next, actor).isPresent()) {
                            done++;
                        } else {
                            failures++;
                        }
                    }
                    return failures;
                });
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> c : workers) {
                results.add(pool.submit(c));
            }
            for (Future<Integer> f : results) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError a) {
                        throw a;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * increments;
        assertEquals(Optional.of(num(total)), s.get("counter"), "increments were lost: two setIf won on one revision");
        assertEquals(total + 1, s.getVersioned("counter").orElseThrow().version());
        assertEquals(total + 1, s.transitionCount(), "one transition per successful setIf");
        List<StateTransition> log = s.transitions();
        for (int i = 1; i < log.size(); i++) {
            assertEquals(log.get(i - 1).newValue(), log.get(i).oldValue(), "transition " + (i + 1)
                    + " did not start from the value its predecessor wrote");
        }
    }
}
