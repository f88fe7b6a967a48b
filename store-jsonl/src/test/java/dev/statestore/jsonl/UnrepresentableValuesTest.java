package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import dev.statestore.internal.CanonicalValues;
import dev.statestore.jsonl.internal.LineFormat;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.FloatNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;
import tools.jackson.databind.node.ShortNode;
import tools.jackson.databind.node.StringNode;

/** Values the journal could not read back exactly are refused at set time; the rest read back equal. */
class UnrepresentableValuesTest {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    Path journal() {
        return dir.resolve("v.jsonl");
    }

    /** Sets each value, checks the live copy, reopens, checks the replayed one is equal. */
    void assertRoundTrip(Map<String, JsonNode> values, Map<String, JsonNode> expectedLive) {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            values.forEach((k, v) -> s.set(k, v, "w"));
            expectedLive.forEach((k, v) -> assertEquals(v, s.get(k).orElseThrow(), k));
            expectedLive.forEach((k, v) -> assertEquals(v.getClass(), s.get(k).orElseThrow().getClass(), k));
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertTrue(s.replayReport().clean());
            expectedLive.forEach((k, v) -> assertEquals(v, s.get(k).orElseThrow(), k));
            expectedLive.forEach((k, v) -> assertEquals(v.getClass(), s.get(k).orElseThrow().getClass(), k));
        }
    }

    @Test
    void numbersReadBackInTheirCanonicalNode() {
        BigInteger huge = new BigInteger("123456789012345678901234567890");
        assertRoundTrip(
                Map.ofEntries(
                        Map.entry("short", ShortNode.valueOf((short) 5)),
                        Map.entry("smallLong", LongNode.valueOf(5)),
                        Map.entry("bigLong", LongNode.valueOf(1L << 40)),
                        Map.entry("minLong", LongNode.valueOf(Long.MIN_VALUE)),
                        Map.entry("smallBigInteger", BigIntegerNode.valueOf(BigInteger.valueOf(-7))),
                        Map.entry("longBigInteger", BigIntegerNode.valueOf(BigInteger.valueOf(Long.MAX_VALUE))),
                        Map.entry("hugeBigInteger", BigIntegerNode.valueOf(huge)),
                        Map.entry("float", FloatNode.valueOf(1.1f)),
                        Map.entry("double", DoubleNode.valueOf(0.1)),
                        Map.entry("negativeZero", DoubleNode.valueOf(-0.0)),
                        Map.entry("tinyDouble", DoubleNode.valueOf(Double.MIN_VALUE)),
                        Map.entry("maxDouble", DoubleNode.valueOf(Double.MAX_VALUE)),
                        Map.entry("wholeDouble", DoubleNode.valueOf(1e10)),
                        Map.entry("decimalLikeDouble", DecimalNode.valueOf(new BigDecimal("1.50"))),
                        Map.entry("preciseDecimal", DecimalNode.valueOf(new BigDecimal("0.1000000000000000000001"))),
                        Map.entry("hugeDecimal", DecimalNode.valueOf(new BigDecimal("1E+400"))),
                        Map.entry("integralDecimal", DecimalNode.valueOf(new BigDecimal("100"))),
                        Map.entry("binary", BinaryNode.valueOf(new byte[] {0, 1, 2, (byte) 255}))),
                Map.ofEntries(
                        Map.entry("short", IntNode.valueOf(5)),
                        Map.entry("smallLong", IntNode.valueOf(5)),
                        Map.entry("bigLong", LongNode.valueOf(1L << 40)),
                        Map.entry("minLong", LongNode.valueOf(Long.MIN_VALUE)),
                        Map.entry("smallBigInteger", IntNode.valueOf(-7)),
                        Map.entry("longBigInteger", LongNode.valueOf(Long.MAX_VALUE)),
                        Map.entry("hugeBigInteger", BigIntegerNode.valueOf(huge)),
                        Map.entry("float", DoubleNode.valueOf(1.1)),
                        Map.entry("double", DoubleNode.valueOf(0.1)),
                        Map.entry("negativeZero", DoubleNode.valueOf(-0.0)),
                        Map.entry("tinyDouble", DoubleNode.valueOf(Double.MIN_VALUE)),
                        Map.entry("maxDouble", DoubleNode.valueOf(Double.MAX_VALUE)),
                        Map.entry("wholeDouble", DoubleNode.valueOf(1e10)),
                        Map.entry("decimalLikeDouble", DoubleNode.valueOf(1.5)),
                        Map.entry("preciseDecimal", DecimalNode.valueOf(new BigDecimal("0.1000000000000000000001"))),
                        Map.entry("hugeDecimal", DecimalNode.valueOf(new BigDecimal("1E+400"))),
                        Map.entry("integralDecimal", IntNode.valueOf(100)),
                        Map.entry("binary", StringNode.valueOf("AAEC/w=="))));
    }

    @Test
    void nestedNumbersAreCanonicalToo() {
        ObjectNode o = NODES.objectNode();
        o.set("f", FloatNode.valueOf(2.5f));
        o.set("a", NODES.arrayNode().add(LongNode.valueOf(3)).add(ShortNode.valueOf((short) 4)));
        ObjectNode expected = NODES.objectNode();
        expected.put("f", 2.5d);
        expected.set("a", NODES.arrayNode().add(3).add(4));
        assertRoundTrip(Map.of("o", o), Map.of("o", expected));
    }

    @Test
    void nonFiniteNumbersAreRefusedAtSetTime() {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            for (JsonNode bad : List.of(DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(Double.POSITIVE_INFINITY),
                    FloatNode.valueOf(Float.NEGATIVE_INFINITY))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set("n", bad, "w"));
                assertTrue(e.getMessage().contains("'n'"), e.getMessage());
            }
            ObjectNode nested = NODES.objectNode();
            nested.set("inner", NODES.arrayNode().add(1).add(Double.NaN));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set("deep", nested, "w"));
            assertTrue(e.getMessage().contains("/inner/1"), e.getMessage());
            assertEquals(0, s.transitionCount());
            assertEquals(List.of(), s.keys());
        }
        assertEquals(0, JsonlStateStoreTest.readLines(journal()).size());
    }

    static JsonNode nested(int levels) {
        JsonNode node = IntNode.valueOf(1);
        for (int i = 0; i < levels; i++) {
            ArrayNode a = NODES.arrayNode();
            a.add(node);
            node = a;
        }
        return node;
    }

    @Test
    void nestingUpToTheStoreLimitIsKeptPrintedAndReplayedAndDeeperIsRefused() {
        assertEquals(CanonicalValues.MAX_DEPTH + 1, LineFormat.FACTORY.streamReadConstraints().getMaxNestingDepth());
        assertEquals(CanonicalValues.MAX_DEPTH + 1, LineFormat.FACTORY.streamWriteConstraints().getMaxNestingDepth());
        JsonNode deepest = nested(CanonicalValues.MAX_DEPTH);
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            StateTransition t = s.set("deepest", deepest, "w");
            assertPrintable(s, t);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.set("tooDeep", nested(CanonicalValues.MAX_DEPTH + 1), "w"));
            assertTrue(e.getMessage().contains("'tooDeep'") && e.getMessage().contains("nesting"), e.getMessage());
            assertEquals(List.of("deepest"), s.keys());
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
            assertEquals(deepest, s.get("deepest").orElseThrow());
            assertPrintable(s, s.transitions().get(0));
            // as the old value of a later write, the deepest value must still be writable
            StateTransition t = s.set("deepest", IntNode.valueOf(2), "w2");
            assertPrintable(s, t);
            s.compact();
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
            assertEquals(IntNode.valueOf(2), s.get("deepest").orElseThrow());
        }
    }

    /** Asserts that the store's values and transitions print: toString of each never throws. */
    static void assertPrintable(JsonlStateStore s, StateTransition t) {
        assertTrue(t.toString().startsWith("StateTransition[") && t.toString().contains("key=" + t.key()));
        assertTrue(!t.newValue().orElseThrow().toString().isEmpty());
        assertTrue(!t.oldValue().map(JsonNode::toString).orElse("absent").isEmpty());
        assertTrue(s.snapshot().toString().startsWith("{"));
        assertTrue(s.transitions().toString().startsWith("["));
        s.keys().forEach(k -> assertTrue(!s.get(k).orElseThrow().toString().isEmpty()));
    }

    @Test
    void unpairedSurrogatesAreRefusedInKeysValuesNamesAndActionIds() {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertThrows(IllegalArgumentException.class, () -> s.set("k\uD800", IntNode.valueOf(1), "w"));
            assertThrows(IllegalArgumentException.class, () -> s.set("k", StringNode.valueOf("x\uDC00y"), "w"));
            assertThrows(IllegalArgumentException.class, () -> s.set("k", StringNode.valueOf("end\uD83D"), "w"));
            ObjectNode o = NODES.objectNode();
            o.put("name\uDFFF", 1);
            assertThrows(IllegalArgumentException.class, () -> s.set("k", o, "w"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.set("k", IntNode.valueOf(1), "act\uD800"));
            assertTrue(e.getMessage().contains("action id"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.replaceAll(Map.of("bad\uDBFF", IntNode.valueOf(1))));
            assertEquals(0, s.transitionCount());
            s.set("ok", StringNode.valueOf("pair \uD83D\uDE00 fine"), "w \uD83D\uDE00");
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertEquals(List.of("ok"), s.keys());
            assertEquals(StringNode.valueOf("pair \uD83D\uDE00 fine"), s.get("ok").orElseThrow());
        }
    }

    @Test
    void propertyNamesUpToTheParserLimitAreKeptAndLongerAreRefused() {
        assertEquals(LineFormat.MAX_NAME_LENGTH, LineFormat.FACTORY.streamReadConstraints().getMaxNameLength());
        ObjectNode ok = NODES.objectNode();
        ok.put("n".repeat(LineFormat.MAX_NAME_LENGTH), 1);
        ObjectNode tooLong = NODES.objectNode();
        tooLong.put("n".repeat(LineFormat.MAX_NAME_LENGTH + 1), 1);
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("ok", ok, "w");
            assertThrows(IllegalArgumentException.class, () -> s.set("long", tooLong, "w"));
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
            assertEquals(ok, s.get("ok").orElseThrow());
        }
    }

    @Test
    void numbersUpToTheParserLimitAreKeptAndLongerAreRefused() {
        assertEquals(LineFormat.MAX_NUMBER_LENGTH, LineFormat.FACTORY.streamReadConstraints().getMaxNumberLength());
        BigInteger longest = new BigInteger("9".repeat(LineFormat.MAX_NUMBER_LENGTH));
        BigInteger tooLong = new BigInteger("9".repeat(LineFormat.MAX_NUMBER_LENGTH + 1));
        BigDecimal longestDecimal = new BigDecimal("0." + "1".repeat(LineFormat.MAX_NUMBER_LENGTH - 2));
        BigDecimal tooLongDecimal = new BigDecimal("0." + "1".repeat(LineFormat.MAX_NUMBER_LENGTH));
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("int", BigIntegerNode.valueOf(longest), "w");
            s.set("dec", DecimalNode.valueOf(longestDecimal), "w");
            assertThrows(IllegalArgumentException.class, () -> s.set("x", BigIntegerNode.valueOf(tooLong), "w"));
            assertThrows(IllegalArgumentException.class, () -> s.set("x", DecimalNode.valueOf(tooLongDecimal), "w"));
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertTrue(s.replayReport().clean(), s.replayReport().toString());
            assertEquals(BigIntegerNode.valueOf(longest), s.get("int").orElseThrow());
            assertEquals(DecimalNode.valueOf(longestDecimal), s.get("dec").orElseThrow());
        }
    }

    @Test
    void stringsLongerThanTheParserLimitAreRefused() {
        StreamReadConstraints c = LineFormat.FACTORY.streamReadConstraints();
        assertEquals(LineFormat.MAX_STRING_LENGTH, c.getMaxStringLength());
        String tooLong = "s".repeat(LineFormat.MAX_STRING_LENGTH + 1);
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.set("big", StringNode.valueOf(tooLong), "w"));
            assertTrue(e.getMessage().contains("'big'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.set(tooLong, IntNode.valueOf(1), "w"));
            assertEquals(0, s.transitionCount());
        }
    }

    @Test
    void nodesThatAreNotJsonDataAreRefused() {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.set("pojo", new POJONode(new Object()), "w"));
            assertTrue(e.getMessage().contains("'pojo'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.set("missing", NODES.missingNode(), "w"));
        }
    }

    @Test
    void refusedWriteChangesNothing() {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("k", IntNode.valueOf(1), "w");
            assertThrows(IllegalArgumentException.class, () -> s.set("k", DoubleNode.valueOf(Double.NaN), "w"));
            assertInstanceOf(IntNode.class, s.get("k").orElseThrow());
            assertEquals(1, s.transitionCount());
        }
        assertEquals(1, JsonlStateStoreTest.readLines(journal()).size());
    }
}
