package dev.statestore.jsonl.internal;

import dev.statestore.internal.CanonicalText;
import dev.statestore.internal.CanonicalValues;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ShortNode;
import tools.jackson.databind.node.StringNode;

/**
 * The journal's copy of values, in the exact form it reads them back in: the shared canonical form of
 * {@link CanonicalValues}, which every backend keeps, plus the journal's own bound on the size of
 * one value's encoding ({@link LineFormat#MAX_VALUE_BYTES}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Values {

    private Values() {
    }

    /**
     * Returns the canonical copy of {@code value} for {@code key}, as the journal reads it back.
     *
     * @param key the full key
     * @param value the value
     * @return a copy whose containers nobody else holds (value nodes are immutable and shared)
     * @throws IllegalArgumentException naming the key, the place and the reason if the key or the
     *     value cannot be stored
     */
    public static JsonNode writableCopy(String key, JsonNode value) {
        JsonNode copy = CanonicalValues.copy(key, value);
        long bytes = encodedSizeBound(value);
        if (bytes > LineFormat.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value of key '" + CanonicalText.printable(key)
                    + "' cannot be stored in the journal: its encoding could take " + bytes
                    + " bytes, more than the limit of " + LineFormat.MAX_VALUE_BYTES);
        }
        return copy;
    }

    /** Returns an upper bound of the bytes {@code node} (a value the canonical copy accepted) encodes to. */
    private static long encodedSizeBound(JsonNode node) {
        if (node instanceof ObjectNode) {
            long bytes = 2;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                bytes += LineEncoder.jsonStringBytes(e.getKey()) + 2 + encodedSizeBound(e.getValue());
            }
            return bytes;
        }
        if (node instanceof ArrayNode) {
            long bytes = 2;
            for (int i = 0; i < node.size(); i++) {
                bytes += encodedSizeBound(node.get(i)) + 1;
            }
            return bytes;
        }
        if (node instanceof StringNode) {
            return LineEncoder.jsonStringBytes(node.stringValue());
        }
        if (node instanceof IntNode) {
            return 11;
        }
        if (node instanceof ShortNode) {
            return 6;
        }
        if (node instanceof LongNode) {
            return 20;
        }
        if (node instanceof BigIntegerNode) {
            return node.bigIntegerValue().bitLength() / 3 + 2;
        }
        if (node instanceof DecimalNode) {
            return node.decimalValue().toString().length();
        }
        if (node instanceof BinaryNode) {
            return 4L * ((node.binaryValue().length + 2) / 3) + 2;
        }
        if (node instanceof NullNode || node instanceof BooleanNode) {
            return 5;
        }
        return 24; // doubles and floats
    }
}
