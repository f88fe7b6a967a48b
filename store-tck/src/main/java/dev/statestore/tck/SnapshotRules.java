package dev.statestore.tck;

import static dev.statestore.tck.Json.json;
import static dev.statestore.tck.Json.jsonNull;
import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Returns the rules of snapshot, restore and replaceAll. */
@Hint("restore and replaceAll: the state replaced in one step, the history cut at min(n, latest), and each key's TTL taken from its latest retained write.")
abstract class SnapshotRules extends Rules {

    SnapshotRules(StoreFixture fixture) {
        super(fixture);
    }

    private static Map<String, JsonNode> map(Object... keysAndValues) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], (JsonNode) keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void snapshotHoldsTheWholeStateIncludingTenants() {
        StateStore s = open();
        s.set("a", num(1), "w");
        s.setWithTtl("b", json("{'x':[1]}"), "w", 5);
        s.set("n", jsonNull(), "w");
        s.scoped("acme").set("a", num(2), "w");
        s.set("gone", num(3), "w");
        s.delete("gone", "w");
        assertEquals(map("a", num(1), "b", json("{'x':[1]}"), "n", jsonNull(), "tenant:acme:a", num(2)), s.snapshot());
    }

    @Test
    void snapshotReturnsDeepCopy() {
        StateStore s = open();
        s.set("k", json("{'a':{'b':[1]}}"), "w");
        Map<String, JsonNode> snap = s.snapshot();
        ((ArrayNode) snap.get("k").get("a").get("b")).add(2);
        ((ObjectNode) snap.get("k")).put("c", 3);
        assertEquals(Optional.of(json("{'a':{'b':[1]}}")), s.get("k"), "mutating a snapshot's value changed the store");
        assertEquals(map("k", json("{'a':{'b':[1]}}")), s.snapshot());
    }

    @Test
    void snapshotIsAPointInTimeAndDetached() {
        StateStore s = open();
        s.set("a", num(1), "w");
        Map<String, JsonNode> snap = s.snapshot();
        s.set("a", num(2), "w");
        s.set("b", num(3), "w");
        assertEquals(map("a", num(1)), snap, "later writes showed up in an earlier snapshot");
        snap.put("c", num(4));
        snap.remove("a");
        assertFalse(s.exists("c"), "putting into a snapshot changed the store");
        assertEquals(Optional.of(num(2)), s.get("a"));
    }

    @Test
    void restoreReplacesTheState() {
        StateStore s = open();
        s.set("a", num(1), "w");
        s.set("b", num(2), "w");
        s.scoped("t").set("x", num(3), "w");
        Map<String, JsonNode> snap = s.snapshot();
        long n = s.transitionCount();
        s.set("a", num(10), "w");
        s.delete("b", "w");
        s.set("c", num(30), "w");
        s.scoped("t").delete("x", "w");
        s.scoped("u").set("y", num(4), "w");
        s.restore(snap, n);
        assertEquals(snap, s.snapshot());
        assertEquals(List.of("a", "b", "tenant:t:x"), s.keys());
        assertEquals(Optional.of(num(3)), s.scoped("t").get("x"));
        assertEquals(List.of(), s.scoped("u").keys());
    }

    @Test
    void restoreTruncatesLogToMinOfCountAndN() {
        StateStore s = open();
        for (int i = 0; i < 5; i++) {
            s.set("k" + i, num(i), "w");
        }
        List<StateTransition> full = s.transitions();
        Map<String, JsonNode> snap = s.snapshot();

        s.restore(snap, 3);
        assertEquals(3, s.transitionCount(), "restore(snap, 3) of a 5-entry log");
        assertEquals(full.subList(0, 3), s.transitions(), "restore must keep the first n transitions unchanged");

        s.restore(snap, 100);
        assertEquals(3, s.transitionCount(), "restore(snap, n > count) must keep the whole log");
        assertEquals(full.subList(0, 3), s.transitions());

        s.restore(snap, 3);
        assertEquals(full.subList(0, 3), s.transitions(), "restore(snap, count) must keep the whole log");

        s.restore(snap, Long.MAX_VALUE);
        assertEquals(full.subList(0, 3), s.transitions());

        s.restore(snap, 0);
        assertEquals(0, s.transitionCount());
        assertEquals(List.of(), s.transitions());
        assertEquals(snap, s.snapshot(), "the state is the snapshot's whatever the count");
    }

    @Test
    void restoreKeepsTtlOfLatestRetainedTransition() {
        StateStore s = open();
        Instant t0 = now();
        s.setWithTtl("k", num(1), "w", 10);
        s.set("other", num(2), "w");
        Map<String, JsonNode> snap = s.snapshot();
        long n = s.transitionCount();
        clock().advanceSeconds(4);
        s.set("k", num(3), "w");
        clock().advanceSeconds(4);
        s.restore(snap, n);
        assertEquals(List.of(), s.reapExpired(t0.plusSeconds(10).minus(NANO)));
        assertEquals(List.of("k"), s.reapExpired(t0.plusSeconds(10)),
                "k's latest retained transition carried ttl 10 at t0: it must be reapable at t0 + 10s");
        assertEquals(List.of("other"), s.keys());
    }

    @Test
    void restoreDropsTtlsOfTruncatedTransitions() {
        StateStore s = open();
        s.set("plainThenTtl", num(1), "w");
        Map<String, JsonNode> snap = s.snapshot();
        long n = s.transitionCount();
        s.setWithTtl("plainThenTtl", num(2), "w", 0);
        s.setWithTtl("bornLater", num(3), "w", 0);
        Map<String, JsonNode> target = new TreeMap<>(snap);
        target.put("bornLater", num(3));
        s.restore(target, n);
        assertEquals(List.of(), s.reapExpired(now().plus(TtlRules.FAR)),
                "a TTL of a truncated transition survived the restore");
        assertEquals(target, s.snapshot());
    }

    @Test
    void restoreAfterTruncationDoesNotKillUntouchedKey() {
        StateStore s = open();
        s.setWithTtl("untouched", num(0), "w", 1);
        s.set("untouched", num(1), "w");
        s.set("plain", num(1), "w");
        Map<String, JsonNode> snap = s.snapshot();
        long n = s.transitionCount();
        s.setWithTtl("doomed", num(2), "w", 1);
        s.setWithTtl("plain", num(3), "w", 1);
        s.restore(snap, n);
        s.set("fresh", num(4), "w");
        assertEquals(List.of(), s.reapExpired(now().plus(TtlRules.FAR)),
                "a key whose latest retained write had no TTL was reaped after restore");
        assertEquals(List.of("fresh", "plain", "untouched"), s.keys());
    }

    @Test
    void restoreWithoutTruncationKeepsEveryTtl() {
        StateStore s = open();
        Instant t0 = now();
        s.setWithTtl("a", num(1), "w", 5);
        s.setWithTtl("b", num(2), "w", 50);
        s.set("c", num(3), "w");
        Map<String, JsonNode> snap = s.snapshot();
        long n = s.transitionCount();
        clock().advanceSeconds(1);
        s.restore(snap, n);
        assertEquals(List.of(), s.reapExpired(t0.plusSeconds(5).minus(NANO)));
        assertEquals(List.of("a"), s.reapExpired(t0.plusSeconds(5)), "restore must not restart or drop a TTL");
        assertEquals(List.of("b"), s.reapExpired(t0.plusSeconds(50)));
        assertEquals(List.of("c"), s.keys());
    }

    @Test
    void restoreOfKeyWhoseLatestRetainedTransitionIsADeleteHasNoTtl() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", 0);
        s.delete("k", "w");
        long n = s.transitionCount();
        s.restore(map("k", num(9)), n);
        assertEquals(List.of(), s.reapExpired(now().plus(TtlRules.FAR)),
                "the TTL before a retained delete applied to the restored value");
        assertEquals(Optional.of(num(9)), s.get("k"));
    }

    @Test
    void restoreRecordsNoTransitionAndLaterWritesSeeTheRestoredValue() {
        StateStore s = open();
        s.set("a", num(1), "w");
        s.set("a", num(2), "w");
        List<StateTransition> log = s.transitions();
        s.restore(map("a", num(7)), 2);
        assertEquals(log, s.transitions(), "restore must not record a transition");
        StateTransition t = s.set("a", num(8), "w");
        assertEquals(Optional.of(num(7)), t.oldValue());
        assertEquals(3, s.transitionCount());
    }

    @Test
    void restoreCopiesTheSnapshot() {
        StateStore s = open();
        Map<String, JsonNode> snap = new HashMap<>();
        snap.put("k", json("{'a':[1]}"));
        s.restore(snap, 0);
        ((ArrayNode) snap.get("k").get("a")).add(2);
        snap.put("other", num(1));
        assertEquals(map("k", json("{'a':[1]}")), s.snapshot(), "mutating the restored map changed the store");
    }

    @Test
    void restoreToEmptySnapshotEmptiesTheStore() {
        StateStore s = open();
        s.set("a", num(1), "w");
        s.scoped("t").setWithTtl("b", num(2), "w", 1);
        s.restore(Map.of(), 1);
        assertEquals(List.of(), s.keys());
        assertEquals(Map.of(), s.snapshot());
        assertEquals(1, s.transitionCount());
        assertEquals(List.of(), s.reapExpired(now().plus(TtlRules.FAR)));
    }

    @Test
    void replaceAllClearsLogAndTtls() {
        StateStore s = open();
        s.setWithTtl("a", num(1), "w", 0);
        s.set("b", num(2), "w");
        s.setWithTtl("c", num(3), "w", 0);
        s.replaceAll(map("a", num(10), "d", num(40)));
        assertEquals(0, s.transitionCount());
        assertEquals(List.of(), s.transitions());
        assertEquals(List.of(), s.reapExpired(now().plus(TtlRules.FAR)), "replaceAll must clear every TTL");
        assertEquals(map("a", num(10), "d", num(40)), s.snapshot());
        assertEquals(0, s.transitionCount(), "a reap that finds nothing records nothing");
    }

    @Test
    void replaceAllReplacesTheStateIncludingTenants() {
        StateStore s = open();
        s.set("old", num(1), "w");
        s.scoped("t").set("old", num(1), "w");
        Map<String, JsonNode> state = map("z", jsonNull(), "a", json("{'x':1}"), "tenant:t:new", num(2));
        s.replaceAll(state);
        assertEquals(state, s.snapshot());
        assertEquals(List.of("a", "tenant:t:new", "z"), s.keys());
        assertEquals(List.of("new"), s.scoped("t").keys());
        assertEquals(Optional.of(jsonNull()), s.get("z"));
    }

    @Test
    void replaceAllCopiesItsInput() {
        StateStore s = open();
        Map<String, JsonNode> state = new HashMap<>();
        state.put("k", json("{'a':[1]}"));
        s.replaceAll(state);
        ((ArrayNode) state.get("k").get("a")).add(2);
        state.put("other", num(1));
        assertEquals(map("k", json("{'a':[1]}")), s.snapshot(), "mutating the replaced map changed the store");
    }

    @Test
    void writesAfterReplaceAllAreLoggedFromIndexZero() {
        StateStore s = open();
        s.set("a", num(1), "w");
        s.set("b", num(2), "w");
        s.replaceAll(map("a", num(5)));
        StateTransition t = s.set("a", num(6), "w");
        assertEquals(Optional.of(num(5)), t.oldValue(), "the replaced value must be the old value");
        assertEquals(List.of(t), s.transitions());
        assertEquals(List.of(t), s.transitionsSince(0));
        assertEquals(1, s.transitionCount());
    }

    @Test
    void restoreAfterReplaceAllKeepsNoTransitionAndNoTtl() {
        StateStore s = open();
        s.setWithTtl("a", num(1), "w", 0);
        Map<String, JsonNode> snap = s.snapshot();
        long n = s.transitionCount();
        s.replaceAll(map("b", num(2)));
        s.restore(snap, n);
        assertEquals(0, s.transitionCount(), "min(n, count) with count 0 after replaceAll");
        assertEquals(snap, s.snapshot());
        assertEquals(List.of(), s.reapExpired(now().plus(TtlRules.FAR)),
                "a TTL whose transition replaceAll cleared came back");
    }

    @Test
    void restoreOfSnapshotKeysWithMixedRetainedTransitions() {
        StateStore s = open();
        Instant t0 = now();
        s.setWithTtl("ttl", num(1), "w", 20);
        s.set("plain", num(2), "w");
        s.setWithTtl("ttlThenPlain", num(3), "w", 0);
        s.set("ttlThenPlain", num(4), "w");
        long n = s.transitionCount();
        Map<String, JsonNode> snap = s.snapshot();
        clock().advanceSeconds(7);
        s.set("ttl", num(5), "w");
        s.setWithTtl("plain", num(6), "w", 0);
        s.setWithTtl("ttlThenPlain", num(7), "w", 0);
        s.restore(snap, n);
        List<String> reaped = new ArrayList<>(s.reapExpired(t0.plusSeconds(20).minus(NANO)));
        assertEquals(List.of(), reaped);
        assertEquals(List.of("ttl"), s.reapExpired(t0.plusSeconds(20)));
        assertEquals(List.of(), s.reapExpired(now().plus(TtlRules.FAR)));
        assertEquals(List.of("plain", "ttlThenPlain"), s.keys());
    }
}
