package dev.statestore.tck;

import static dev.statestore.tck.Json.json;
import static dev.statestore.tck.Json.jsonNull;
import static dev.statestore.tck.Json.num;
import static dev.statestore.tck.Json.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Returns the rules of get, set, delete, exists and keys (rows get/set/delete/keys of the design). */
@Hint("the single-key paths of the store: the copy in and out of values, the map of live keys, and the transition each write records.")
abstract class CrudRules extends Rules {

    CrudRules(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void newStoreIsEmpty() {
        StateStore s = open();
        assertEquals(List.of(), s.keys());
        assertEquals(Map.of(), s.snapshot());
        assertEquals(0, s.transitionCount());
        assertEquals(List.of(), s.transitions());
    }

    @Test
    void getOfAbsentKeyIsEmpty() {
        StateStore s = open();
        s.set("present", num(1), "w");
        assertEquals(Optional.empty(), s.get("absent"));
        assertEquals(Optional.empty(), s.getValue("absent"));
        assertFalse(s.exists("absent"));
        assertFalse(s.keyExists("absent"));
    }

    @Test
    void getOrReturnsTheDefaultItselfWhenAbsent() {
        StateStore s = open();
        JsonNode fallback = json("{'fallback':true}");
        assertSame(fallback, s.getOr("absent", fallback));
        s.set("k", num(7), "w");
        assertEquals(num(7), s.getOr("k", fallback));
    }

    @Test
    void setThenGetReturnsAnEqualValueOfEveryJsonKind() {
        StateStore s = open();
        Map<String, JsonNode> values = new TreeMap<>();
        values.put("object", json("{'a':{'b':[1,2,{'c':'d'}]},'e':null,'f':true}"));
        values.put("array", json("[1,'two',[3],{'four':4},null,false]"));
        values.put("string", text("h\u00e9llo \"w\u00f6rld\"\n\t\u2603"));
        values.put("int", num(-42));
        values.put("fraction", json("1.5"));
        values.put("bool", json("false"));
        values.put("null", jsonNull());
        values.put("emptyObject", json("{}"));
        values.put("emptyArray", json("[]"));
        values.put("emptyString", text(""));
        values.forEach((k, v) -> s.set(k, v, "w"));
        values.forEach((k, v) -> {
            assertEquals(Optional.of(v), s.get(k), k);
            assertEquals(Optional.of(v), s.getValue(k), k);
            assertEquals(v, s.getOr(k, text("default")), k);
            assertTrue(s.exists(k), k);
            assertTrue(s.keyExists(k), k);
        });
        assertEquals(values, s.snapshot());
    }

    @Test
    void setRecordsOldNewActionTimestampAndNoTtl() {
        StateStore s = open();
        clock().advanceSeconds(3);
        Instant first = now();
        StateTransition t1 = s.set("k", json("{'v':1}"), "writer-1");
        assertTransition(t1, "k", null, json("{'v':1}"), "writer-1", first, null);
        clock().advanceSeconds(5);
        Instant second = now();
        StateTransition t2 = s.set("k", json("{'v':2}"), "writer-2");
        assertTransition(t2, "k", json("{'v':1}"), json("{'v':2}"), "writer-2", second, null);
        assertEquals(List.of(t1, t2), s.transitions());
    }

    @Test
    void timestampComesFromTheStoreClock() {
        StateStore s = open();
        Instant a = now();
        StateTransition t1 = s.set("a", num(1), "w");
        Instant b = clock().advanceSeconds(3600);
        StateTransition t2 = s.setWithTtl("b", num(2), "w", 10);
        Instant c = clock().advance(NANO);
        StateTransition t3 = s.delete("a", "w").orElseThrow();
        assertEquals(List.of(a, b, c), List.of(t1.timestamp(), t2.timestamp(), t3.timestamp()));
    }

    @Test
    void setReturnsTheTransitionItLogged() {
        StateStore s = open();
        StateTransition t = s.set("k", num(1), "w");
        assertEquals(1, s.transitionCount());
        assertEquals(List.of(t), s.transitions());
        StateTransition u = s.setWithTtl("k", num(2), "w", 5);
        assertEquals(List.of(t, u), s.transitions());
    }

    @Test
    void getReturnsDeepCopy() {
        StateStore s = open();
        JsonNode original = json("{'top':1,'nested':{'deep':[1,2]}}");
        s.set("k", original.deepCopy(), "w");
        ObjectNode got = (ObjectNode) s.get("k").orElseThrow();
        ((ArrayNode) got.get("nested").get("deep")).add(3);
        ((ObjectNode) got.get("nested")).put("added", true);
        got.put("top", 99);
        got.remove("nested");
        assertEquals(Optional.of(original), s.get("k"), "mutating what get returned changed the store");
        assertEquals(original, s.snapshot().get("k"));
        assertEquals(Optional.of(original), s.transitions().get(0).newValue());
    }

    @Test
    void getValueReturnsDeepCopy() {
        StateStore s = open();
        JsonNode original = json("[{'a':[1]}]");
        s.set("k", original.deepCopy(), "w");
        ArrayNode got = (ArrayNode) s.getValue("k").orElseThrow();
        ((ArrayNode) got.get(0).get("a")).add(2);
        got.add(3);
        assertEquals(Optional.of(original), s.getValue("k"), "mutating what getValue returned changed the store");
    }

    @Test
    void getOrReturnsDeepCopy() {
        StateStore s = open();
        JsonNode original = json("{'a':{'b':1}}");
        s.set("k", original.deepCopy(), "w");
        ObjectNode got = (ObjectNode) s.getOr("k", null);
        ((ObjectNode) got.get("a")).put("b", 2);
        got.put("c", 3);
        assertEquals(Optional.of(original), s.get("k"), "mutating what getOr returned changed the store");
    }

    @Test
    void setCopiesTheValueIn() {
        StateStore s = open();
        ObjectNode value = (ObjectNode) json("{'a':{'b':[1]}}");
        JsonNode original = value.deepCopy();
        StateTransition t = s.set("k", value, "w");
        ((ArrayNode) value.get("a").get("b")).add(2);
        value.put("c", 3);
        assertEquals(Optional.of(original), s.get("k"), "mutating the node passed to set changed the store");
        assertEquals(Optional.of(original), t.newValue());
        assertEquals(Optional.of(original), s.transitions().get(0).newValue(),
                "mutating the node passed to set changed the log");
    }

    @Test
    void jsonNullIsAValueNotADelete() {
        StateStore s = open();
        StateTransition set = s.set("k", jsonNull(), "w");
        assertTransition(set, "k", null, jsonNull(), "w", now(), null);
        assertFalse(set.isDelete());
        assertEquals(Optional.of(jsonNull()), s.get("k"));
        assertEquals(jsonNull(), s.getOr("k", text("default")));
        assertTrue(s.exists("k"));
        assertEquals(List.of("k"), s.keys());
        assertTrue(s.snapshot().containsKey("k"));
        assertEquals(jsonNull(), s.snapshot().get("k"));
        StateTransition over = s.set("k", num(1), "w");
        assertEquals(Optional.of(jsonNull()), over.oldValue(), "the old JSON null must be recorded, not 'absent'");
        s.set("k", jsonNull(), "w");
        StateTransition deleted = s.delete("k", "d").orElseThrow(() -> new AssertionError("JSON null counted as absent"));
        assertTransition(deleted, "k", jsonNull(), null, "d", now(), null);
        assertFalse(s.exists("k"));
    }

    @Test
    void deleteOfAbsentKeyRecordsNothing() {
        StateStore s = open();
        s.set("other", num(1), "w");
        s.set("gone", num(2), "w");
        s.delete("gone", "w");
        Observed before = Observed.of(s);
        assertEquals(Optional.empty(), s.delete("never", "d"));
        assertEquals(Optional.empty(), s.delete("gone", "d"));
        assertEquals(Optional.empty(), s.delete("gone", "d"));
        assertUnchanged(before, s, "deleting absent keys");
    }

    @Test
    void deleteRemovesKeyAndRecordsTransition() {
        StateStore s = open();
        s.set("k", json("{'v':1}"), "w");
        s.set("keep", num(2), "w");
        clock().advanceSeconds(2);
        StateTransition t = s.delete("k", "deleter").orElseThrow();
        assertTransition(t, "k", json("{'v':1}"), null, "deleter", now(), null);
        assertEquals(t, last(s));
        assertEquals(3, s.transitionCount());
        assertEquals(Optional.empty(), s.get("k"));
        assertFalse(s.exists("k"));
        assertEquals(List.of("keep"), s.keys());
        StateTransition again = s.set("k", num(3), "w");
        assertEquals(Optional.empty(), again.oldValue(), "a deleted key must count as absent");
    }

    @Test
    void isUnknownIsFalseForRuntimeState() {
        StateStore s = open();
        s.set("k", num(1), "w");
        assertFalse(s.isUnknown("k"));
        assertFalse(s.isUnknown("absent"));
    }

    @Test
    void keysAreSorted() {
        StateStore s = open();
        List<String> keys = new ArrayList<>(List.of("k10", "k2", "k1", "Zebra", "apple", "Apple", "a:b", "a",
                "tenant:acme:x", "\u00e9t\u00e9", "b", "~", " lead", "k100", "m", "n", "o", "p", "q", "r"));
        Collections.shuffle(keys, new java.util.Random(7));
        for (String k : keys) {
            s.set(k, num(k.length()), "w");
        }
        List<String> sorted = new ArrayList<>(keys);
        Collections.sort(sorted);
        assertNotEquals(sorted, keys, "the test must insert keys out of order");
        assertEquals(sorted, s.keys(), "keys() must be sorted ascending");
        assertEquals(sorted, new ArrayList<>(s.snapshot().keySet()), "snapshot() must iterate in key order");
        s.delete("m", "w");
        sorted.remove("m");
        assertEquals(sorted, s.keys());
    }

    @Test
    void keysReturnsANewList() {
        StateStore s = open();
        s.set("a", num(1), "w");
        List<String> keys = s.keys();
        try {
            keys.add("b");
        } catch (UnsupportedOperationException immutable) {
            // an unmodifiable list is as good
        }
        assertEquals(List.of("a"), s.keys());
        assertFalse(s.exists("b"));
    }

    @Test
    void syncChangesNothing() {
        StateStore s = open();
        s.sync();
        s.set("a", num(1), "w");
        s.setWithTtl("b", num(2), "w", 5);
        Observed before = Observed.of(s);
        s.sync();
        assertUnchanged(before, s, "sync()");
    }
}
