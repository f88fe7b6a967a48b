package dev.statestore.jsonl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import dev.statestore.StateTransition;
import dev.statestore.internal.TransitionAccess;
import dev.statestore.jsonl.JsonGen;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * The fast path of the line decoder against the parser: for every line the encoder writes it
 * must read the line itself and return what the parser returns, node types included; for a line
 * changed anywhere (its checksum fixed, so the change reaches the decoders) it must return what
 * the parser returns or leave the line to the parser, never accept what the parser refuses.
 */
class CanonicalLineDecoderTest {

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();
    private static final byte[] EDITS = " \t\"\\,:{}[]0-1.eE+nultrfasx/\u0080".getBytes(StandardCharsets.ISO_8859_1);

    /** Transitions as the engine makes them: values in their canonical form, every kind of line. */
    static Gen<StateTransition> transitions() {
        return in -> {
            String key = "k" + JsonGen.string(in);
            JsonNode oldValue = Values.writableCopy(key, JsonGen.value(in, 3));
            JsonNode newValue = Values.writableCopy(key, JsonGen.value(in, 3));
            int kind = (int) in.next(Constraint.between(0, 3)); // set, delete, state, set without a revision
            long revision = kind == 3 ? 0 : in.next(Constraint.between(1, Long.MAX_VALUE).withShrinkPoint(1));
            long version = kind == 1 || kind == 3 ? 0 : in.next(Constraint.between(1, Long.MAX_VALUE).withShrinkPoint(1));
            long ttl = kind == 1 ? -1 : in.next(Constraint.between(-1, Long.MAX_VALUE).withShrinkPoint(-1));
            Instant at = Instant.ofEpochSecond(in.next(Constraint.between(-62_167_219_200L, 253_402_300_799L)),
                    in.next(Constraint.between(0, 999_999_999)));
            String action = "a" + JsonGen.string(in);
            boolean hasOld = in.next(Constraint.between(0, 1)) == 1 && kind != 2;
            return TRANSITIONS.adopt(key, hasOld ? oldValue : null, kind == 1 ? null : newValue, action, at, ttl,
                    revision, version);
        };
    }

    @Test
    void everyLineTheEncoderWritesIsReadByTheFastPathAsTheParserReadsIt() {
        LineEncoder encoder = new LineEncoder();
        qt().withExamples(4000)
                .forAll(transitions(), in -> in.next(Constraint.between(0, 1)) == 1)
                .checkAssert((t, state) -> {
                    boolean asState = state && !t.isDelete();
                    int n = encoder.encode(t, asState);
                    byte[] line = Arrays.copyOf(encoder.buffer(), n - 1);
                    int crcStart = line.length - LineFormat.CRC_SUFFIX_LENGTH;
                    LineDecoder.Shared fastShared = new LineDecoder.Shared();
                    StateTransition fast = CanonicalLineDecoder.decode(line, 0, crcStart, fastShared);
                    assertNotNull(fast, () -> "the fast path left an encoder's line to the parser: " + text(line));
                    LineDecoder.Shared parserShared = new LineDecoder.Shared();
                    StateTransition parsed = parse(line, parserShared);
                    assertSame(parsed, fast, line);
                    assertEquals(parserShared.lastWasState(), fastShared.lastWasState());
                    assertEquals(asState, fastShared.lastWasState());
                });
    }

