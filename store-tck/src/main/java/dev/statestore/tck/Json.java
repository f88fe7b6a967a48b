package dev.statestore.tck;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON values of the kit's tests. Values are built the way a JSON reader builds them
 * (small integers as int nodes, fractions as doubles), so that a durable store that keeps values in
 * the form it reads back holds exactly the node a test wrote.
 */
final class Json {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private Json() {
    }

    /** Returns the value of JSON {@code text}; single quotes are allowed to keep tests readable. */
    static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    static JsonNode num(int value) {
        return NODES.numberNode(value);
    }

    static JsonNode text(String value) {
        return NODES.stringNode(value);
    }

    static JsonNode jsonNull() {
        return NODES.nullNode();
    }
}
