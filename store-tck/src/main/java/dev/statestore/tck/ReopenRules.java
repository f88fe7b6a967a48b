package dev.statestore.tck;

import static dev.statestore.tck.Json.json;
import static dev.statestore.tck.Json.jsonNull;
import static dev.statestore.tck.Json.num;
import static dev.statestore.tck.Json.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rules of persistence: whatever a store holds when it is closed, including TTLs with
 * their original timestamps and the results of restore, replaceAll and reap, is what the
 * re-opened store holds; rolled-back and rejected writes never come back. Skipped (as aborted
 * tests) unless the backend says it is persistent.
 */
@Hint("the journal's line format and its replay: what a write stores (value, timestamp, TTL, JSON null) and what open rebuilds from it, rewrites included.")
abstract class ReopenRules extends Rules {

    ReopenRules(StoreFixture fixture) {
        super(fixture);
    }

    @BeforeEach
    void onlyForPersistentBackends() {
        Assumptions.assumeTrue(fixture.persistent(), "the backend is not persistent: nothing to re-open");
    }

    private StateStore reopen(StateStore s) {
        return fixture.closeAndReopen(s);
    }

    @Test
    void emptyStoreReopensEmpty() {
        StateStore s = reopen(open());
        assertEquals(List.of(), s.keys());
        assertEquals(Map.of(), s.snapshot());
    }

    @Test
    void stateSurvivesReopen() {
        StateStore s = open();
        s.set("object", json("{'a':{'b':[1,2,{'c':null}]},'d':'e'}"), "w");
        s.set("array", json("[1,'two',null,true,1.5]"), "w");
        s.set("text", text("line\nbreak \"quoted\" \u00e9\u2603\ud83d\ude00"), "w");
        s.set("overwritten", num(1), "w");
        s.set("overwritten", num(2), "w");
        s.set("deleted", num(3), "w");
        s.delete("deleted", "w");
        s.set("key with spaces, \"quotes\" and \u00fcml\u00e4uts", num(4), "w");
        Map<String, JsonNode> before = s.snapshot();
        List<String> keys = s.keys();
        StateStore r = reopen(s);
        assertEquals(before, r.snapshot());
        assertEquals(keys, r.keys());
        assertFalse(r.exists("deleted"), "a deleted key came back");
        assertEquals(Optional.of(num(2)), r.get("overwritten"));
    }

    @Test
    void jsonNullSurvivesReopen() {
        StateStore s = open();
        s.set("n", jsonNull(), "w");
        s.set("was", num(1), "w");
        s.set("was", jsonNull(), "w");
        s.setWithTtl("ttl", jsonNull(), "w", 60);
        StateStore r = reopen(s);
        for (String k : List.of("n", "was", "ttl")) {
            assertEquals(Optional.of(jsonNull()), r.get(k), k + ": JSON null must come back as a value, not as absent");
            assertTrue(r.exists(k), k);
        }
        StateTransition deleted = r.delete("n", "w").orElseThrow(() -> new AssertionError("JSON null read back as absent"));
        assertEquals(Optional.of(jsonNull()), deleted.oldValue());
    }

    @Test
    void ttlSurvivesReopenWithOriginalTimestamp() {
        StateStore s = open();
        clock().advanceSeconds(1);
        StateTransition t = s.setWithTtl("k", num(1), "w", 10);
        s.setWithTtl("zero", num(2), "w", 0);
        s.set("plain", num(3), "w");
        clock().advanceSeconds(5);
        StateStore r = reopen(s);
        Instant deadline = t.timestamp().plusSeconds(10);
        assertEquals(List.of("zero"), r.reapExpired(t.timestamp()));
        assertEquals(List.of(), r.reapExpired(deadline.minus(NANO)),
                "the TTL's deadline moved earlier across reopen (timestamp lost precision?)");
        assertEquals(List.of("k"), r.reapExpired(deadline),
                "the TTL's deadline moved later across reopen (restarted from the reopen?)");
        assertEquals(List.of(), r.reapExpired(now().plus(TtlRules.FAR)));
        assertEquals(List.of("plain"), r.keys());
    }

