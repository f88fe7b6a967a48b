package dev.statestore.bench.peers;

import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Returns the keys and the small JSON values the peer benchmarks write: {@code keys} distinct
 * keys ({@code user:0000042}) and a pool of 1,024 objects of about 80 bytes of JSON each,
 * such as {@code {"user":"u-417","visits":73512,"active":true,"score":41.25,"tags":["b","c"]}}.
 * The same seed gives the same data in every store.
 *
 * <p>Immutable once built and safe to share between threads; the value nodes must not be
 * mutated.
 */
public final class SampleData {

    private static final int VALUES = 1024;
    private static final String[] TAGS = {"a", "b", "c", "d", "e"};

    private final String[] keys;
    private final JsonNode[] values;

    /**
     * Returns sample data of {@code keyCount} keys.
     *
     * @param keyCount how many distinct keys, {@code >= 1}
     */
    public SampleData(int keyCount) {
        if (keyCount < 1) {
            throw new IllegalArgumentException("keyCount must be >= 1, was " + keyCount);
        }
        keys = new String[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = String.format("user:%07d", i);
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        SplittableRandom random = new SplittableRandom(42);
        values = new JsonNode[VALUES];
        for (int i = 0; i < VALUES; i++) {
            ObjectNode v = json.objectNode();
            v.put("user", "u-" + random.nextInt(100_000));
            v.put("visits", random.nextInt(1_000_000));
            v.put("active", random.nextBoolean());
            v.put("score", random.nextInt(10_000) / 4.0);
            v.putArray("tags").add(TAGS[random.nextInt(TAGS.length)]).add(TAGS[random.nextInt(TAGS.length)]);
            values[i] = v;
        }
    }

    /**
     * Returns the number of keys.
     *
     * @return the key count
     */
    public int keyCount() {
        return keys.length;
    }

    /**
     * Returns key number {@code i}.
     *
     * @param i {@code 0 <= i < keyCount()}
     * @return the key
     */
    public String key(int i) {
        return keys[i];
    }

    /**
     * Returns value number {@code i} of the pool, taken modulo its size; do not mutate it.
     *
     * @param i any non-negative number
     * @return the value
     */
    public JsonNode value(long i) {
        return values[(int) (i % VALUES)];
    }
}
