package dev.statestore.jsonl;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;
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
 * QuickTheories generators of JSON values the journal must store exactly (after its canonical
 * conversion): every node type users build, numbers at their edges, strings with escapes,
 * controls and surrogate pairs, nested containers. Shrinks toward {@code null} and small values.
 */
public final class JsonGen {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double[] DOUBLES = {0.0, -0.0, 0.1, 1.5, -2.25, 1e10, 1e-7, 1e300, Double.MIN_VALUE,
        Double.MAX_VALUE, 123456.789, 2e-3};
    private static final String[] CHUNKS = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f",
        "é", "✓", "\u2028", "\uD83D\uDE00", "\uDBFF\uDFFF", "key", "ü"};

    private JsonGen() {
    }

    /** Returns a generator of values nested at most {@code depth} levels. */
    public static Gen<JsonNode> values(int depth) {
        return in -> value(in, depth);
    }

    public static JsonNode value(RandomnessSource in, int depth) {
        int kind = (int) in.next(Constraint.between(0, depth > 0 ? 14 : 12));
        switch (kind) {
            case 0:
                return NullNode.getInstance();
            case 1:
                return BooleanNode.valueOf(in.next(Constraint.between(0, 1)) == 1);
            case 2:
                return IntNode.valueOf((int) in.next(Constraint.between(Integer.MIN_VALUE, Integer.MAX_VALUE).withShrinkPoint(0)));
            case 3:
                return LongNode.valueOf(in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE).withShrinkPoint(0)));
            case 4:
                return ShortNode.valueOf((short) in.next(Constraint.between(Short.MIN_VALUE, Short.MAX_VALUE).withShrinkPoint(0)));
            case 5: {
                long pick = in.next(Constraint.between(0, DOUBLES.length));
                if (pick < DOUBLES.length) {
                    return DoubleNode.valueOf(DOUBLES[(int) pick]);
                }
                double d = Double.longBitsToDouble(in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE)));
                return DoubleNode.valueOf(Double.isFinite(d) ? d : 0.5);
            }
            case 6: {
                float f = Float.intBitsToFloat((int) in.next(Constraint.between(Integer.MIN_VALUE, Integer.MAX_VALUE)));
                return FloatNode.valueOf(Float.isFinite(f) ? f : 1.1f);
            }
            case 7: {
                BigInteger unscaled = BigInteger.valueOf(in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE)))
                        .multiply(BigInteger.valueOf(in.next(Constraint.between(1, 1_000_000))));
                int scale = (int) in.next(Constraint.between(-400, 400).withShrinkPoint(0));
                return DecimalNode.valueOf(new BigDecimal(unscaled, scale));
            }
            case 8: {
                BigInteger b = BigInteger.valueOf(in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE)))
                        .shiftLeft((int) in.next(Constraint.between(0, 200)));
                return BigIntegerNode.valueOf(b);
            }
            case 9:
            case 10:
                return StringNode.valueOf(string(in));
            case 11: {
                byte[] bytes = new byte[(int) in.next(Constraint.between(0, 9))];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) in.next(Constraint.between(-128, 127));
                }
                return BinaryNode.valueOf(bytes);
            }
            case 12:
                return IntNode.valueOf((int) in.next(Constraint.between(-3, 3)));
            case 13: {
                ArrayNode a = NODES.arrayNode();
                int n = (int) in.next(Constraint.between(0, 4));
                for (int i = 0; i < n; i++) {
                    a.add(value(in, depth - 1));
                }
                return a;
            }
            default: {
                ObjectNode o = NODES.objectNode();
                int n = (int) in.next(Constraint.between(0, 4));
                for (int i = 0; i < n; i++) {
                    o.set(string(in), value(in, depth - 1));
                }
                return o;
            }
        }
    }

    public static String string(RandomnessSource in) {
        int n = (int) in.next(Constraint.between(0, 6));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(CHUNKS[(int) in.next(Constraint.between(0, CHUNKS.length - 1))]);
        }
        return b.toString();
    }
}
