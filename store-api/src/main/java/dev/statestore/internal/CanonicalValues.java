package dev.statestore.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.FloatNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ShortNode;
import tools.jackson.databind.node.StringNode;

/**
 * The shared rule behind "values read back the same on every backend": the one form every
 * backend keeps values in, and the values that no backend could keep. The form is the one a JSON
 * text round trip gives, so a value read back from a file or a database is {@code equals} to the
 * value the live store holds:
 * <ul>
 *   <li>An integer is an {@link IntNode} when it fits an {@code int}, else a {@link LongNode}
 *       when it fits a {@code long}, else a {@link BigIntegerNode}: {@code LongNode(5)} and
 *       {@code ShortNode(5)} become {@code IntNode(5)}.</li>
 *   <li>A number with a fraction or exponent is a {@link DoubleNode} when its decimal value is
 *       exactly that of {@link Double#toString} of the nearest double (so every finite double,
 *       and {@code 1.5} or {@code 1.50}, reads back as a double), else a {@link DecimalNode} of
 *       its exact text ({@code 0.1000000000000000000001}, {@code 1E+400}). A {@code FloatNode}
 *       is written as {@link Float#toString} and so becomes the {@code DoubleNode} of that text
 *       ({@code 1.1f} becomes {@code 1.1}); a {@code DecimalNode} is written as
 *       {@link BigDecimal#toString} and follows the same rule.</li>
 *   <li>A {@code BinaryNode} is written as a base64 string and becomes that {@link StringNode}.</li>
 * </ul>
 * Refused with an {@link IllegalArgumentException} naming the key and the place in the value:
 * NaN and infinities, nesting deeper than {@link #MAX_DEPTH}, strings, property names or numbers
 * longer than {@link #MAX_STRING_LENGTH}, {@link #MAX_NAME_LENGTH} or {@link #MAX_NUMBER_LENGTH},
 * unpaired UTF-16 surrogates (not Unicode, so no UTF-8 file and no database can hold them), and
 * nodes that are not JSON data ({@code POJONode}, {@code MissingNode}). Keys and action ids
 * follow the rule of strings ({@link CanonicalText}). The limits are Jackson's default read and
 * write constraints, so every value a store accepts can be written and read by any Jackson
 * reader or writer with default settings, {@link JsonNode#toString()} included.
 *
 * <p>For this project's backends only (the package is exported just to them). Stateless and
 * thread-safe.
 */
public final class CanonicalValues {

    /**
     * Deepest nesting of arrays and objects in a value; a bare scalar is 0, {@code [1]} is 1. It is
     * Jackson's default nesting limit for reading and for writing, so {@link JsonNode#toString()} and
     * any default {@code JsonMapper} print and parse every value a store accepts.
     */
    public static final int MAX_DEPTH = 500;
    /** Longest string value, key or action id, in chars. */
    public static final int MAX_STRING_LENGTH = 100_000_000;
    /** Longest object property name, in chars. */
    public static final int MAX_NAME_LENGTH = 50_000;
    /** Longest number, in chars of its JSON text. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CanonicalValues() {
    }

    /**
     * Returns the canonical copy of {@code value} for {@code key}, checking the key too.
     *
     * @param key the full key
     * @param value the value
     * @return a copy whose containers nobody else holds (scalar nodes are immutable and shared)
     * @throws IllegalArgumentException naming the key, the place and the reason if the key or the
     *     value cannot be stored
     */
    public static JsonNode copy(String key, JsonNode value) {
        CanonicalText.checkKey(key);
        try {
            return copy(value, 0);
        } catch (Refusal r) {
            String at = r.path.length() == 0 ? "" : " at " + r.path;
            throw new IllegalArgumentException("value of key '" + CanonicalText.printable(key) + "' cannot be stored" + at + ": "
                    + r.getMessage());
        }
    }

