package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.internal.CanonicalText;
import dev.statestore.internal.CanonicalValues;
import dev.statestore.internal.TransitionAccess;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
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
 * An encoder of journal lines to bytes: writes a {@link StateTransition} straight to UTF-8 in a
 * reused array, then appends the CRC-32C of those bytes as the last field. See {@link LineFormat}
 * for the format.
 *
 * <p>The fixed fields, strings, integers and timestamps are written here byte by byte: a line
 * of a small value costs a few hundred nanoseconds instead of the twenty generator calls it took
 * through Jackson. Floating-point and big numbers still go through a Jackson generator (into a
 * scratch buffer), so that their text is the one Jackson reads back to the same value. The bytes
 * are exactly those Jackson's generator writes for the same line (compact, no forward slash
 * escaped, control characters as {@code \b \t \n \f \r} or a backslash-u escape of four hex digits, nothing else
 * escaped); {@code LineEncoderTest} compares the two on generated values.
 *
 * <p>Not thread-safe: one encoder per writer, used under its lock. The array returned by
 * {@link #buffer()} is overwritten by the next {@link #encode}.
 */
public final class LineEncoder {

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();
    private static final byte[] MIN_LONG = ascii(Long.toString(Long.MIN_VALUE));
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] HEX_UPPER = ascii("0123456789ABCDEF");
    /**
     * How each ASCII char is written inside a string: 0 as itself, -1 as a backslash-u escape of four hex digits, else
     * a backslash and this char.
     */
    private static final int[] ESCAPES = new int[128];
    /** A buffer grown past this by a huge line is dropped before the next line is encoded. */
    private static final int SHRINK_ABOVE = 1 << 20;
    private static final int SHRUNK_SIZE = 1 << 16;

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private final CRC32C crc = new CRC32C();
    private final Timestamps timestamps = new Timestamps();
    private final char[] chars = new char[64];
    private byte[] bytes = new byte[1024];
    private int length;
    /** The key of the line being encoded, named when a text of it cannot be written. */
    private String key;
    /** Writes floating-point and big numbers, made on first use. */
    private JsonGenerator numbers;
    private final Scratch scratch = new Scratch();

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
        if (bytes.length > SHRINK_ABOVE) {
            // Let the buffer of an earlier huge line go. Only here, before encoding: the line of
            // this call must stay in the array that buffer() returns until the next call.
            bytes = new byte[SHRUNK_SIZE];
        }
        length = 0;
        String key = t.key();
        this.key = key;
        String problem = CanonicalText.textProblem(key);
        if (problem != null) {
            throw new IllegalArgumentException("key '" + CanonicalText.printable(key) + "' cannot be stored in the journal: "
                    + problem);
        }
        String actionId = t.actionId();
        problem = CanonicalText.textProblem(actionId);
        if (problem != null) {
            throw new IllegalArgumentException("the action id of the write of key '" + CanonicalText.printable(key)
                    + "' cannot be stored in the journal: " + problem);
        }
        try {
            put(LineFormat.KEY_FIELD);
            string(key);
            JsonNode oldValue = state ? null : TRANSITIONS.sharedOldValue(t);
            if (oldValue != null) {
                put(LineFormat.OLD_VALUE_FIELD);
                value(oldValue, key, 2);
            }
            JsonNode newValue = TRANSITIONS.sharedNewValue(t);
            put(LineFormat.NEW_VALUE_FIELD);
            if (newValue == null) {
                put(LineFormat.NULL_TEXT);
            } else {
                value(newValue, key, 2);
            }
            put(LineFormat.ACTION_ID_FIELD);
            string(actionId);
            put(LineFormat.TIMESTAMP_FIELD);
            int n = timestamps.format(t.timestamp(), chars);
            ensure(n + 1);
            for (int i = 0; i < n; i++) {
                bytes[length++] = (byte) chars[i];
            }
            bytes[length++] = '"';
            if (t.ttlSecs().isPresent()) {
                put(LineFormat.TTL_SECS_FIELD);
                number(t.ttlSecs().getAsLong());
            }
            if (t.revision() > 0) {
                put(LineFormat.REV_FIELD);
                number(t.revision());
                put(LineFormat.VERSION_FIELD);
                number(t.version());
            }
            put(LineFormat.OP_FIELD);
            put(newValue == null ? LineFormat.DELETE_TEXT : state ? LineFormat.STATE_TEXT : LineFormat.SET_TEXT);
            crc.reset();
            crc.update(bytes, 0, length);
            int sum = (int) crc.getValue();
            put(LineFormat.CRC_INTRO);
            ensure(11);
            for (int i = 7; i >= 0; i--) {
                bytes[length + i] = HEX[sum & 0xf];
                sum >>>= 4;
            }
            length += 8;
            bytes[length++] = '"';
            bytes[length++] = '}';
            bytes[length++] = '\n';
        } catch (JacksonException e) {
            discardNumbers();
            throw new IllegalArgumentException("the write of key '" + CanonicalText.printable(key)
                    + "' cannot be encoded as a journal line: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            discardNumbers();
            throw e;
        }
        if (length > LineFormat.MAX_LINE_BYTES) {
            int n = length;
            length = 0;
            throw new IllegalArgumentException("the write of key '" + CanonicalText.printable(key) + "' would be a journal line of "
                    + n + " bytes, more than the limit of " + LineFormat.MAX_LINE_BYTES);
        }
        return length;
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
        return bytes;
    }

    /** Writes {@code node} at nesting level {@code depth} (the line's object is level 1). */
    private void value(JsonNode node, String key, int depth) {
        if (node instanceof ObjectNode) {
            container(depth, key);
            ensure(1);
            bytes[length++] = '{';
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!first) {
                    ensure(1);
                    bytes[length++] = ',';
                }
                first = false;
                string(e.getKey());
                ensure(1);
                bytes[length++] = ':';
                value(e.getValue(), key, depth + 1);
            }
            ensure(1);
            bytes[length++] = '}';
        } else if (node instanceof ArrayNode) {
            container(depth, key);
            ensure(1);
            bytes[length++] = '[';
            for (int i = 0, n = node.size(); i < n; i++) {
                if (i > 0) {
                    ensure(1);
                    bytes[length++] = ',';
                }
                value(node.get(i), key, depth + 1);
            }
            ensure(1);
            bytes[length++] = ']';
        } else if (node instanceof StringNode) {
            string(node.stringValue());
        } else if (node instanceof IntNode || node instanceof ShortNode) {
            number(node.intValue());
        } else if (node instanceof LongNode) {
            number(node.longValue());
        } else if (node instanceof NullNode) {
            put(LineFormat.NULL_TEXT);
        } else if (node instanceof BooleanNode) {
            put(node.booleanValue() ? LineFormat.TRUE_TEXT : LineFormat.FALSE_TEXT);
        } else if (node instanceof DoubleNode) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("value of key '" + CanonicalText.printable(key) + "' holds " + d
                        + ", which has no JSON form");
            }
            numbers().writeNumber(d);
            copyNumber();
        } else if (node instanceof FloatNode) {
            float f = node.floatValue();
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException("value of key '" + CanonicalText.printable(key) + "' holds " + f
                        + ", which has no JSON form");
            }
            numbers().writeNumber(f);
            copyNumber();
        } else if (node instanceof BigIntegerNode) {
            numbers().writeNumber(node.bigIntegerValue());
            copyNumber();
        } else if (node instanceof DecimalNode) {
            numbers().writeNumber(node.decimalValue());
            copyNumber();
        } else if (node instanceof BinaryNode) {
            string(CanonicalValues.base64(node.binaryValue()));
        } else {
            throw new IllegalArgumentException("value of key '" + CanonicalText.printable(key) + "' holds a "
                    + node.getClass().getSimpleName() + ", which is not JSON data");
        }
    }

    /** Refuses a container that would nest deeper than a line may. */
    private static void container(int depth, String key) {
        if (depth > LineFormat.MAX_DEPTH) {
            throw new IllegalArgumentException("the write of key '" + CanonicalText.printable(key)
                    + "' cannot be encoded as a journal line: its value nests deeper than "
                    + CanonicalValues.MAX_DEPTH + " levels");
        }
    }

    /** Writes {@code s} as a JSON string, quotes included, escaped as {@link #jsonStringBytes} counts. */
    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        byte[] b = bytes;
        int at = length;
        b[at++] = '"';
        int i = 0;
        // ASCII that needs no escape, the common case: one byte a char, room reserved above.
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPES[c] != 0) {
                break;
            }
            b[at++] = (byte) c;
        }
        length = at;
        if (i < n) {
            rest(s, i, n);
        }
        ensure(1);
        bytes[length++] = '"';
    }

    /** Writes chars {@code i} to {@code n} of {@code s}, escaping and encoding as needed. */
    private void rest(String s, int i, int n) {
        for (; i < n; i++) {
            char c = s.charAt(i);
            ensure(6);
            byte[] b = bytes;
            if (c < 0x80) {
                int escape = ESCAPES[c];
                if (escape == 0) {
                    b[length++] = (byte) c;
                } else if (escape > 0) {
                    b[length++] = '\\';
                    b[length++] = (byte) escape;
                } else {
                    b[length++] = '\\';
                    b[length++] = 'u';
                    b[length++] = '0';
                    b[length++] = '0';
                    b[length++] = HEX_UPPER[c >> 4];
                    b[length++] = HEX_UPPER[c & 0xf];
                }
            } else if (c < 0x800) {
                b[length++] = (byte) (0xc0 | (c >> 6));
                b[length++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < n ? s.charAt(i + 1) : 0;
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
                    throw new IllegalArgumentException("the write of key '" + CanonicalText.printable(key)
                            + "' cannot be encoded as a journal line: a text holds an unpaired surrogate at index "
                            + i + ", which UTF-8 cannot encode");
                }
                int cp = Character.toCodePoint(c, low);
                i++;
                b[length++] = (byte) (0xf0 | (cp >> 18));
                b[length++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                b[length++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                b[length++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                b[length++] = (byte) (0xe0 | (c >> 12));
                b[length++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[length++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    /** Writes {@code v} in decimal. */
    private void number(long v) {
        if (v == Long.MIN_VALUE) {
            put(MIN_LONG);
            return;
        }
        ensure(20);
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        length += digits;
    }

    /** Forgets a failed line: its bytes and whatever the scratch generator held. */
    private void discardNumbers() {
        length = 0;
        scratch.length = 0;
        JsonGenerator g = numbers;
        numbers = null;
        if (g != null) {
            try {
                g.close();
            } catch (RuntimeException ignored) {
                // broken already; a new one is made for the next number
            }
        }
        scratch.length = 0;
    }

    private JsonGenerator numbers() {
        if (numbers == null) {
            numbers = LineFormat.FACTORY.createGenerator(ObjectWriteContext.empty(), scratch);
        }
        return numbers;
    }

    /** Moves the number the scratch generator just wrote into the line. */
    private void copyNumber() {
        numbers.flush();
        // Root values after the first are separated by nothing (the factory sets no separator).
        ensure(scratch.length);
        System.arraycopy(scratch.bytes, 0, bytes, length, scratch.length);
        length += scratch.length;
        scratch.length = 0;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    private void ensure(int extra) {
        long needed = (long) length + extra;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("journal line longer than " + (Integer.MAX_VALUE - 16) + " bytes");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, 2L * bytes.length)));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The bytes of one number written by the scratch generator. */
    private static final class Scratch extends OutputStream {
        byte[] bytes = new byte[64];
        int length;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (length + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + len, 2 * bytes.length));
            }
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }
}
