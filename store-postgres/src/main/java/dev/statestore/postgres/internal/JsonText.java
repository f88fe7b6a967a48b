package dev.statestore.postgres.internal;

import dev.statestore.StateStoreException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
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
 * The text form of values in the database: compact JSON kept in {@code text} columns (not
 * {@code jsonb}, which reorders keys, drops duplicates and refuses {@code \u0000}), and the
 * canonical node that text reads back as. The reading rules are those of the JSON Lines journal,
 * so a value reads back from PostgreSQL exactly as it reads back from a journal:
 * <ul>
 *   <li>integers become {@code IntNode}, {@code LongNode} or {@code BigIntegerNode}, the smallest
 *       that holds them;</li>
 *   <li>other numbers become a {@code DoubleNode} when the nearest double has the same decimal
 *       value as the text, else a {@code DecimalNode} of the text;</li>
 *   <li>binary data is written as base64 text and reads back as that string.</li>
 * </ul>
 * Refused with an {@link IllegalArgumentException} naming the key and the place in the value:
 * NaN and infinities, nodes that are not JSON data, unpaired UTF-16 surrogates, nesting deeper
 * than {@value #MAX_DEPTH} and anything over the reader's length limits. Keys and action ids are
 * refused when they hold {@code U+0000} (a PostgreSQL {@code text} cannot hold it) or an unpaired
 * surrogate.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonText {

    /** Deepest nesting of containers in a value. */
    public static final int MAX_DEPTH = dev.statestore.internal.CanonicalValues.MAX_DEPTH;
    /** Longest string value, in chars. */
    public static final int MAX_STRING_LENGTH = 100_000_000;
    /** Longest property name, in chars. */
    public static final int MAX_NAME_LENGTH = 50_000;
    /** Longest number, in chars. */
    public static final int MAX_NUMBER_LENGTH = 1000;
    /** Longest encoded value, in bytes. */
    public static final long MAX_VALUE_BYTES = 256L << 20;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    /**
     * A value ready to be stored: its text and the node that text reads back as.
     *
     * @param text compact JSON
     * @param value the canonical node, owned by nobody else
     */
    public record Encoded(String text, JsonNode value) {
    }

    private JsonText() {
    }

    /**
     * Returns the stored form of {@code value}, the value of {@code key}.
     *
     * @param key the key, for messages
     * @param value the value
     * @return the text and the canonical node
     * @throws IllegalArgumentException naming the key, the place in the value and the reason
     */
    public static Encoded encode(String key, JsonNode value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            write(g, value, 0);
        } catch (Refusal r) {
            throw new IllegalArgumentException("value of key '" + printable(key) + "' cannot be stored"
                    + (r.path.length() == 0 ? "" : " at " + r.path) + ": " + r.getMessage());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("value of key '" + printable(key) + "' cannot be stored: "
                    + e.getOriginalMessage());
        }
        if (out.size() > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value of key '" + printable(key) + "' cannot be stored: its text is "
                    + out.size() + " bytes, more than the limit of " + MAX_VALUE_BYTES);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        try {
            return new Encoded(text, read(text));
        } catch (JacksonException | NumberFormatException e) {
            throw new IllegalArgumentException("value of key '" + printable(key) + "' cannot be stored: it would not"
                    + " read back (" + e.getMessage() + ")");
        }
    }

    /**
     * Returns the node a stored text reads back as.
     *
     * @param text the stored text
     * @return a new node
     * @throws StateStoreException if the text is not a value this class wrote
     */
    public static JsonNode decode(String text) {
        try {
            return read(text);
        } catch (JacksonException | NumberFormatException e) {
            String head = text.length() > 60 ? text.substring(0, 60) + "…" : text;
            throw new StateStoreException("a stored value is not readable JSON (" + e.getMessage() + "): " + head, e);
        }
    }

    /**
     * Checks a key or an action id.
     *
     * @param what what the text is, for the message ({@code "key"}, {@code "action id"})
     * @param text the text
     * @throws IllegalArgumentException naming the text and the reason
     */
    public static void checkText(String what, String text) {
        String problem = textProblem(text, MAX_STRING_LENGTH);
        if (problem == null && text.indexOf('\u0000') >= 0) {
            problem = "it holds U+0000, which a PostgreSQL text cannot hold";
        }
        if (problem != null) {
            throw new IllegalArgumentException(what + " '" + printable(text) + "' cannot be stored: " + problem);
        }
    }

    /**
     * Returns a rendering of {@code s} fit for a message: shortened, surrogates and controls escaped.
     *
     * @param s the text
     * @return the rendering
     */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || Character.isSurrogate(c)) {
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

    private static String textProblem(String s, int maxLength) {
        if (s.length() > maxLength) {
            return "it is " + s.length() + " chars long, more than the limit of " + maxLength;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("it holds an unpaired UTF-16 surrogate \\u%04X at index %d (not valid Unicode)",
                        (int) c, i);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- writing

    private static void write(JsonGenerator g, JsonNode node, int depth) {
        if (node instanceof ObjectNode) {
            if (depth + 1 > MAX_DEPTH) {
                throw tooDeep();
            }
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String name = e.getKey();
                String problem = textProblem(name, MAX_NAME_LENGTH);
                if (problem != null) {
                    throw new Refusal("property name " + problem).at(printable(name));
                }
                g.writeName(name);
                try {
                    write(g, e.getValue(), depth + 1);
                } catch (Refusal r) {
                    throw r.at(name);
                }
            }
            g.writeEndObject();
        } else if (node instanceof ArrayNode) {
            if (depth + 1 > MAX_DEPTH) {
                throw tooDeep();
            }
            g.writeStartArray();
            for (int i = 0; i < node.size(); i++) {
                try {
                    write(g, node.get(i), depth + 1);
                } catch (Refusal r) {
                    throw r.at(Integer.toString(i));
                }
            }
            g.writeEndArray();
        } else if (node instanceof StringNode) {
            String s = node.stringValue();
            String problem = textProblem(s, MAX_STRING_LENGTH);
            if (problem != null) {
                throw new Refusal("string " + problem);
            }
            g.writeString(s);
        } else if (node instanceof NullNode) {
            g.writeNull();
        } else if (node instanceof BooleanNode) {
            g.writeBoolean(node.booleanValue());
        } else if (node instanceof IntNode || node instanceof ShortNode || node instanceof LongNode) {
            g.writeNumber(node.longValue());
        } else if (node instanceof BigIntegerNode) {
            g.writeNumber(node.bigIntegerValue());
        } else if (node instanceof DoubleNode || node instanceof FloatNode) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new Refusal("the number " + d + " has no JSON form");
            }
            // A float is written as Float.toString gives it, so 1.1f is stored as 1.1.
            g.writeNumber(node instanceof FloatNode ? Float.toString(node.floatValue()) : Double.toString(d));
        } else if (node instanceof DecimalNode) {
            g.writeNumber(node.decimalValue().toString());
        } else if (node instanceof BinaryNode) {
            g.writeString(java.util.Base64.getEncoder().encodeToString(node.binaryValue()));
        } else {
            throw new Refusal("a " + node.getClass().getSimpleName() + " (" + node.getNodeType()
                    + ") is not JSON data; convert it to a tree of JSON nodes first");
        }
    }

    private static Refusal tooDeep() {
        return new Refusal("nesting deeper than " + MAX_DEPTH + " levels exceeds the limit");
    }

    /** A refusal on its way up the recursion, collecting the JSON Pointer of where it happened. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final StringBuilder path = new StringBuilder();

        Refusal(String message) {
            super(message, null, false, false);
        }

        Refusal at(String segment) {
            path.insert(0, "/" + segment.replace("~", "~0").replace("/", "~1"));
            return this;
        }
    }

    // ---------------------------------------------------------------- reading

    private static JsonNode read(String text) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonNode node = node(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new NumberFormatException("trailing content after the value");
            }
            return node;
        }
    }

    private static JsonNode node(JsonParser p, JsonToken token) {
        if (token == null) {
            throw new NumberFormatException("no value");
        }
        switch (token) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    o.set(name, node(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    a.add(node(p, t));
                }
                return a;
            }
            case VALUE_STRING:
                return StringNode.valueOf(p.getString());
            case VALUE_NUMBER_INT:
                return integer(p.getString());
            case VALUE_NUMBER_FLOAT:
                return fraction(p.getString());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.getInstance();
            default:
                throw new NumberFormatException("unexpected " + token);
        }
    }

    /** Returns the smallest of int, long and BigInteger nodes that holds the integer {@code text}. */
    private static JsonNode integer(String text) {
        BigInteger b = new BigInteger(text);
        if (b.bitLength() < 32) {
            return IntNode.valueOf(b.intValue());
        }
        return b.bitLength() < 64 ? LongNode.valueOf(b.longValue()) : BigIntegerNode.valueOf(b);
    }

    /** Returns a double node when the nearest double keeps every digit of {@code text}, else a decimal node. */
    private static JsonNode fraction(String text) {
        double d = Double.parseDouble(text);
        if (Double.isFinite(d)) {
            String shortest = Double.toString(d);
            if (shortest.equals(text) || new BigDecimal(shortest).compareTo(new BigDecimal(text)) == 0) {
                return DoubleNode.valueOf(d);
            }
        }
        return DecimalNode.valueOf(new BigDecimal(text));
    }
}