    @Test
    void cancelledTtlStaysCancelledAfterReopen() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", 0);
        s.set("k", num(2), "w");
        s.setWithTtl("d", num(1), "w", 0);
        s.delete("d", "w");
        s.set("d", num(3), "w");
        StateStore r = reopen(s);
        assertEquals(List.of(), r.reapExpired(now().plus(TtlRules.FAR)), "a cancelled TTL came back after reopen");
        assertEquals(List.of("d", "k"), r.keys());
    }

    @Test
    void tenantsSurviveReopen() {
        StateStore s = open();
        s.scoped("a").set("k", num(1), "w");
        s.scoped("b").set("k", num(2), "w");
        s.scoped("b").setWithTtl("t", num(3), "w", 5);
        s.set("k", num(0), "w");
        StateStore r = reopen(s);
        assertEquals(Optional.of(num(1)), r.scoped("a").get("k"));
        assertEquals(Optional.of(num(2)), r.scoped("b").get("k"));
        assertEquals(Optional.of(num(0)), r.get("k"));
        assertEquals(List.of("k", "t"), r.scoped("b").keys());
        assertEquals(List.of("k"), r.scoped(null).keys());
        assertEquals(List.of("tenant:b:t"), r.reapExpired(now().plusSeconds(5)));
    }

    @Test
    void restoreSurvivesReopenAndRolledBackWritesNeverComeBack() {
        StateStore s = open();
        s.set("a", num(1), "w");
        s.set("b", num(2), "w");
        Map<String, JsonNode> snap = s.snapshot();
        long n = s.transitionCount();
        s.set("a", num(10), "rolled-back");
        s.delete("b", "rolled-back");
        s.set("c", num(30), "rolled-back");
        s.scoped("t").set("x", num(40), "rolled-back");
        s.restore(snap, n);
        StateStore r = reopen(s);
        assertEquals(snap, r.snapshot(), "rolled-back writes came back after reopen");
        assertEquals(List.of(), r.reapExpired(now().plus(TtlRules.FAR)));
        StateStore again = reopen(r);
        assertEquals(snap, again.snapshot());
    }

    @Test
    void restoredTtlsSurviveReopen() {
        StateStore s = open();
        Instant t0 = now();
        s.setWithTtl("ttl", num(1), "w", 20);
        s.set("plain", num(2), "w");
        Map<String, JsonNode> snap = s.snapshot();
        long n = s.transitionCount();
        clock().advanceSeconds(3);
        s.set("ttl", num(3), "w");
        s.setWithTtl("plain", num(4), "w", 0);
        s.restore(snap, n);
        StateStore r = reopen(s);
        assertEquals(snap, r.snapshot());
        assertEquals(List.of(), r.reapExpired(t0.plusSeconds(20).minus(NANO)));
        assertEquals(List.of("ttl"), r.reapExpired(t0.plusSeconds(20)));
        assertEquals(List.of(), r.reapExpired(now().plus(TtlRules.FAR)));
    }

    @Test
    void replaceAllSurvivesReopenWithoutTtls() {
        StateStore s = open();
        s.setWithTtl("a", num(1), "w", 0);
        s.set("b", num(2), "w");
        Map<String, JsonNode> state = new TreeMap<>(Map.of("a", num(5), "c", jsonNull(), "tenant:t:x", num(6)));
        s.replaceAll(state);
        StateStore r = reopen(s);
        assertEquals(state, r.snapshot());
        assertEquals(List.of(), r.reapExpired(now().plus(TtlRules.FAR)), "a TTL cleared by replaceAll came back");
        assertEquals(Optional.of(num(6)), r.scoped("t").get("x"));
    }

    @Test
    void reapSurvivesReopenAndSurvivorsKeepTheirDeadline() {
        StateStore s = open();
        Instant t0 = now();
        s.setWithTtl("survivor", num(1), "w", 100);
        s.setWithTtl("reaped", num(2), "w", 1);
        s.set("plain", num(3), "w");
        clock().advanceSeconds(50);
        assertEquals(List.of("reaped"), s.reapExpired(now()));
        Map<String, JsonNode> after = s.snapshot();
        StateStore r = reopen(s);
        assertEquals(after, r.snapshot(), "a reaped key came back, or a survivor was lost");
        assertEquals(List.of(), r.reapExpired(t0.plusSeconds(100).minus(NANO)));
        assertEquals(List.of("survivor"), r.reapExpired(t0.plusSeconds(100)),
                "a reap (and any rewrite of the journal) must keep a survivor's original timestamp and TTL");
        assertEquals(List.of("plain"), r.keys());
    }

    @Test
    void writesAfterReopenSurviveTheNextReopen() {
        StateStore s = open();
        s.set("a", num(1), "w");
        s.setWithTtl("b", num(2), "w", 0);
        s.reapExpired(now());
        StateStore r = reopen(s);
        r.set("c", num(3), "w");
        r.delete("a", "w");
        r.scoped("t").setWithTtl("d", num(4), "w", 7);
        Map<String, JsonNode> after = r.snapshot();
        StateStore again = reopen(r);
        assertEquals(after, again.snapshot());
        assertEquals(List.of("tenant:t:d"), again.reapExpired(now().plusSeconds(7)));
    }

    @Test
    void rejectedWritesNeverComeBack() {
        StateStore s = open();
        s.set("k", num(1), "w");
        Map<String, JsonNode> before = s.snapshot();
        assertThrows(IllegalArgumentException.class, () -> s.setWithTtl("k", num(2), "w", -1));
        assertThrows(NullPointerException.class, () -> s.set("k", null, "w"));
        assertThrows(IllegalArgumentException.class, () -> s.restore(Map.of("x", num(1)), -1));
        assertEquals(Optional.empty(), s.delete("absent", "w"));
        StateStore r = reopen(s);
        assertEquals(before, r.snapshot());
        assertEquals(List.of(), r.reapExpired(now().plus(TtlRules.FAR)));
    }

    @Test
    void deleteOfAbsentKeyLeavesNoTraceAfterReopen() {
        StateStore s = open();
        s.set("k", num(1), "w");
        assertEquals(Optional.empty(), s.delete("never", "w"));
        assertEquals(Optional.empty(), s.scoped("t").delete("never", "w"));
        StateStore r = reopen(s);
        for (StateTransition t : r.transitions()) {
            assertFalse(t.key().endsWith("never"), "a delete of an absent key was persisted: " + t);
        }
        assertEquals(List.of("k"), r.keys());
    }

    @Test
    void canonicalValuesSurviveReopen() {
        StateStore s = open();
        Map<String, JsonNode> expected = new TreeMap<>();
        int i = 0;
        for (Map.Entry<JsonNode, JsonNode> e : ValueRules.canonicalForms().entrySet()) {
            String key = "v" + i++ + " " + ValueRules.describe(e.getKey());
            s.set(key, e.getKey(), "w");
            expected.put(key, e.getValue());
        }
        s.set("deepest", ValueRules.nested(ValueRules.MAX_DEPTH), "w");
        expected.put("deepest", ValueRules.nested(ValueRules.MAX_DEPTH));
        StateStore r = reopen(s);
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            ValueRules.assertCanonical(e.getValue(), r.get(e.getKey()).orElseThrow(), "'" + e.getKey() + "' after reopen");
        }
        assertEquals(expected, r.snapshot());
        assertTrue(r.get("deepest").orElseThrow().toString().startsWith("[[["), "the deepest value prints after reopen");
    }

    /**
     * Values and keys a journal may find hard to write. The store may refuse one at write time
     * with an {@link IllegalArgumentException}; what it accepts must read back exactly as the live
     * store returned it.
     */
    @Test
    void whatTheStoreAcceptsReadsBackUnchanged() {
        Map<String, JsonNode> candidates = new LinkedHashMap<>();
        candidates.put("long", Json.NODES.numberNode(1L));
        candidates.put("bigLong", Json.NODES.numberNode(Long.MAX_VALUE));
        candidates.put("bigInteger", Json.NODES.numberNode(new BigInteger("123456789012345678901234567890")));
        candidates.put("bigDecimal", Json.NODES.numberNode(new BigDecimal("1.10")));
        candidates.put("hugeDecimal", Json.NODES.numberNode(new BigDecimal("1e400")));
        candidates.put("float", Json.NODES.numberNode(0.1f));
        candidates.put("double", Json.NODES.numberNode(0.1));
        candidates.put("negativeZero", Json.NODES.numberNode(-0.0));
        candidates.put("nan", Json.NODES.numberNode(Double.NaN));
        candidates.put("infinity", Json.NODES.numberNode(Double.POSITIVE_INFINITY));
        candidates.put("binary", Json.NODES.binaryNode(new byte[] {0, 1, (byte) 0xff}));
        candidates.put("pojo", Json.NODES.pojoNode(new StringBuilder("pojo")));
        candidates.put("controlChars", text("\u0000\u0001\u001f\u007f"));
        candidates.put("loneSurrogate", text("a\ud800b"));
        candidates.put("lineSeparators", text("\u2028\u2029\r\n"));
        candidates.put("", text("empty key"));
        candidates.put("key\nwith\nnewlines", num(1));
        candidates.put("key with lone surrogate \udc00", num(2));
        candidates.put("nested", json("{'a':[{'b':{'c':[[[]]]}}]}"));
        StateStore s = open();
        Map<String, JsonNode> accepted = new TreeMap<>();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : candidates.entrySet()) {
            Map<String, JsonNode> before = s.snapshot();
            long count = s.transitionCount();
            try {
                s.set(e.getKey(), e.getValue(), "w");
                accepted.put(e.getKey(), s.get(e.getKey()).orElseThrow());
            } catch (IllegalArgumentException refusal) {
                refused.add(e.getKey());
                assertEquals(before, s.snapshot(), "refusing key '" + e.getKey() + "' changed the state");
                assertEquals(count, s.transitionCount(), "refusing key '" + e.getKey() + "' changed the log");
            }
        }
        assertEquals(accepted, s.snapshot());
        StateStore r = reopen(s);
        assertEquals(accepted, r.snapshot(), "accepted values or keys read back differently (refused: " + refused + ")");
        for (Map.Entry<String, JsonNode> e : accepted.entrySet()) {
            assertEquals(Optional.of(e.getValue()), r.get(e.getKey()), "key '" + e.getKey() + "'");
        }
    }
}
