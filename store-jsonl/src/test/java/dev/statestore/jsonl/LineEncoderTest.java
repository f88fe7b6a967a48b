package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.statestore.StateTransition;
import dev.statestore.internal.CanonicalValues;
import dev.statestore.jsonl.internal.LineDecoder;
import dev.statestore.jsonl.internal.LineEncoder;
import dev.statestore.jsonl.internal.LineFormat;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The line encoder writes its bytes itself; these tests hold it to the bytes a Jackson generator
 * writes for the same line (the way the journal wrote lines before), so that every line it
 * writes is one Jackson reads, and the files of both agree byte for byte.
 */
class LineEncoderTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void everyLineIsTheBytesJacksonWritesForIt() {
        LineEncoder encoder = new LineEncoder();
        qt().withExamples(3000)
                .forAll(JsonGen.values(4), JsonGen.values(3), JournalPropertiesTest.transitionParts(),
                        in -> JsonGen.string(in))
                .checkAssert((oldValue, newValue, parts, text) -> {
                    String key = "key " + text;
                    JsonNode o = parts[1] % 3 == 0 ? null : oldValue;
                    JsonNode n = parts[1] % 3 == 1 ? null : newValue;
                    OptionalLong ttl = n == null || parts[4] < 0 ? OptionalLong.empty() : OptionalLong.of(parts[4]);
                    StateTransition t = StateTransition.of(key, Optional.ofNullable(o), Optional.ofNullable(n),
                            "action \"" + text + parts[0] + "\"", Instant.ofEpochSecond(parts[2], parts[3]), ttl);
                    byte[] expected;
                    try {
                        expected = jackson(t);
                    } catch (RuntimeException e) {
                        // A value Jackson cannot write (NaN, infinity): the encoder refuses it too.
                        assertThrows(IllegalArgumentException.class, () -> encoder.encode(t));
                        return;
                    }
                    int length = encoder.encode(t);
                    assertArrayEquals(expected, Arrays.copyOf(encoder.buffer(), length),
                            () -> "expected " + new String(expected, StandardCharsets.UTF_8) + " got "
                                    + new String(encoder.buffer(), 0, length, StandardCharsets.UTF_8));
                });
    }

    @Test
    void numbersAtTheirEdgesAndEveryNodeTypeAreWrittenAsJacksonWritesThem() throws Exception {
        ObjectNode value = NODES.objectNode();
        value.put("int", Integer.MIN_VALUE).put("intMax", Integer.MAX_VALUE).put("short", (short) -7)
                .put("long", Long.MIN_VALUE).put("longMax", Long.MAX_VALUE).put("zero", 0L)
                .put("double", 1e300).put("tiny", Double.MIN_VALUE).put("negZero", -0.0).put("third", 1.0 / 3)
                .put("float", 0.1f).put("big", new BigInteger("-123456789012345678901234567890"))
                .put("decimal", new BigDecimal("1.50E+3")).put("bool", true).putNull("null")
                .put("binary", new byte[] {0, -1, 7}).put("text", "tab\there \"quoted\" \\ / \u007f \u0001 é ✓ \uD83D\uDE00");
        ArrayNode array = value.putArray("array");
        array.add(1).add(2.5).add("x").addNull().add(false).addArray();
        value.putObject("empty");
        LineEncoder encoder = new LineEncoder();
        StateTransition t = StateTransition.of("k\n\"", Optional.of(value), Optional.of(value), "a/b",
                Instant.parse("2026-11-30T21:00:00.123456Z"), OptionalLong.of(Long.MAX_VALUE));
        int length = encoder.encode(t);
        byte[] line = Arrays.copyOf(encoder.buffer(), length);
        assertArrayEquals(jackson(t), line);
        StateTransition back = LineDecoder.decode(line, 0, length - 1);
        assertEquals(CanonicalValues.copy("k", value), back.newValue().orElseThrow());
    }

    @Test
    void aValueNestedToTheLimitIsWrittenAndOneLevelMoreIsRefusedNamingTheKey() {
        LineEncoder encoder = new LineEncoder();
        JsonNode deepest = nested(CanonicalValues.MAX_DEPTH);
        StateTransition ok = StateTransition.of("deep", Optional.empty(), Optional.of(deepest), "a", Instant.EPOCH,
                OptionalLong.empty());
        int length = encoder.encode(ok);
        assertArrayEquals(jackson(ok), Arrays.copyOf(encoder.buffer(), length));

        StateTransition tooDeep = StateTransition.of("deeper", Optional.empty(),
                Optional.of(nested(CanonicalValues.MAX_DEPTH + 1)), "a", Instant.EPOCH, OptionalLong.empty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(tooDeep));
        assertTrue(e.getMessage().contains("'deeper'") && e.getMessage().contains("nests deeper than "
                + CanonicalValues.MAX_DEPTH), e.getMessage());
        // The encoder is whole after a refusal.
        length = encoder.encode(ok);
        assertArrayEquals(jackson(ok), Arrays.copyOf(encoder.buffer(), length));
    }

    @Test
    void anUnpairedSurrogateInAValueIsRefusedNamingTheKey() {
        LineEncoder encoder = new LineEncoder();
        for (String bad : new String[] {"a\uD800", "\uDC00b", "\uD800\uD800"}) {
            ObjectNode value = NODES.objectNode().put("s", bad);
            StateTransition t = StateTransition.of("sur", Optional.empty(), Optional.of(value), "a", Instant.EPOCH,
                    OptionalLong.empty());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(t));
            assertTrue(e.getMessage().contains("'sur'") && e.getMessage().contains("unpaired surrogate"), e.getMessage());
        }
    }

    private static JsonNode nested(int levels) {
        JsonNode node = NODES.numberNode(1);
        for (int i = 0; i < levels; i++) {
            node = NODES.arrayNode().add(node);
        }
        return node;
    }

    /** The line as a Jackson generator writes it: the fields in the journal's order, then the checksum. */
    private static byte[] jackson(StateTransition t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = LineFormat.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            g.writeName(LineFormat.KEY);
            g.writeString(t.key());
            if (t.oldValue().isPresent()) {
                g.writeName(LineFormat.OLD_VALUE);
                write(g, t.oldValue().get());
            }
            g.writeName(LineFormat.NEW_VALUE);
            if (t.newValue().isPresent()) {
                write(g, t.newValue().get());
            } else {
                g.writeNull();
            }
            g.writeName(LineFormat.ACTION_ID);
            g.writeString(t.actionId());
            g.writeName(LineFormat.TIMESTAMP);
            g.writeString(t.timestamp().toString());
            if (t.ttlSecs().isPresent()) {
                g.writeName(LineFormat.TTL_SECS);
                g.writeNumber(t.ttlSecs().getAsLong());
            }
            if (t.revision() > 0) {
                g.writeName(LineFormat.REV);
                g.writeNumber(t.revision());
                g.writeName(LineFormat.VERSION);
                g.writeNumber(t.version());
            }
            g.writeName(LineFormat.OP);
            g.writeString(t.isDelete() ? LineFormat.OP_DELETE : LineFormat.OP_SET);
            g.flush();
            CRC32C crc = new CRC32C();
            crc.update(out.toByteArray());
            g.writeName(LineFormat.CRC32C);
            g.writeString(String.format("%08x", (int) crc.getValue()));
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode node) {
        if (node.isDouble() && !Double.isFinite(node.doubleValue())
                || node.isFloat() && !Float.isFinite(node.floatValue())) {
            throw new IllegalArgumentException("no JSON form");
        }
        if (node.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                g.writeName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode child : node) {
                write(g, child);
            }
            g.writeEndArray();
        } else if (node.isBinary()) {
            g.writeString(CanonicalValues.base64(node.binaryValue()));
        } else if (node.isString()) {
            g.writeString(node.stringValue());
        } else if (node.isNull()) {
            g.writeNull();
        } else if (node.isBoolean()) {
            g.writeBoolean(node.booleanValue());
        } else if (node.isInt() || node.isShort()) {
            g.writeNumber(node.intValue());
        } else if (node.isLong()) {
            g.writeNumber(node.longValue());
        } else if (node.isDouble()) {
            g.writeNumber(node.doubleValue());
        } else if (node.isFloat()) {
            g.writeNumber(node.floatValue());
        } else if (node.isBigInteger()) {
            g.writeNumber(node.bigIntegerValue());
        } else if (node.isBigDecimal()) {
            g.writeNumber(node.decimalValue());
        } else {
            throw new IllegalArgumentException("not JSON data: " + node.getClass());
        }
    }
}
