package dev.statestore.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The shared value rule's limits, and what they guarantee to every JSON writer and reader. */
class CanonicalValuesTest {

    static JsonNode nested(int levels) {
        JsonNode node = IntNode.valueOf(1);
        for (int i = 0; i < levels; i++) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            a.add(node);
            node = a;
        }
        return node;
    }

    @Test
    void limitsAreJacksonsDefaultReadAndWriteConstraints() {
        StreamReadConstraints read = StreamReadConstraints.defaults();
        StreamWriteConstraints write = StreamWriteConstraints.defaults();
        assertEquals(read.getMaxNestingDepth(), CanonicalValues.MAX_DEPTH);
        assertEquals(write.getMaxNestingDepth(), CanonicalValues.MAX_DEPTH);
        assertEquals(read.getMaxStringLength(), CanonicalValues.MAX_STRING_LENGTH);
        assertEquals(read.getMaxNameLength(), CanonicalValues.MAX_NAME_LENGTH);
        assertEquals(read.getMaxNumberLength(), CanonicalValues.MAX_NUMBER_LENGTH);
    }

    @Test
    void valueNestedAtTheLimitIsAcceptedAndEveryDefaultWriterAndReaderHandlesIt() {
        JsonNode deepest = CanonicalValues.copy("k", nested(CanonicalValues.MAX_DEPTH));
        ObjectNode deepestObject = JsonNodeFactory.instance.objectNode();
        deepestObject.set("a", nested(CanonicalValues.MAX_DEPTH - 1));
        CanonicalValues.copy("k", deepestObject);
        String text = assertDoesNotThrow(deepest::toString);
        JsonMapper mapper = JsonMapper.builder().build();
        assertEquals(text, mapper.writeValueAsString(deepest));
        assertEquals(deepest, mapper.readTree(text));
    }

    @Test
    void valueNestedOneLevelOverTheLimitIsRefusedNamingKeyAndLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CanonicalValues.copy("deep", nested(CanonicalValues.MAX_DEPTH + 1)));
        assertTrue(e.getMessage().contains("'deep'") && e.getMessage().contains("nesting deeper than "
                + CanonicalValues.MAX_DEPTH), e.getMessage());
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("a", nested(CanonicalValues.MAX_DEPTH));
        assertThrows(IllegalArgumentException.class, () -> CanonicalValues.copy("deep", o));
    }
}
