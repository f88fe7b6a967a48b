package dev.statestore.jsonl.internal;

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
 * Returns values in the exact form the journal reads them back in, and refuses what it could not
 * read back. The rules, applied by both the reader and {@link #writableCopy}, so that a live
 * value and its replayed copy are {@code equals}:
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
 * NaN and infinities, nesting deeper than {@link LineFormat#MAX_DEPTH} (the line's own object
 * counts as one level), strings, property names or numbers longer than the reader's limits,
 * unpaired UTF-16 surrogates (invalid UTF-8, unreadable by car-state), values whose encoding
 * could exceed {@link LineFormat#MAX_VALUE_BYTES}, and nodes that are not JSON data
 * ({@code POJONode}, {@code MissingNode}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Values {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    /**
     * Returns the node the journal reader produces for the JSON number {@code text}.
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
     * Returns the base64 text a binary value is written as.
     *
     * @param bytes the bytes
     * @return standard base64 with padding
     */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Returns why a key or action id cannot be written and read back exactly, or {@code null}
     * when it can.
     *
     * @param text the text
     * @return the problem, or {@code null}
     */
    public static String textProblem(String text) {
        return stringProblem(text, LineFormat.MAX_STRING_LENGTH);
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
        String keyProblem = stringProblem(key, LineFormat.MAX_STRING_LENGTH);
        if (keyProblem != null) {
            throw new IllegalArgumentException("key '" + printable(key) + "' cannot be stored in the journal: " + keyProblem);
        }
        Copier copier = new Copier();
        JsonNode copy;
        try {
            copy = copier.copy(value, 1);
        } catch (Refusal r) {
            String at = r.path.length() == 0 ? "" : " at " + r.path;
            throw new IllegalArgumentException("value of key '" + printable(key) + "' cannot be stored in the journal"
                    + at + ": " + r.getMessage());
        }
        if (copier.bytes > LineFormat.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value of key '" + printable(key) + "' cannot be stored in the journal: "
                    + "its encoding could take " + copier.bytes + " bytes, more than the limit of "
                    + LineFormat.MAX_VALUE_BYTES);
        }
        return copy;
    }

    /**
     * Returns a message-safe rendering: long keys shortened, surrogates and controls escaped.
     *
     * @param s the text
     * @return the rendering
     */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c) || c < 0x20) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > n) {
            b.append("…(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }

    /** Returns why {@code s} cannot be written, or null. */
    private static String stringProblem(String s, int maxLength) {
        if (s.length() > maxLength) {
            return "it is " + s.length() + " chars long, more than the reader's limit of " + maxLength;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return String.format("it holds an unpaired UTF-16 surrogate \\u%04X at index %d (not valid Unicode)",
                            (int) c, i);
                }
            }
        }
        return null;
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

    private static final class Copier {
        long bytes;

        JsonNode copy(JsonNode node, int depth) {
            if (node instanceof ObjectNode) {
                if (depth + 1 > LineFormat.MAX_DEPTH) {
                    throw tooDeep();
                }
                ObjectNode copy = NODES.objectNode();
                bytes += 2;
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    String name = e.getKey();
                    String problem = stringProblem(name, LineFormat.MAX_NAME_LENGTH);
                    if (problem != null) {
                        throw new Refusal("property name " + problem).at(printable(name));
                    }
                    bytes += LineEncoder.jsonStringBytes(name) + 2;
                    try {
                        copy.set(name, copy(e.getValue(), depth + 1));
                    } catch (Refusal r) {
                        throw r.at(name);
                    }
                }
                return copy;
            }
            if (node instanceof ArrayNode) {
                if (depth + 1 > LineFormat.MAX_DEPTH) {
                    throw tooDeep();
                }
                ArrayNode copy = NODES.arrayNode(node.size());
                bytes += 2;
                for (int i = 0; i < node.size(); i++) {
                    try {
                        copy.add(copy(node.get(i), depth + 1));
                    } catch (Refusal r) {
                        throw r.at(Integer.toString(i));
                    }
                    bytes += 1;
                }
                return copy;
            }
            if (node instanceof StringNode) {
                String s = node.stringValue();
                String problem = stringProblem(s, LineFormat.MAX_STRING_LENGTH);
                if (problem != null) {
                    throw new Refusal("string " + problem);
                }
                bytes += LineEncoder.jsonStringBytes(s);
                return node;
            }
            if (node instanceof NullNode || node instanceof BooleanNode) {
                bytes += 5;
                return node;
            }
            if (node instanceof IntNode) {
                bytes += 11;
                return node;
            }
            if (node instanceof ShortNode) {
                bytes += 6;
                return IntNode.valueOf(node.intValue());
            }
            if (node instanceof LongNode) {
                bytes += 20;
                long v = node.longValue();
                return (int) v == v ? IntNode.valueOf((int) v) : node;
            }
            if (node instanceof DoubleNode) {
                double d = node.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new Refusal("the double " + d + " has no JSON form");
                }
                bytes += 24;
                return node;
            }
            if (node instanceof FloatNode) {
                float f = node.floatValue();
                if (!Float.isFinite(f)) {
                    throw new Refusal("the float " + f + " has no JSON form");
                }
                bytes += 24;
                return numberFromText(Float.toString(f));
            }
            if (node instanceof BigIntegerNode) {
                BigInteger b = node.bigIntegerValue();
                if (b.bitLength() <= 31) {
                    bytes += 11;
                    return IntNode.valueOf(b.intValue());
                }
                if (b.bitLength() <= 63) {
                    bytes += 20;
                    return LongNode.valueOf(b.longValue());
                }
                int length = b.bitLength() < 3300 ? 0 : b.toString().length();
                if (length > LineFormat.MAX_NUMBER_LENGTH) {
                    throw new Refusal("an integer of " + length + " chars is longer than the reader's limit of "
                            + LineFormat.MAX_NUMBER_LENGTH);
                }
                bytes += b.bitLength() / 3 + 2;
                return node;
            }
            if (node instanceof DecimalNode) {
                String text = node.decimalValue().toString();
                if (text.length() > LineFormat.MAX_NUMBER_LENGTH) {
                    throw new Refusal("a decimal of " + text.length() + " chars is longer than the reader's limit of "
                            + LineFormat.MAX_NUMBER_LENGTH);
                }
                bytes += text.length();
                try {
                    return numberFromText(text);
                } catch (NumberFormatException e) {
                    throw new Refusal("the decimal " + text + " cannot be read back");
                }
            }
            if (node instanceof BinaryNode) {
                String text = base64(node.binaryValue());
                if (text.length() > LineFormat.MAX_STRING_LENGTH) {
                    throw new Refusal("binary data of " + text.length() + " base64 chars is longer than the reader's limit of "
                            + LineFormat.MAX_STRING_LENGTH);
                }
                bytes += text.length() + 2;
                return StringNode.valueOf(text);
            }
            throw new Refusal("a " + node.getClass().getSimpleName() + " (" + node.getNodeType()
                    + ") is not JSON data; convert it to a tree of JSON nodes first");
        }

        private static Refusal tooDeep() {
            return new Refusal("nesting deeper than " + (LineFormat.MAX_DEPTH - 1)
                    + " levels exceeds the reader's limit (the line's own object counts as one more)");
        }
    }
}
