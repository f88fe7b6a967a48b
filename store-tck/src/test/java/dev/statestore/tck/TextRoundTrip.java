package dev.statestore.tck;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference store's value rule, written apart from the backends' own: refuse
 * what has no faithful JSON text (NaN, infinities, nodes that are not JSON data, unpaired
 * surrogates), write the rest as JSON text with Jackson (whose write limit refuses over-deep
 * nesting) and read it back twice, once with fractions as doubles and once as decimals, keeping
 * the double wherever it has the decimal's exact value. Stateless after construction; thread-safe.
 */
final class TextRoundTrip {

    private final int maxDepth;
    private final JsonMapper doubles;
    private final JsonMapper decimals;

    /**
     * Creates the rule.
     *
     * @param maxDepth the deepest nesting it accepts
     */
    TextRoundTrip(int maxDepth) {
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(maxDepth).build())
                .build();
        this.doubles = JsonMapper.builder(factory).build();
        this.decimals = JsonMapper.builder(factory).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    }

    /** Returns the value as the round trip gives it, or refuses it naming the key. */
    JsonNode copy(String key, JsonNode value) {
        checkText("key '" + key + "'", key);
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("value of key '" + key + "' " + problem);
        }
        String text;
        try {
            text = doubles.writeValueAsString(value);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("value of key '" + key + "' nests deeper than " + maxDepth);
        }
        return merge(doubles.readTree(text), decimals.readTree(text));
    }

    /** Refuses a key or action id with an unpaired surrogate. */
    static void checkText(String what, String text) {
        if (unpaired(text)) {
            throw new IllegalArgumentException(what + " holds an unpaired surrogate");
        }
    }

    private static boolean unpaired(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String problem(JsonNode node) {
        if (node.isPojo() || node.isMissingNode()) {
            return "is not JSON data";
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return "holds " + node.doubleValue();
        }
        if (node.isString() && unpaired(node.stringValue())) {
            return "holds an unpaired surrogate";
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String inner = unpaired(e.getKey()) ? "holds an unpaired surrogate in a name" : problem(e.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                String inner = problem(element);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** Returns {@code asDouble} with each double replaced by {@code asDecimal}'s node where it lost digits. */
    private static JsonNode merge(JsonNode asDouble, JsonNode asDecimal) {
        if (asDouble.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : asDouble.properties()) {
                o.set(e.getKey(), merge(e.getValue(), asDecimal.get(e.getKey())));
            }
            return o;
        }
        if (asDouble.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            Iterator<JsonNode> decimals = asDecimal.iterator();
            for (JsonNode element : asDouble) {
                a.add(merge(element, decimals.next()));
            }
            return a;
        }
        if (asDouble instanceof DoubleNode && asDecimal.isBigDecimal()) {
            double d = asDouble.doubleValue();
            BigDecimal exact = asDecimal.decimalValue();
            boolean same = Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0;
            return same ? asDouble : asDecimal;
        }
        return asDouble;
    }

    /** Returns {@code node} with every int widened to a long: what a backend that reads integers carelessly returns. */
    static JsonNode widenIntegers(JsonNode node) {
        if (node instanceof IntNode) {
            return LongNode.valueOf(node.longValue());
        }
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> o.set(e.getKey(), widenIntegers(e.getValue())));
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> a.add(widenIntegers(e)));
            return a;
        }
        return node;
    }
}
