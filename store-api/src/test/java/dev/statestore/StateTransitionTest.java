package dev.statestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class StateTransitionTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void factoryCopiesValuesAndAccessorsReturnCopies() {
        ObjectNode value = JSON.objectNode().put("a", 1);
        StateTransition t = StateTransition.ofSet("k", null, value, "act", T0, OptionalLong.empty());
        value.put("a", 2);
        assertEquals(1, t.newValue().orElseThrow().get("a").asInt());
        ObjectNode read = (ObjectNode) t.newValue().orElseThrow();
        read.put("a", 3);
        assertEquals(1, t.newValue().orElseThrow().get("a").asInt());
        assertNotSame(t.newValue().orElseThrow(), t.newValue().orElseThrow());
    }

    @Test
    void jsonNullIsAValueNotADelete() {
        StateTransition t = StateTransition.ofSet("k", null, JSON.nullNode(), "act", T0, OptionalLong.empty());
        assertFalse(t.isDelete());
        assertTrue(t.newValue().orElseThrow().isNull());
        assertTrue(StateTransition.ofDelete("k", JSON.nullNode(), "act", T0).isDelete());
    }

    @Test
    void expiryIsTimestampPlusTtlAndClampsInsteadOfOverflowing() {
        assertEquals(Optional.of(T0.plusSeconds(5)),
                StateTransition.ofSet("k", null, JSON.numberNode(1), "a", T0, OptionalLong.of(5)).expiresAt());
        assertEquals(Optional.of(T0),
                StateTransition.ofSet("k", null, JSON.numberNode(1), "a", T0, OptionalLong.of(0)).expiresAt());
        assertEquals(Optional.of(Instant.MAX),
                StateTransition.ofSet("k", null, JSON.numberNode(1), "a", T0, OptionalLong.of(Long.MAX_VALUE)).expiresAt());
        assertEquals(Optional.empty(),
                StateTransition.ofSet("k", null, JSON.numberNode(1), "a", T0, OptionalLong.empty()).expiresAt());
    }

    @Test
    void negativeTtlAndTtlOnDeleteAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> StateTransition.ofSet("k", null, JSON.numberNode(1), "a", T0, OptionalLong.of(-1)));
        assertThrows(IllegalArgumentException.class, () -> StateTransition.of("k", Optional.of(JSON.numberNode(1)),
                Optional.empty(), "a", T0, OptionalLong.of(3)));
    }

    @Test
    void equalTransitionsAreEqual() {
        JsonNode v = JSON.objectNode().put("x", "y");
        assertEquals(StateTransition.ofSet("k", null, v, "a", T0, OptionalLong.of(1)),
                StateTransition.ofSet("k", null, v.deepCopy(), "a", T0, OptionalLong.of(1)));
    }

    @Test
    void toStringNeverThrowsEvenForAValueNoJsonWriterAccepts() {
        JsonNode deep = JSON.numberNode(1);
        for (int i = 0; i < 600; i++) {
            deep = JSON.arrayNode().add(deep);
        }
        StateTransition t = StateTransition.ofSet("k", JSON.numberNode(Double.NaN), deep, "a", T0, OptionalLong.empty());
        String text = t.toString();
        assertTrue(text.startsWith("StateTransition[") && text.contains("key=k"), text);
        assertTrue(text.contains("actionId=a"), text);
    }
}
