package dev.statestore.stress;

import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON values the stress tests write, and the decoding of what they read back into the small
 * integers a jcstress result holds.
 *
 * <p>Value {@code n} is the object {@code {"n": n, "check": -n}}: a reader that got only part of
 * a write, or a mix of two, decodes to {@link #TORN}. Codes: {@link #ABSENT} for no value,
 * {@code n} for value {@code n}, {@link #TORN} for anything else. The nodes are built once and
 * never changed, so every thread may pass them to a store (which copies them in).
 */
final class Values {

    /** The code of an absent value. */
    static final int ABSENT = 0;
    /** The code of a value that is not one the tests wrote whole. */
    static final int TORN = -1;

    /** Value 1. */
    static final JsonNode V1 = of(1);
    /** Value 2. */
    static final JsonNode V2 = of(2);
    /** Value 3. */
    static final JsonNode V3 = of(3);

    private Values() {
    }

    private static JsonNode of(int n) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("n", n);
        node.put("check", -n);
        return node;
    }

    /**
     * Returns the code of a value that may be absent.
     *
     * @param value what a read returned
     * @return {@link #ABSENT}, the value's number, or {@link #TORN}
     */
    static int code(Optional<JsonNode> value) {
        return value.isEmpty() ? ABSENT : code(value.get());
    }

    /**
     * Returns the code of a present value.
     *
     * @param value a value read from a store or a transition
     * @return the value's number, or {@link #TORN}
     */
    static int code(JsonNode value) {
        if (value == null || !value.isObject() || value.size() != 2) {
            return TORN;
        }
        JsonNode n = value.get("n");
        JsonNode check = value.get("check");
        if (n == null || check == null || !n.isInt() || !check.isInt()
                || n.intValue() <= 0 || check.intValue() != -n.intValue()) {
            return TORN;
        }
        return n.intValue();
    }
}
