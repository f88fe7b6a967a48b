package dev.statestore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.FloatNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.POJONode;
import tools.jackson.databind.node.ShortNode;
import tools.jackson.databind.node.StringNode;

/**
 * The engine without a journal keeps the same canonical values as a durable store: what a JSON text
 * round trip gives. Nothing of the caller's stays shared with the store.
 */
class CanonicalValuesInMemoryTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void binaryIsKeptAsBase64TextAndChangingTheCallersBytesChangesNothing() {
        byte[] bytes = {0, 1, 2, (byte) 255};
        try (InMemoryStateStore s = new InMemoryStateStore()) {
            StateTransition t = s.set("b", BinaryNode.valueOf(bytes), "w");
            bytes[0] = 42;
            assertEquals(StringNode.valueOf("AAEC/w=="), s.get("b").orElseThrow());
            assertEquals(Optional.of(StringNode.valueOf("AAEC/w==")), t.newValue());
            assertEquals(Optional.of(StringNode.valueOf("AAEC/w==")), s.transitions().get(0).newValue());
            assertEquals(StringNode.valueOf("AAEC/w=="), s.snapshot().get("b"));
        }
    }

    @Test
    void binaryInRestoreAndReplaceAllIsCopiedToo() {
        byte[] bytes = {7, 7, 7};
        try (InMemoryStateStore s = new InMemoryStateStore()) {
            s.replaceAll(Map.of("r", BinaryNode.valueOf(bytes)));
            s.restore(Map.of("s", JSON.arrayNode().add(BinaryNode.valueOf(bytes))), 0);
            bytes[0] = 0;
            assertEquals(JSON.arrayNode().add("BwcH"), s.get("s").orElseThrow());
        }
    }

    @Test
    void numbersAreKeptInTheNodeAJsonReaderGives() {
        Map<JsonNode, JsonNode> cases = Map.of(
                LongNode.valueOf(1), IntNode.valueOf(1),
                ShortNode.valueOf((short) 5), IntNode.valueOf(5),
                BigIntegerNode.valueOf(BigInteger.valueOf(Long.MAX_VALUE)), LongNode.valueOf(Long.MAX_VALUE),
                FloatNode.valueOf(1.1f), DoubleNode.valueOf(1.1),
                DecimalNode.valueOf(new BigDecimal("1.50")), DoubleNode.valueOf(1.5),
                DecimalNode.valueOf(new BigDecimal("0.1000000000000000000001")),
                DecimalNode.valueOf(new BigDecimal("0.1000000000000000000001")));
        try (InMemoryStateStore s = new InMemoryStateStore()) {
            cases.forEach((given, kept) -> {
                s.set("n", given, "w");
                JsonNode read = s.get("n").orElseThrow();
                assertEquals(kept, read, "set(" + given.getClass().getSimpleName() + " " + given + ")");
                assertEquals(kept.getClass(), read.getClass(), "set(" + given.getClass().getSimpleName() + ")");
            });
        }
    }

    @Test
    void valuesNoBackendCouldKeepAreRefusedAndChangeNothing() {
        List<JsonNode> refused = List.of(DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(Double.NEGATIVE_INFINITY),
                FloatNode.valueOf(Float.POSITIVE_INFINITY), new POJONode(new Object()), StringNode.valueOf("a\uD800"),
                JSON.objectNode().put("k\uDC00", 1));
        try (InMemoryStateStore s = new InMemoryStateStore()) {
            s.set("k", IntNode.valueOf(1), "w");
            for (JsonNode bad : refused) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set("k", bad, "w"),
                        bad.getClass().getSimpleName());
                assertTrue(e.getMessage().contains("'k'"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> s.set("k\uD800", IntNode.valueOf(2), "w"));
            assertThrows(IllegalArgumentException.class, () -> s.set("k", IntNode.valueOf(2), "w\uDBFF"));
            assertThrows(IllegalArgumentException.class, () -> s.delete("k", "w\uDBFF"));
            assertEquals(IntNode.valueOf(1), s.get("k").orElseThrow());
            assertEquals(1, s.transitionCount());
        }
    }

    static JsonNode nested(int levels) {
        JsonNode node = IntNode.valueOf(1);
        for (int i = 0; i < levels; i++) {
            node = JSON.arrayNode().add(node);
        }
        return node;
    }

    @Test
    void valuesNestedAtTheLimitArePrintableAndOneLevelDeeperAreRefused() {
        try (InMemoryStateStore s = new InMemoryStateStore()) {
            StateTransition t = s.set("deepest", nested(500), "w");
            assertEquals(nested(500), s.get("deepest").orElseThrow());
            assertTrue(t.toString().contains("deepest"));
            assertTrue(s.get("deepest").orElseThrow().toString().startsWith("[[["));
            assertTrue(s.snapshot().toString().startsWith("{deepest=[[["));
            assertTrue(s.transitions().toString().contains("key=deepest, version=1, oldValue=null, newValue=[[["));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.set("tooDeep", nested(501), "w"));
            assertTrue(e.getMessage().contains("'tooDeep'") && e.getMessage().contains("nesting deeper than 500"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.replaceAll(Map.of("tooDeep", nested(501))));
            assertEquals(List.of("deepest"), s.keys());
            assertEquals(1, s.transitionCount());
        }
    }
}
