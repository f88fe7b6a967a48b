package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.internal.CanonicalText;
import dev.statestore.internal.CanonicalValues;
import dev.statestore.internal.TransitionAccess;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.FloatNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ShortNode;
import tools.jackson.databind.node.StringNode;

/**
 * An encoder of journal lines to bytes: encodes a {@link StateTransition} straight to UTF-8 with one
 * long-lived Jackson generator over a reused buffer, then appends the CRC-32C of those bytes as
 * the last field. See {@link LineFormat} for the format.
 *
 * <p>Not thread-safe: one encoder per writer, used under its lock. The array returned by
 * {@link #buffer()} is overwritten by the next {@link #encode}.
 */
public final class LineEncoder {

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();
    private static final SerializableString KEY = new SerializedString(LineFormat.KEY);
    private static final SerializableString OLD_VALUE = new SerializedString(LineFormat.OLD_VALUE);
    private static final SerializableString NEW_VALUE = new SerializedString(LineFormat.NEW_VALUE);
    private static final SerializableString ACTION_ID = new SerializedString(LineFormat.ACTION_ID);
    private static final SerializableString TIMESTAMP = new SerializedString(LineFormat.TIMESTAMP);
    private static final SerializableString TTL_SECS = new SerializedString(LineFormat.TTL_SECS);
    private static final SerializableString OP = new SerializedString(LineFormat.OP);
    private static final SerializableString CRC32C = new SerializedString(LineFormat.CRC32C);
    private static final SerializableString OP_SET = new SerializedString(LineFormat.OP_SET);
    private static final SerializableString OP_DELETE = new SerializedString(LineFormat.OP_DELETE);
    private static final SerializableString OP_STATE = new SerializedString(LineFormat.OP_STATE);
    private static final SerializableString REV = new SerializedString(LineFormat.REV);
    private static final SerializableString VERSION = new SerializedString(LineFormat.VERSION);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** A buffer grown past this by a huge line is dropped before the next line is encoded. */
    private static final int SHRINK_ABOVE = 1 << 20;
    private static final int SHRUNK_SIZE = 1 << 16;

    private final Sink sink = new Sink();
    private final CRC32C crc = new CRC32C();
    private final Timestamps timestamps = new Timestamps();
    private final char[] chars = new char[64];
    private JsonGenerator generator;

    /** Creates an encoder. */
    public LineEncoder() {
    }

    /**
     * Encodes {@code t} as one line, ending in {@code '\n'}, into {@link #buffer()}.
     *
     * @param t the transition
     * @return the length of the line in bytes
     * @throws IllegalArgumentException naming the key if the transition cannot be written so that
     *     it reads back exactly; the buffer then holds nothing useful
     */
    public int encode(StateTransition t) {
        return encode(t, false);
    }

