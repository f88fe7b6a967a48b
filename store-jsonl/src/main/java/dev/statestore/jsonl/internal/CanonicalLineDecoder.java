package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.internal.CanonicalText;
import dev.statestore.internal.CanonicalValues;
import dev.statestore.internal.TransitionAccess;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The fast path of {@link LineDecoder}: reads a line whose checksum matched, and which therefore
 * is almost surely one {@link LineEncoder} wrote, straight from its bytes, without a Jackson
 * parser. It accepts only the encoder's exact shape: its fields in its order, compact, strings
 * and numbers as it writes them, every text one that {@code set} accepts. Anything else (another
 * order, whitespace, an unknown field, a text or number it does not expect, a value over the
 * store's limits) makes it return {@code null}, and the Jackson path reads the line and names what
 * is wrong with it. For every line it does read, it returns the transition the Jackson path
 * returns ({@code CanonicalLineDecoderTest} compares the two).
 *
 * <p>Object member names are shared, as Jackson's parser shares them: the values of a state
 * whose objects have the same members then hold one string per name, not one per value (without
 * it, a reopened state of 10^4 keys whose values had two members held 20,000 strings more than
 * the parser's).
 *
 * <p>Thread-safe.
 */
final class CanonicalLineDecoder {

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The most member names kept for sharing; when it is reached the table starts over. */
    static final int MAX_NAMES = 4096;
    /**
     * One instance per member name read. Bounded, like the parser's symbol table: values whose
     * members are ever new (maps keyed by ids) fill it, it is emptied and starts over, and names
     * read before keep the instance they were given.
     */
    private static final ConcurrentHashMap<String, String> NAMES = new ConcurrentHashMap<>();

    private CanonicalLineDecoder() {
    }

    /** Gives up on a line; the Jackson path reads it. Carries no stack trace. */
    private static final class NotCanonical extends Exception {
        private static final long serialVersionUID = 1L;
        static final NotCanonical INSTANCE = new NotCanonical();

        private NotCanonical() {
            super(null, null, false, false);
        }
    }

    /** A cursor over the line's bytes. */
    private static final class Cursor {
        final byte[] b;
        int at;
        final int end;

        Cursor(byte[] b, int at, int end) {
            this.b = b;
            this.at = at;
            this.end = end;
        }

        boolean take(byte[] expected) {
            int n = expected.length;
            if (end - at < n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (b[at + i] != expected[i]) {
                    return false;
                }
            }
            at += n;
            return true;
        }

        void expect(byte[] expected) throws NotCanonical {
            if (!take(expected)) {
                throw NotCanonical.INSTANCE;
            }
        }

        int peek() throws NotCanonical {
            if (at >= end) {
                throw NotCanonical.INSTANCE;
            }
            return b[at];
        }
    }

    /**
     * Reads the line from {@code off} up to {@code crcStart}, where its checksum field begins.
     *
     * @param b the array holding the line
     * @param off where the line starts
     * @param crcStart where {@code ,"crc32c":"} begins
     * @param shared the previous line's texts, updated with this line's when it is read
     * @return the transition, or {@code null} when the line is not in the encoder's shape
     */
    static StateTransition decode(byte[] b, int off, int crcStart, LineDecoder.Shared shared) {
        try {
            return read(new Cursor(b, off, crcStart), shared);
        } catch (NotCanonical e) {
            return null;
        }
    }

    private static StateTransition read(Cursor c, LineDecoder.Shared shared) throws NotCanonical {
        c.expect(LineFormat.KEY_FIELD);
        String key = text(c);
        JsonNode oldValue = null;
        if (c.take(LineFormat.OLD_VALUE_FIELD)) {
            oldValue = value(c, 2);
        }
        c.expect(LineFormat.NEW_VALUE_FIELD);
        JsonNode newValue = value(c, 2);
        c.expect(LineFormat.ACTION_ID_FIELD);
        String actionId = text(c);
        c.expect(LineFormat.TIMESTAMP_FIELD);
        Instant at = timestamp(c);
        long ttl = -1;
        if (c.take(LineFormat.TTL_SECS_FIELD)) {
            ttl = count(c);
        }
        long revision = 0;
        long version = 0;
        if (c.take(LineFormat.REV_FIELD)) {
            revision = count(c);
            c.expect(LineFormat.VERSION_FIELD);
            version = count(c);
            if (revision == 0) {
                throw NotCanonical.INSTANCE;
            }
        }
        c.expect(LineFormat.OP_FIELD);
        int op;
        if (c.take(LineFormat.SET_TEXT)) {
            op = 1;
        } else if (c.take(LineFormat.DELETE_TEXT)) {
            op = 2;
        } else if (c.take(LineFormat.STATE_TEXT)) {
            op = 3;
        } else {
            throw NotCanonical.INSTANCE;
        }
        if (c.at != c.end) {
            throw NotCanonical.INSTANCE;
        }
        boolean delete = op == 2;
        if (delete && !newValue.isNull() || revision != 0 && (delete ? version != 0 : version == 0)) {
            throw NotCanonical.INSTANCE; // the Jackson path says which rule the line breaks
        }
        if (actionId.equals(shared.actionId())) {
            actionId = shared.actionId();
        } else {
            shared.actionId(actionId);
        }
        shared.state(op == 3);
        long v = delete ? 0 : revision != 0 ? version : op == 3 ? 1 : 0;
        return TRANSITIONS.adopt(key, oldValue, delete ? null : newValue, actionId, at, delete ? -1 : ttl, revision, v);
    }

    /** Returns the shared instance of a member name, making {@code name} it if there is none. */
    static String shared(String name) {
        String known = NAMES.get(name);
        if (known != null) {
            return known;
        }
        if (NAMES.size() >= MAX_NAMES) {
            NAMES.clear();
        }
        known = NAMES.putIfAbsent(name, name);
        return known != null ? known : name;
    }

    /** Reads a string that {@code set} accepts as a key, an action id or a value's text. */
    private static String text(Cursor c) throws NotCanonical {
        String s = string(c);
        if (CanonicalText.textProblem(s) != null) {
            throw NotCanonical.INSTANCE;
        }
        return s;
    }

    /** Reads a JSON string as the encoder writes it: UTF-8, its escapes only where it writes them. */
    private static String string(Cursor c) throws NotCanonical {
        byte[] b = c.b;
        if (c.peek() != '"') {
            throw NotCanonical.INSTANCE;
        }
        int start = c.at + 1;
        int i = start;
        int end = c.end;
        while (i < end) {
            int x = b[i];
            if (x == '"') {
                c.at = i + 1;
                return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (x < 0x20 || x == '\\') { // a control char, an escape, or (negative) a byte of a multi-byte char
                break;
            }
            i++;
        }
        StringBuilder s = new StringBuilder(i - start + 16);
        for (int k = start; k < i; k++) {
            s.append((char) b[k]);
        }
        while (i < end) {
            int x = b[i] & 0xff;
            if (x == '"') {
                c.at = i + 1;
                return s.toString();
            }
            if (x == '\\') {
                if (i + 1 >= end) {
                    throw NotCanonical.INSTANCE;
                }
                int e = b[i + 1];
                i += 2;
                switch (e) {
                    case '"' -> s.append('"');
                    case '\\' -> s.append('\\');
                    case 'b' -> s.append('\b');
                    case 't' -> s.append('\t');
                    case 'n' -> s.append('\n');
                    case 'f' -> s.append('\f');
                    case 'r' -> s.append('\r');
                    case 'u' -> {
                        // The encoder writes \\u00XX, upper case, only for the other control chars.
                        if (i + 4 > end || b[i] != '0' || b[i + 1] != '0') {
                            throw NotCanonical.INSTANCE;
                        }
                        int hi = hex(b[i + 2]);
                        int lo = hex(b[i + 3]);
                        int ch = hi << 4 | lo;
                        if (hi < 0 || lo < 0 || ch >= 0x20) {
                            throw NotCanonical.INSTANCE;
                        }
                        s.append((char) ch);
                        i += 4;
                    }
                    default -> throw NotCanonical.INSTANCE;
                }
            } else if (x < 0x20) {
                throw NotCanonical.INSTANCE;
            } else if (x < 0x80) {
                s.append((char) x);
                i++;
            } else if (x >= 0xc2 && x < 0xe0) {
                int x1 = continuation(b, i + 1, end);
                s.append((char) ((x & 0x1f) << 6 | x1));
                i += 2;
            } else if (x >= 0xe0 && x < 0xf0) {
                int x1 = continuation(b, i + 1, end);
                int x2 = continuation(b, i + 2, end);
                int ch = (x & 0x0f) << 12 | x1 << 6 | x2;
                if (ch < 0x800 || Character.isSurrogate((char) ch)) {
                    throw NotCanonical.INSTANCE; // overlong, or a surrogate UTF-8 may not carry
                }
                s.append((char) ch);
                i += 3;
            } else if (x >= 0xf0 && x < 0xf5) {
                int x1 = continuation(b, i + 1, end);
                int x2 = continuation(b, i + 2, end);
                int x3 = continuation(b, i + 3, end);
                int cp = (x & 0x07) << 18 | x1 << 12 | x2 << 6 | x3;
                if (cp < 0x10000 || cp > Character.MAX_CODE_POINT) {
                    throw NotCanonical.INSTANCE;
                }
                s.append(Character.highSurrogate(cp)).append(Character.lowSurrogate(cp));
                i += 4;
            } else {
                throw NotCanonical.INSTANCE;
            }
        }
        throw NotCanonical.INSTANCE; // unterminated
    }

    private static int continuation(byte[] b, int i, int end) throws NotCanonical {
        if (i >= end || (b[i] & 0xc0) != 0x80) {
            throw NotCanonical.INSTANCE;
        }
        return b[i] & 0x3f;
    }

    private static int hex(byte x) {
        if (x >= '0' && x <= '9') {
            return x - '0';
        }
        return x >= 'A' && x <= 'F' ? x - 'A' + 10 : -1;
    }

    /** Reads a timestamp's text (after its opening quote) as the Jackson path does. */
    private static Instant timestamp(Cursor c) throws NotCanonical {
        int start = c.at;
        int i = start;
        while (i < c.end && c.b[i] != '"') {
            int x = c.b[i];
            if (x < 0x20 || x == '\\') {
                throw NotCanonical.INSTANCE;
            }
            i++;
        }
        if (i >= c.end || i - start > 64) {
            throw NotCanonical.INSTANCE;
        }
        char[] chars = new char[i - start];
        for (int k = 0; k < chars.length; k++) {
            chars[k] = (char) c.b[start + k];
        }
        c.at = i + 1;
        Instant at = Timestamps.parseFast(chars, 0, chars.length);
        if (at == null) {
            try {
                at = Timestamps.parse(new String(chars));
            } catch (IllegalArgumentException e) {
                throw NotCanonical.INSTANCE;
            }
        }
        return at;
    }

    /** Reads a non-negative integer that fits a long, as the encoder writes one: no sign, no leading zero. */
    private static long count(Cursor c) throws NotCanonical {
        byte[] b = c.b;
        int i = c.at;
        int start = i;
        long v = 0;
        while (i < c.end && b[i] >= '0' && b[i] <= '9') {
            int digit = b[i] - '0';
            if (v > (Long.MAX_VALUE - digit) / 10) {
                throw NotCanonical.INSTANCE; // past a long: the Jackson path decides
            }
            v = v * 10 + digit;
            i++;
        }
        if (i == start || b[start] == '0' && i - start > 1) {
            throw NotCanonical.INSTANCE;
        }
        c.at = i;
        return v;
    }

    /**
     * Steps into an object or array at nesting level {@code depth}; returns whether it has members,
     * having stepped past its {@code close} when it has none.
     */
    private static boolean opens(Cursor c, int depth, char close) throws NotCanonical {
        if (depth > LineFormat.MAX_DEPTH) {
            throw NotCanonical.INSTANCE;
        }
        c.at++;
        if (c.peek() == close) {
            c.at++;
            return false;
        }
        return true;
    }

    /** Steps past the comma before another member ({@code true}) or the {@code close} that ends them. */
    private static boolean more(Cursor c, char close) throws NotCanonical {
        int next = c.peek();
        c.at++;
        if (next == ',') {
            return true;
        }
        if (next != close) {
            throw NotCanonical.INSTANCE;
        }
        return false;
    }

    /** Reads a value at nesting level {@code depth} (the line's object is level 1). */
    private static JsonNode value(Cursor c, int depth) throws NotCanonical {
        int x = c.peek();
        switch (x) {
            case '{': {
                ObjectNode o = NODES.objectNode();
                if (opens(c, depth, '}')) {
                    do {
                        String name = string(c);
                        String known = NAMES.get(name); // a shared name passed the check before
                        if (known == null) {
                            if (CanonicalText.nameProblem(name) != null) {
                                throw NotCanonical.INSTANCE;
                            }
                            known = shared(name);
                        }
                        if (c.peek() != ':') {
                            throw NotCanonical.INSTANCE;
                        }
                        c.at++;
                        o.set(known, value(c, depth + 1));
                    } while (more(c, '}'));
                }
                return o;
            }
            case '[': {
                ArrayNode a = NODES.arrayNode();
                if (opens(c, depth, ']')) {
                    do {
                        a.add(value(c, depth + 1));
                    } while (more(c, ']'));
                }
                return a;
            }
            case '"':
                return StringNode.valueOf(text(c));
            case 'n':
                c.expect(LineFormat.NULL_TEXT);
                return NullNode.getInstance();
            case 't':
                c.expect(LineFormat.TRUE_TEXT);
                return BooleanNode.TRUE;
            case 'f':
                c.expect(LineFormat.FALSE_TEXT);
                return BooleanNode.FALSE;
            default:
                return number(c);
        }
    }

    /**
     * Reads a number by JSON's grammar: an integer of up to 18 digits directly, anything else
     * through {@link CanonicalValues#numberFromText}, as the Jackson path does.
     */
    private static JsonNode number(Cursor c) throws NotCanonical {
        byte[] b = c.b;
        int start = c.at;
        int i = start;
        boolean negative = i < c.end && b[i] == '-';
        if (negative) {
            i++;
        }
        int digitsStart = i;
        while (i < c.end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int digits = i - digitsStart;
        if (digits == 0 || b[digitsStart] == '0' && digits > 1) {
            throw NotCanonical.INSTANCE;
        }
        boolean integer = true;
        if (i < c.end && b[i] == '.') {
            integer = false;
            int fraction = ++i;
            while (i < c.end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == fraction) {
                throw NotCanonical.INSTANCE;
            }
        }
        if (i < c.end && (b[i] == 'e' || b[i] == 'E')) {
            integer = false;
            i++;
            if (i < c.end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int exponent = i;
            while (i < c.end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == exponent) {
                throw NotCanonical.INSTANCE;
            }
        }
        if (i - start > CanonicalValues.MAX_NUMBER_LENGTH) {
            throw NotCanonical.INSTANCE;
        }
        c.at = i;
        if (integer && digits <= 18) {
            if (negative && digits == 1 && b[digitsStart] == '0') {
                throw NotCanonical.INSTANCE; // -0: the Jackson path decides
            }
            long v = 0;
            for (int k = digitsStart; k < i; k++) {
                v = v * 10 + (b[k] - '0');
            }
            if (negative) {
                v = -v;
            }
            return (int) v == v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
        }
        try {
            return CanonicalValues.numberFromText(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            throw NotCanonical.INSTANCE;
        }
    }
}
