package dev.statestore.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The keys and JSON values the benchmarks write: objects of the shape
 * {@code {"seq":<n>,"pad":"xxx…"}} whose compact serialization is exactly the requested number
 * of bytes, so "a 64-byte value" means the same thing in every benchmark and in the report.
 *
 * <p>Thread-safe; the returned nodes are new and belong to the caller.
 */
public final class Values {

    /** The size of a small value, in bytes of compact JSON. */
    public static final int SMALL = 64;
    /** The size of a large value, in bytes of compact JSON. */
    public static final int LARGE = 1024;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Values() {
    }

    /**
     * Returns an object whose compact JSON is exactly {@code bytes} long, with {@code seq} set to
     * {@code seq}.
     *
     * @param bytes the serialized size, at least {@code 32}
     * @param seq a number stored in the value; any value from 0 to 999,999 keeps the size exact
     * @return a new object node
     * @throws IllegalArgumentException if {@code bytes < 32} or {@code seq} is out of range
     */
    public static ObjectNode object(int bytes, int seq) {
        if (bytes < 32) {
            throw new IllegalArgumentException("value size must be at least 32 bytes, was " + bytes);
        }
        if (seq < 0 || seq > 999_999) {
            throw new IllegalArgumentException("seq must be within 0..999999, was " + seq);
        }
        // {"seq":<digits>,"pad":"<pad>"}: the pad takes whatever the digits of seq leave.
        String digits = Integer.toString(seq);
        int fixed = "{\"seq\":".length() + digits.length() + ",\"pad\":\"\"}".length();
        char[] pad = new char[bytes - fixed];
        Arrays.fill(pad, 'x');
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("seq", seq);
        node.put("pad", new String(pad));
        return node;
    }

    /**
     * Returns {@code count} distinct objects of {@code bytes} bytes each ({@code seq} 0 to
     * {@code count - 1}), a pool the workloads draw values from so that a write seldom repeats
     * the value it replaces.
     *
     * @param bytes the serialized size of each, at least {@code 32}
     * @param count how many, at most 1,000,000
     * @return the objects; do not mutate them
     */
    public static JsonNode[] pool(int bytes, int count) {
        JsonNode[] pool = new JsonNode[count];
        for (int i = 0; i < count; i++) {
            pool[i] = object(bytes, i);
        }
        return pool;
    }

    /**
     * Returns the keys {@code key-0000000} to {@code key-<count - 1>}.
     *
     * @param count how many
     * @return the keys
     */
    public static String[] keys(int count) {
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = String.format("key-%07d", i);
        }
        return keys;
    }

    /**
     * Returns the number of bytes of the compact UTF-8 JSON of {@code node}.
     *
     * @param node the node
     * @return its serialized size
     */
    public static int serializedSize(JsonNode node) {
        return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
    }
}