    /**
     * Encodes {@code t} as one line like {@link #encode(StateTransition)}, marked {@code op:state}
     * when {@code state}: a live key's latest write stored by a checkpoint or rewrite, not a history
     * entry, and then without its old value.
     *
     * @param t the transition
     * @param state whether the line is a state line
     * @return the length of the line in bytes
     */
    public int encode(StateTransition t, boolean state) {
        if (sink.bytes.length > SHRINK_ABOVE) {
            // Let the buffer of an earlier huge line go. Only here, before encoding: the line of
            // this call must stay in the array that buffer() returns until the next call.
            sink.bytes = new byte[SHRUNK_SIZE];
        }
        sink.length = 0;
        String key = t.key();
        String problem = CanonicalText.textProblem(key);
        if (problem != null) {
            throw new IllegalArgumentException("key '" + CanonicalText.printable(key) + "' cannot be stored in the journal: "
                    + problem);
        }
        problem = CanonicalText.textProblem(t.actionId());
        if (problem != null) {
            throw new IllegalArgumentException("the action id of the write of key '" + CanonicalText.printable(key)
                    + "' cannot be stored in the journal: " + problem);
        }
        JsonGenerator g = generator();
        try {
            g.writeStartObject();
            g.writeName(KEY);
            g.writeString(key);
            JsonNode oldValue = state ? null : TRANSITIONS.sharedOldValue(t);
            if (oldValue != null) {
                g.writeName(OLD_VALUE);
                writeValue(g, oldValue, key);
            }
            JsonNode newValue = TRANSITIONS.sharedNewValue(t);
            g.writeName(NEW_VALUE);
            if (newValue == null) {
                g.writeNull();
            } else {
                writeValue(g, newValue, key);
            }
            g.writeName(ACTION_ID);
            g.writeString(t.actionId());
            g.writeName(TIMESTAMP);
            g.writeString(chars, 0, timestamps.format(t.timestamp(), chars));
            if (t.ttlSecs().isPresent()) {
                g.writeName(TTL_SECS);
                g.writeNumber(t.ttlSecs().getAsLong());
            }
            if (t.revision() > 0) {
                g.writeName(REV);
                g.writeNumber(t.revision());
                g.writeName(VERSION);
                g.writeNumber(t.version());
            }
            g.writeName(OP);
            g.writeString(newValue == null ? OP_DELETE : state ? OP_STATE : OP_SET);
            g.flush();
            crc.reset();
            crc.update(sink.bytes, 0, sink.length);
            int sum = (int) crc.getValue();
            for (int i = 7; i >= 0; i--) {
                chars[i] = HEX[sum & 0xf];
                sum >>>= 4;
            }
            g.writeName(CRC32C);
            g.writeString(chars, 0, 8);
            g.writeEndObject();
            g.flush();
        } catch (JacksonException e) {
            discardGenerator();
            throw new IllegalArgumentException("the write of key '" + CanonicalText.printable(key)
                    + "' cannot be encoded as a journal line: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            discardGenerator();
            throw e;
        }
        sink.write('\n');
        if (sink.length > LineFormat.MAX_LINE_BYTES) {
            int length = sink.length;
            sink.length = 0;
            throw new IllegalArgumentException("the write of key '" + CanonicalText.printable(key) + "' would be a journal line of "
                    + length + " bytes, more than the limit of " + LineFormat.MAX_LINE_BYTES);
        }
        return sink.length;
    }

    /**
     * Returns the number of bytes this encoder writes for {@code s} as a JSON string, quotes
     * included: UTF-8 (one to four bytes a code point), with the quote, the backslash and the
     * control characters backspace, tab, newline, form feed and carriage return escaped in two
     * bytes, the other control characters in six, nothing else escaped. Exact for text without
     * unpaired surrogates (which are refused before encoding).
     *
     * @param s the text
     * @return its encoded length in bytes
     */
    public static long jsonStringBytes(String s) {
        long bytes = 2;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20) {
                    bytes += c == '"' || c == '\\' ? 2 : 1;
                } else {
                    bytes += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
                }
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Returns the array holding the line of the last {@link #encode}, from index 0.
     *
     * @return the internal buffer (not a copy)
     */
    public byte[] buffer() {
        return sink.bytes;
    }

    private JsonGenerator generator() {
        if (generator == null) {
            generator = LineFormat.FACTORY.createGenerator(ObjectWriteContext.empty(), sink);
        }
        return generator;
    }

    private void discardGenerator() {
        JsonGenerator g = generator;
        generator = null;
        sink.length = 0;
        if (g != null) {
            try {
                g.close();
            } catch (RuntimeException ignored) {
                // the generator is broken already; a new one is made for the next line
            }
        }
        sink.length = 0;
    }

    private static void writeValue(JsonGenerator g, JsonNode node, String key) {
        if (node instanceof ObjectNode) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                g.writeName(e.getKey());
                writeValue(g, e.getValue(), key);
            }
            g.writeEndObject();
        } else if (node instanceof ArrayNode) {
            g.writeStartArray();
            for (int i = 0, n = node.size(); i < n; i++) {
                writeValue(g, node.get(i), key);
            }
            g.writeEndArray();
        } else if (node instanceof StringNode) {
            g.writeString(node.stringValue());
        } else if (node instanceof IntNode || node instanceof ShortNode) {
            g.writeNumber(node.intValue());
        } else if (node instanceof LongNode) {
            g.writeNumber(node.longValue());
        } else if (node instanceof DoubleNode) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("value of key '" + CanonicalText.printable(key) + "' holds " + d
                        + ", which has no JSON form");
            }
            g.writeNumber(d);
        } else if (node instanceof NullNode) {
            g.writeNull();
        } else if (node instanceof BooleanNode) {
            g.writeBoolean(node.booleanValue());
        } else if (node instanceof BigIntegerNode) {
            g.writeNumber(node.bigIntegerValue());
        } else if (node instanceof DecimalNode) {
            g.writeNumber(node.decimalValue());
        } else if (node instanceof FloatNode) {
            float f = node.floatValue();
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException("value of key '" + CanonicalText.printable(key) + "' holds " + f
                        + ", which has no JSON form");
            }
            g.writeNumber(f);
        } else if (node instanceof BinaryNode) {
            g.writeString(CanonicalValues.base64(node.binaryValue()));
        } else {
            throw new IllegalArgumentException("value of key '" + CanonicalText.printable(key) + "' holds a "
                    + node.getClass().getSimpleName() + ", which is not JSON data");
        }
    }

    /** A growable byte array the generator writes into. */
    private static final class Sink extends OutputStream {
        byte[] bytes = new byte[1024];
        int length;

        private void ensure(int extra) {
            long needed = (long) length + extra;
            if (needed > bytes.length) {
                if (needed > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("journal line longer than " + (Integer.MAX_VALUE - 16) + " bytes");
                }
                bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, 2L * bytes.length)));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }
}