    @Test
    void aChangedLineIsReadAsTheParserReadsItOrLeftToIt() {
        LineEncoder encoder = new LineEncoder();
        int[] counts = new int[3]; // read by the fast path, left to the parser and read, refused
        qt().withExamples(6000)
                .forAll(transitions(), in -> new long[] {in.next(Constraint.between(0, 1 << 20)),
                    in.next(Constraint.between(0, EDITS.length - 1)), in.next(Constraint.between(0, 2))})
                .checkAssert((t, edit) -> {
                    int n = encoder.encode(t);
                    byte[] original = Arrays.copyOf(encoder.buffer(), n - 1);
                    int body = original.length - LineFormat.CRC_SUFFIX_LENGTH;
                    int at = (int) (edit[0] % body);
                    byte[] changed = change(original, body, at, EDITS[(int) edit[1]], (int) edit[2]);
                    int crcStart = changed.length - LineFormat.CRC_SUFFIX_LENGTH;
                    StateTransition fast = CanonicalLineDecoder.decode(changed, 0, crcStart, new LineDecoder.Shared());
                    StateTransition parsed;
                    try {
                        parsed = LineDecoder.decode(changed, 0, changed.length, new LineDecoder.Shared(), false);
                    } catch (LineDecoder.BadLine e) {
                        assertNull(fast, () -> "the fast path accepted a line the parser refuses (" + e.getMessage()
                                + "): " + text(changed));
                        counts[2]++;
                        return;
                    }
                    if (fast == null) {
                        counts[1]++;
                    } else {
                        assertSame(parsed, fast, changed);
                        counts[0]++;
                    }
                });
        // Each kind happened, so the comparison above was exercised both ways.
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                fail("no changed line was " + new String[] {"read by the fast path", "left to the parser",
                    "refused"}[i] + ": " + Arrays.toString(counts));
            }
        }
    }

    @Test
    void valuesReadByTheFastPathShareTheirMemberNames() {
        LineEncoder encoder = new LineEncoder();
        String[] names = new String[2];
        for (int i = 0; i < 2; i++) {
            tools.jackson.databind.node.ObjectNode value = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            value.put("count", i).putObject("owner").put("name", "n" + i);
            StateTransition t = TRANSITIONS.adopt("k" + i, null, value, "a", Instant.parse("2026-11-30T00:00:00Z"), -1,
                    i + 1, 1);
            int n = encoder.encode(t);
            byte[] line = Arrays.copyOf(encoder.buffer(), n - 1);
            StateTransition read = CanonicalLineDecoder.decode(line, 0, line.length - LineFormat.CRC_SUFFIX_LENGTH,
                    new LineDecoder.Shared());
            assertNotNull(read, "the fast path read the line");
            assertEquals(value, read.newValue().orElseThrow());
            JsonNode owner = read.newValue().orElseThrow().get("owner");
            names[i] = owner.propertyNames().iterator().next();
            assertEquals("name", names[i]);
        }
        org.junit.jupiter.api.Assertions.assertSame(names[0], names[1], "two values' member 'name' is one string");
    }

    @Test
    void theSharedNamesStartOverWhenTheTableIsFull() {
        String first = CanonicalLineDecoder.shared(new String("member-first"));
        org.junit.jupiter.api.Assertions.assertSame(first, CanonicalLineDecoder.shared(new String("member-first")));
        for (int i = 0; i < CanonicalLineDecoder.MAX_NAMES + 1; i++) {
            CanonicalLineDecoder.shared("member-" + i);
        }
        String again = new String("member-first");
        // The table was emptied once it was full: the name is taken as the new shared instance.
        org.junit.jupiter.api.Assertions.assertSame(again, CanonicalLineDecoder.shared(again));
        assertEquals(first, again);
    }

    @Test
    void theParserStillNamesWhatIsWrongWithALineTheFastPathLeavesToIt() throws Exception {
        StateTransition t = TRANSITIONS.adopt("k", null, IntNode.valueOf(2), "a",
                Instant.parse("2026-11-30T00:00:00Z"), -1, 5, 0); // a set of version 0 breaks a rule
        LineEncoder encoder = new LineEncoder();
        int n = encoder.encode(t);
        byte[] line = Arrays.copyOf(encoder.buffer(), n - 1);
        assertNull(CanonicalLineDecoder.decode(line, 0, line.length - LineFormat.CRC_SUFFIX_LENGTH,
                new LineDecoder.Shared()));
        try {
            LineDecoder.decode(line, 0, line.length);
            fail("a set with version 0 was accepted");
        } catch (LineDecoder.BadLine e) {
            assertEquals("field 'version' is 0, which does not fit a set (>= 1)", e.getMessage());
        }
    }

    /** The line with one byte replaced, inserted or removed at {@code at}, and its checksum made to match. */
    private static byte[] change(byte[] line, int body, int at, byte b, int how) {
        byte[] head = Arrays.copyOf(line, body);
        byte[] edited;
        if (how == 0) {
            edited = head.clone();
            edited[at] = b;
        } else if (how == 1) {
            edited = new byte[body + 1];
            System.arraycopy(head, 0, edited, 0, at);
            edited[at] = b;
            System.arraycopy(head, at, edited, at + 1, body - at);
        } else {
            edited = new byte[body - 1];
            System.arraycopy(head, 0, edited, 0, at);
            System.arraycopy(head, at + 1, edited, at, body - at - 1);
        }
        CRC32C crc = new CRC32C();
        crc.update(edited);
        String suffix = String.format(",\"crc32c\":\"%08x\"}", (int) crc.getValue());
        byte[] out = Arrays.copyOf(edited, edited.length + suffix.length());
        System.arraycopy(suffix.getBytes(StandardCharsets.US_ASCII), 0, out, edited.length, suffix.length());
        return out;
    }

    private static StateTransition parse(byte[] line, LineDecoder.Shared shared) {
        try {
            return LineDecoder.decode(line, 0, line.length, shared, false);
        } catch (LineDecoder.BadLine e) {
            throw new AssertionError("the parser refused an encoder's line (" + e.getMessage() + "): " + text(line));
        }
    }

    /** Equal transitions whose values have the same node types, to the leaves. */
    private static void assertSame(StateTransition expected, StateTransition actual, byte[] line) {
        assertEquals(expected, actual, () -> text(line));
        assertEquals(expected.revision(), actual.revision());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.ttlSecs(), actual.ttlSecs());
        assertEquals(expected.actionId(), actual.actionId());
        assertEquals(expected.timestamp(), actual.timestamp());
        assertTypes(expected.oldValue(), actual.oldValue(), line);
        assertTypes(expected.newValue(), actual.newValue(), line);
    }

    private static void assertTypes(Optional<JsonNode> expected, Optional<JsonNode> actual, byte[] line) {
        assertEquals(expected.isPresent(), actual.isPresent(), () -> text(line));
        if (expected.isPresent()) {
            assertTypes(expected.get(), actual.get(), line);
        }
    }

    private static void assertTypes(JsonNode expected, JsonNode actual, byte[] line) {
        assertEquals(expected.getClass(), actual.getClass(), () -> text(line));
        assertEquals(expected.size(), actual.size(), () -> text(line));
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> a = actual.properties().iterator();
            for (Map.Entry<String, JsonNode> e : expected.properties()) {
                Map.Entry<String, JsonNode> other = a.next();
                assertEquals(e.getKey(), other.getKey(), () -> text(line));
                assertTypes(e.getValue(), other.getValue(), line);
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertTypes(expected.get(i), actual.get(i), line);
            }
        }
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }
}