    /**
     * Returns the node that reading the JSON number {@code text} gives by the rule above.
     *
     * @param text a JSON number
     * @return its node
     * @throws NumberFormatException if the text is not a number
     */
    public static JsonNode numberFromText(String text) {
        boolean integral = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                break;
            }
        }
        if (integral) {
            int digits = text.length() - (text.startsWith("-") ? 1 : 0);
            if (digits <= 18) {
                long v = Long.parseLong(text);
                return (int) v == v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
            }
            BigInteger b = new BigInteger(text);
            if (b.bitLength() <= 31) {
                return IntNode.valueOf(b.intValue());
            }
            return b.bitLength() <= 63 ? LongNode.valueOf(b.longValue()) : BigIntegerNode.valueOf(b);
        }
        double d = Double.parseDouble(text);
        if (Double.isFinite(d)) {
            String shortest = Double.toString(d);
            if (shortest.equals(text) || new BigDecimal(shortest).compareTo(new BigDecimal(text)) == 0) {
                return DoubleNode.valueOf(d);
            }
        }
        return DecimalNode.valueOf(new BigDecimal(text));
    }

    /**
     * Returns the base64 text a binary value is kept as.
     *
     * @param bytes the bytes
     * @return standard base64 with padding
     */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A refusal travelling up the recursion, collecting the JSON Pointer of where it happened. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final StringBuilder path = new StringBuilder();

        Refusal(String message) {
            super(message, null, false, false);
        }

        Refusal at(String segment) {
            path.insert(0, "/" + segment.replace("~", "~0").replace("/", "~1"));
            return this;
        }
    }

    /** Returns the canonical copy of {@code node}, which sits inside {@code depth} containers. */
    private static JsonNode copy(JsonNode node, int depth) {
        if (node instanceof ObjectNode) {
            checkDepth(depth + 1);
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String name = e.getKey();
                String problem = CanonicalText.nameProblem(name);
                if (problem != null) {
                    throw new Refusal("property name " + problem).at(CanonicalText.printable(name));
                }
                try {
                    copy.set(name, copy(e.getValue(), depth + 1));
                } catch (Refusal r) {
                    throw r.at(name);
                }
            }
            return copy;
        }
        if (node instanceof ArrayNode) {
            checkDepth(depth + 1);
            ArrayNode copy = NODES.arrayNode(node.size());
            for (int i = 0; i < node.size(); i++) {
                try {
                    copy.add(copy(node.get(i), depth + 1));
                } catch (Refusal r) {
                    throw r.at(Integer.toString(i));
                }
            }
            return copy;
        }
        if (node instanceof StringNode) {
            String problem = CanonicalText.textProblem(node.stringValue());
            if (problem != null) {
                throw new Refusal("string " + problem);
            }
            return node;
        }
        if (node instanceof NullNode || node instanceof BooleanNode || node instanceof IntNode) {
            return node;
        }
        return scalar(node);
    }

    /** Returns the canonical form of a number or binary node, or refuses a node that is not JSON data. */
    private static JsonNode scalar(JsonNode node) {
        if (node instanceof ShortNode) {
            return IntNode.valueOf(node.intValue());
        }
        if (node instanceof LongNode) {
            long v = node.longValue();
            return (int) v == v ? IntNode.valueOf((int) v) : node;
        }
        if (node instanceof DoubleNode) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new Refusal("the double " + d + " has no JSON form");
            }
            return node;
        }
        if (node instanceof FloatNode) {
            float f = node.floatValue();
            if (!Float.isFinite(f)) {
                throw new Refusal("the float " + f + " has no JSON form");
            }
            return numberFromText(Float.toString(f));
        }
        if (node instanceof BigIntegerNode) {
            BigInteger b = node.bigIntegerValue();
            if (b.bitLength() <= 31) {
                return IntNode.valueOf(b.intValue());
            }
            if (b.bitLength() <= 63) {
                return LongNode.valueOf(b.longValue());
            }
            int length = b.bitLength() < 3300 ? 0 : b.toString().length();
            if (length > MAX_NUMBER_LENGTH) {
                throw new Refusal("an integer of " + length + " chars is longer than the limit of " + MAX_NUMBER_LENGTH);
            }
            return node;
        }
        if (node instanceof DecimalNode) {
            String text = node.decimalValue().toString();
            if (text.length() > MAX_NUMBER_LENGTH) {
                throw new Refusal("a decimal of " + text.length() + " chars is longer than the limit of "
                        + MAX_NUMBER_LENGTH);
            }
            try {
                return numberFromText(text);
            } catch (NumberFormatException e) {
                throw new Refusal("the decimal " + text + " cannot be read back");
            }
        }
        if (node instanceof BinaryNode) {
            String text = base64(node.binaryValue());
            if (text.length() > MAX_STRING_LENGTH) {
                throw new Refusal("binary data of " + text.length() + " base64 chars is longer than the limit of "
                        + MAX_STRING_LENGTH);
            }
            return StringNode.valueOf(text);
        }
        throw new Refusal("a " + node.getClass().getSimpleName() + " (" + node.getNodeType()
                + ") is not JSON data; convert it to a tree of JSON nodes first");
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Refusal("nesting deeper than " + MAX_DEPTH + " levels exceeds the limit");
        }
    }
}
