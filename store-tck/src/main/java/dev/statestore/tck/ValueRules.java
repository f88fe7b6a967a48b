package dev.statestore.tck;

import static dev.statestore.tck.Json.json;
import static dev.statestore.tck.Json.num;
import static dev.statestore.tck.Json.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules of values (design: "values read back the same on every backend"): what
 * {@code get} returns after {@code set(key, v)} is the canonical form a JSON text round trip gives,
 * the same {@link JsonNode} by {@code equals} on every backend (integers as the smallest of
 * int/long/BigInteger, other numbers as double unless that loses digits, binary as base64 text), and
 * a value no backend could keep (NaN, infinities, a POJO node, an unpaired surrogate, nesting deeper
 * than {@link #MAX_DEPTH}) is refused with an {@link IllegalArgumentException} that names the key and
 * changes nothing. The reopen group checks that the canonical values survive a reopen.
 */
abstract class ValueRules extends Rules {

    /**
     * The deepest nesting of arrays and objects a value may have ({@code [1]} is 1): Jackson's default
     * read and write limit, so that every JSON writer and reader with default settings handles every
     * stored value.
     */
    static final int MAX_DEPTH = 500;

    static final JsonNodeFactory NODES = Json.NODES;

    ValueRules(StoreFixture fixture) {
        super(fixture);
    }

    /** Returns {@code [[…[1]…]]}, {@code levels} arrays deep. */
    static JsonNode nested(int levels) {
        JsonNode node = num(1);
        for (int i = 0; i < levels; i++) {
            ArrayNode a = NODES.arrayNode();
            a.add(node);
            node = a;
        }
        return node;
    }

    /** Given values of every kind that has a canonical form, and that form. */
    static Map<JsonNode, JsonNode> canonicalForms() {
        Map<JsonNode, JsonNode> forms = new LinkedHashMap<>();
        forms.put(NODES.numberNode((short) 5), num(5));
        forms.put(NODES.numberNode(1L), num(1));
        forms.put(NODES.numberNode(-(1L << 31)), num(Integer.MIN_VALUE));
        forms.put(NODES.numberNode(1L << 40), NODES.numberNode(1L << 40));
        forms.put(NODES.numberNode(BigInteger.valueOf(-7)), num(-7));
        forms.put(NODES.numberNode(BigInteger.valueOf(Long.MAX_VALUE)), NODES.numberNode(Long.MAX_VALUE));
        BigInteger huge = new BigInteger("123456789012345678901234567890");
        forms.put(NODES.numberNode(huge), NODES.numberNode(huge));
        forms.put(NODES.numberNode(1.1f), NODES.numberNode(1.1d));
        forms.put(NODES.numberNode(0.1d), NODES.numberNode(0.1d));
        forms.put(NODES.numberNode(-0.0d), NODES.numberNode(-0.0d));
        forms.put(NODES.numberNode(new BigDecimal("1.50")), NODES.numberNode(1.5d));
        forms.put(NODES.numberNode(new BigDecimal("100")), num(100));
        BigDecimal precise = new BigDecimal("0.1000000000000000000001");
        forms.put(NODES.numberNode(precise), NODES.numberNode(precise));
        forms.put(NODES.numberNode(new BigDecimal("1E+400")), NODES.numberNode(new BigDecimal("1E+400")));
        forms.put(NODES.binaryNode(new byte[] {0, 1, 2, (byte) 255}), text("AAEC/w=="));
        return forms;
    }

    static String describe(JsonNode node) {
        return node.getClass().getSimpleName() + " " + node;
    }

    /** Asserts that {@code actual} is {@code expected}, same node class included. */
    static void assertCanonical(JsonNode expected, JsonNode actual, String what) {
        assertEquals(expected, actual, what + ": expected " + describe(expected) + ", got " + describe(actual));
    }

    @Test
    void numbersReadBackAsAJsonTextRoundTripGivesThem() {
        StateStore s = open();
        int i = 0;
        for (Map.Entry<JsonNode, JsonNode> e : canonicalForms().entrySet()) {
            String key = "v" + i++;
            StateTransition t = s.set(key, e.getKey(), "w");
            String what = "set(" + describe(e.getKey()) + ")";
            assertCanonical(e.getValue(), s.get(key).orElseThrow(), what + " then get");
            assertCanonical(e.getValue(), t.newValue().orElseThrow(), what + ", its transition");
        }
    }

    @Test
    void binaryReadsBackAsBase64TextAndLaterChangesToTheBytesChangeNothing() {
        StateStore s = open();
        byte[] bytes = {0, 1, 2, (byte) 255};
        StateTransition t = s.set("b", NODES.binaryNode(bytes), "w");
        bytes[0] = 42;
        assertCanonical(text("AAEC/w=="), s.get("b").orElseThrow(), "get after the caller changed its bytes");
        assertCanonical(text("AAEC/w=="), t.newValue().orElseThrow(), "the transition");
        assertCanonical(text("AAEC/w=="), s.transitions().get(0).newValue().orElseThrow(), "the log");
        assertCanonical(text("AAEC/w=="), s.snapshot().get("b"), "the snapshot");
    }

    @Test
    void nestedValuesTheLogTheSnapshotAndTenantViewsHoldCanonicalValues() {
        StateStore s = open();
        ObjectNode given = NODES.objectNode();
        given.set("f", NODES.numberNode(2.5f));
        given.set("a", NODES.arrayNode().add(NODES.numberNode(3L)).add(NODES.binaryNode(new byte[] {7})));
        JsonNode expected = json("{'f':2.5,'a':[3,'Bw==']}");
        s.set("o", given, "w");
        s.set("o", NODES.numberNode(4L), "w");
        s.scoped("t").set("x", NODES.numberNode(5L), "w");
        assertCanonical(expected, s.transitions().get(1).oldValue().orElseThrow(), "the old value in the log");
        assertCanonical(num(4), s.snapshot().get("o"), "the snapshot");
        assertCanonical(num(5), s.scoped("t").get("x").orElseThrow(), "a tenant's view");
        assertCanonical(num(5), s.get("tenant:t:x").orElseThrow(), "the tenant's key");
    }

    @Test
    void restoreAndReplaceAllKeepCanonicalValues() {
        StateStore s = open();
        s.replaceAll(Map.of("r", NODES.numberNode(1L), "b", NODES.binaryNode(new byte[] {7, 7, 7})));
        assertCanonical(num(1), s.get("r").orElseThrow(), "replaceAll");
        assertCanonical(text("BwcH"), s.get("b").orElseThrow(), "replaceAll");
        s.restore(Map.of("f", NODES.numberNode(1.1f)), 0);
        assertCanonical(NODES.numberNode(1.1d), s.get("f").orElseThrow(), "restore");
    }

    @Test
    void nonFiniteNumbersAreRefusedNamingTheKeyAndChangeNothing() {
        StateStore s = open();
        s.set("k", num(1), "w");
        Observed before = Observed.of(s);
        ObjectNode nested = NODES.objectNode();
        nested.set("inner", NODES.arrayNode().add(1).add(Double.NaN));
        for (JsonNode bad : new JsonNode[] {NODES.numberNode(Double.NaN), NODES.numberNode(Double.POSITIVE_INFINITY),
            NODES.numberNode(Double.NEGATIVE_INFINITY), NODES.numberNode(Float.NaN),
            NODES.numberNode(Float.POSITIVE_INFINITY), nested}) {
            assertRejected(IllegalArgumentException.class, () -> s.set("k", bad, "w"), "'k'");
            assertRejected(IllegalArgumentException.class, () -> s.setWithTtl("n", bad, "w", 5), "'n'");
            assertUnchanged(before, s, "set(" + describe(bad) + ")");
        }
    }

    @Test
    void nodesThatAreNotJsonDataAreRefused() {
        StateStore s = open();
        s.set("k", num(1), "w");
        Observed before = Observed.of(s);
        assertRejected(IllegalArgumentException.class, () -> s.set("k", NODES.pojoNode(new StringBuilder("x")), "w"),
                "'k'");
        assertRejected(IllegalArgumentException.class, () -> s.set("m", NODES.missingNode(), "w"), "'m'");
        ObjectNode holder = NODES.objectNode();
        holder.set("p", NODES.pojoNode(new Object()));
        assertRejected(IllegalArgumentException.class, () -> s.set("h", holder, "w"), "'h'");
        assertUnchanged(before, s, "a value that is not JSON data");
    }

    @Test
    void unpairedSurrogatesAreRefusedInKeysValuesPropertyNamesAndActionIds() {
        StateStore s = open();
        s.set("k", num(1), "w");
        Observed before = Observed.of(s);
        ObjectNode badName = NODES.objectNode();
        badName.put("n\udfff", 1);
        assertRejected(IllegalArgumentException.class, () -> s.set("k\ud800", num(1), "w"), "key");
        assertRejected(IllegalArgumentException.class, () -> s.set("k", text("x\udc00y"), "w"), "'k'");
        assertRejected(IllegalArgumentException.class, () -> s.set("k", text("end\ud83d"), "w"), "'k'");
        assertRejected(IllegalArgumentException.class, () -> s.set("k", badName, "w"), "'k'");
        assertRejected(IllegalArgumentException.class, () -> s.set("k", num(2), "act\ud800"), "action");
        assertRejected(IllegalArgumentException.class, () -> s.delete("k", "act\udbff"), "action");
        assertRejected(IllegalArgumentException.class, () -> s.scoped("t").set("k\udc00", num(1), "w"), "key");
        assertRejected(IllegalArgumentException.class, () -> s.replaceAll(Map.of("bad\udbff", num(1))), "key");
        assertUnchanged(before, s, "an unpaired surrogate");
        s.set("ok \ud83d\ude00", text("pair \ud83d\ude00"), "w \ud83d\ude00");
        assertEquals(Optional.of(text("pair \ud83d\ude00")), s.get("ok \ud83d\ude00"), "a surrogate pair is fine");
    }

    @Test
    void valuesNestedAtTheLimitAreKeptAndPrint() {
        StateStore s = open();
        JsonNode deepest = nested(MAX_DEPTH);
        ObjectNode deepestObject = NODES.objectNode();
        deepestObject.set("a", nested(MAX_DEPTH - 1));
        StateTransition t = s.set("deepest", deepest, "w");
        s.set("object", deepestObject, "w");
        assertEquals(Optional.of(deepest), s.get("deepest"));
        assertEquals(Optional.of(deepestObject), s.get("object"));
        assertTrue(s.get("deepest").orElseThrow().toString().startsWith("[[["), "the value prints");
        assertTrue(t.toString().contains("[[["), "the transition prints its value: " + t.toString().substring(0, 80));
        assertTrue(s.snapshot().toString().contains("deepest=[[["), "the snapshot prints");
        StateTransition u = s.set("deepest", num(1), "w");
        assertTrue(u.toString().contains("oldValue=[[["), "the transition prints its old value");
    }

    @Test
    void valuesNestedDeeperThanTheLimitAreRefusedAndChangeNothing() {
        StateStore s = open();
        s.set("k", num(1), "w");
        Observed before = Observed.of(s);
        ObjectNode deepObject = NODES.objectNode();
        deepObject.set("a", nested(MAX_DEPTH));
        assertRejected(IllegalArgumentException.class, () -> s.set("deep", nested(MAX_DEPTH + 1), "w"), "'deep'");
        assertRejected(IllegalArgumentException.class, () -> s.set("k", deepObject, "w"), "'k'");
        assertRejected(IllegalArgumentException.class, () -> s.replaceAll(Map.of("deep", nested(MAX_DEPTH + 1))),
                "'deep'");
        assertRejected(IllegalArgumentException.class, () -> s.restore(Map.of("deep", deepObject), 0), "'deep'");
        assertUnchanged(before, s, "a value nested deeper than " + MAX_DEPTH);
    }
}
