package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.internal.CanonicalText;
import dev.statestore.internal.CanonicalValues;
import dev.statestore.internal.TransitionAccess;
import java.math.BigInteger;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamConstraintsException;
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
 * The decoder of one journal line into the transition it holds, parsing it with Jackson's streaming parser and
 * building only the two values as trees (numbers by the rules of {@link CanonicalValues}). A line
 * whose checksum matches is first read by {@link CanonicalLineDecoder}, straight from its bytes,
 * when it has exactly the shape {@link LineEncoder} writes; the parser reads every other line.
 *
 * <p>Accepted: our lines (see {@link LineFormat}) and car-state's: fields in any order, unknown
 * fields ignored, {@code old_value}/{@code new_value} {@code null} or missing meaning absent or
 * deleted when the line has no {@code op}, a {@code ttl_secs} of {@code null} meaning none,
 * timestamps in any RFC 3339 form, a trailing {@code '\r'}. A line with a {@code crc32c} must
 * carry it last in canonical form and match; a line with an {@code op} must carry a
 * {@code crc32c}; lines of neither kind need none.
 *
 * <p>Stateless and thread-safe.
 */
public final class LineDecoder {

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private static final int F_KEY = 1;
    private static final int F_OLD = 2;
    private static final int F_NEW = 4;
    private static final int F_ACTION = 8;
    private static final int F_TIMESTAMP = 16;
    private static final int F_TTL = 32;
    private static final int F_OP = 64;
    private static final int F_CRC = 128;
    private static final int F_REV = 256;
    private static final int F_VERSION = 512;

    private LineDecoder() {
    }

    /** Why a line was not accepted; carries no stack trace. */
    public static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param reason why the line is bad
         */
        BadLine(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The texts one replay shares between consecutive lines, so that a run of lines with
     * the same action id holds one {@code String} instead of one per line. Not thread-safe: one
     * per replay.
     */
    public static final class Shared {
        private String actionId;
        private boolean state;

        /**
         * Returns whether the line decoded last was a state line ({@code op:state}): a live key's
         * latest write stored by a rewrite, not a history entry.
         *
         * @return {@code true} for a state line
         */
        public boolean lastWasState() {
            return state;
        }

        /** Creates an empty one. */
        public Shared() {
        }

        String actionId() {
            return actionId;
        }

        void actionId(String actionId) {
            this.actionId = actionId;
        }

        void state(boolean state) {
            this.state = state;
        }
    }

    /**
     * Returns whether the bytes are only spaces, tabs and carriage returns.
     *
     * @param b the array
     * @param off start
     * @param len length
     * @return whether the line is blank
     */
    public static boolean isBlank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes a line as every reader of the layout does: passes over a blank line, and hands the
     * reason a bad line is refused to {@code bad}.
     *
     * @param b the array holding the line
     * @param off where the line starts
     * @param len its length, without the {@code '\n'}
     * @param shared the texts of the previous line, updated with this line's
     * @param bad receives why a line is bad, or {@code null} to pass over bad lines silently
     * @return the transition, or {@code null} for a blank or bad line
     */
    public static StateTransition decodeOrSkip(byte[] b, int off, int len, Shared shared, Consumer<String> bad) {
        if (isBlank(b, off, len)) {
            return null;
        }
        try {
            return decode(b, off, len, shared);
        } catch (BadLine e) {
            if (bad != null) {
                bad.accept(e.getMessage());
            }
            return null;
        }
    }

    /**
     * Returns the transition of one complete, non-blank line.
     *
     * @param b the array holding the line
     * @param off where the line starts
     * @param len its length, without the {@code '\n'}
     * @return the transition
     * @throws BadLine with the reason when the line is malformed or fails its checksum
     */
    public static StateTransition decode(byte[] b, int off, int len) throws BadLine {
        return decode(b, off, len, new Shared());
    }

    /**
     * Returns the transition of one complete, non-blank line, taking an action id equal to the
     * previous line's from {@code shared}.
     *
     * @param b the array holding the line
     * @param off where the line starts
     * @param len its length, without the {@code '\n'}
     * @param shared the texts of the previous line, updated with this line's
     * @return the transition
     * @throws BadLine with the reason when the line is malformed or fails its checksum
     */
    public static StateTransition decode(byte[] b, int off, int len, Shared shared) throws BadLine {
        return decode(b, off, len, shared, true);
    }

    /** Decodes as {@link #decode(byte[], int, int, Shared)}, by the parser alone unless {@code fast}. */
    static StateTransition decode(byte[] b, int off, int len, Shared shared, boolean fast) throws BadLine {
        int end = off + len;
        while (end > off && b[end - 1] == '\r') {
            end--;
        }
        boolean canonicalCrc = false;
        int suffixStart = end - LineFormat.CRC_SUFFIX_LENGTH;
        if (suffixStart > off && b[end - 1] == '}' && b[end - 2] == '"' && startsWith(b, suffixStart, LineFormat.CRC_INTRO)) {
            int declared = 0;
            boolean hex = true;
            for (int i = end - 10; i < end - 2; i++) {
                int d = Character.digit(b[i], 16);
                if (d < 0) {
                    hex = false;
                    break;
                }
                declared = (declared << 4) | d;
            }
            if (hex) {
                CRC32C crc = new CRC32C();
                crc.update(b, off, suffixStart - off);
                int actual = (int) crc.getValue();
                if (actual != declared) {
                    throw new BadLine(String.format("checksum mismatch: the line says crc32c %08x, its bytes give %08x",
                            declared, actual));
                }
                canonicalCrc = true;
                StateTransition t = fast ? CanonicalLineDecoder.decode(b, off, suffixStart, shared) : null;
                if (t != null) {
                    return t;
                }
            }
        }
        try (JsonParser p = LineFormat.FACTORY.createParser(ObjectReadContext.empty(), b, off, end - off)) {
            return parse(p, canonicalCrc, shared);
        } catch (StreamConstraintsException e) {
            throw new BadLine("over the store's limits (values nest at most " + CanonicalValues.MAX_DEPTH
                    + " levels, strings hold at most " + CanonicalValues.MAX_STRING_LENGTH + " chars, names "
                    + CanonicalValues.MAX_NAME_LENGTH + ", numbers " + CanonicalValues.MAX_NUMBER_LENGTH
                    + "), which set refuses too: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new BadLine("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static StateTransition parse(JsonParser p, boolean canonicalCrc, Shared shared) throws BadLine {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new BadLine("not a JSON object");
        }
        int seen = 0;
        String key = null;
        String actionId = null;
        String timestamp = null;
        Instant at = null;
        int op = 0; // 0 none, 1 set, 2 delete, 3 state
        long revision = 0;
        long version = 0;
        JsonNode oldValue = null;
        JsonNode newValue = null;
        long ttl = -1;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            int field;
            switch (name) {
                case LineFormat.KEY:
                    field = F_KEY;
                    key = text(string(p, token, name), name);
                    break;
                case LineFormat.OLD_VALUE:
                    field = F_OLD;
                    oldValue = value(p, token, name);
                    break;
                case LineFormat.NEW_VALUE:
                    field = F_NEW;
                    newValue = value(p, token, name);
                    break;
                case LineFormat.ACTION_ID:
                    field = F_ACTION;
                    requireString(token, name);
                    if (shared.actionId != null && textIs(p, shared.actionId)) {
                        actionId = shared.actionId;
                    } else {
                        actionId = text(p.getString(), name);
                        shared.actionId = actionId;
                    }
                    break;
                case LineFormat.TIMESTAMP:
                    field = F_TIMESTAMP;
                    requireString(token, name);
                    at = Timestamps.parseFast(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
                    if (at == null) {
                        timestamp = p.getString();
                    }
                    break;
                case LineFormat.TTL_SECS:
                    field = F_TTL;
                    ttl = ttl(p, token);
                    break;
                case LineFormat.OP:
                    field = F_OP;
                    requireString(token, name);
                    if (textIs(p, LineFormat.OP_SET)) {
                        op = 1;
                    } else if (textIs(p, LineFormat.OP_DELETE)) {
                        op = 2;
                    } else if (textIs(p, LineFormat.OP_STATE)) {
                        op = 3;
                    } else {
                        throw new BadLine("unknown op '" + p.getString() + "' (expected set, delete or state)");
                    }
                    break;
                case LineFormat.REV:
                    field = F_REV;
                    revision = count(p, token, name);
                    break;
                case LineFormat.VERSION:
                    field = F_VERSION;
                    version = count(p, token, name);
                    break;
                case LineFormat.CRC32C:
                    field = F_CRC;
                    requireString(token, name);
                    p.getStringCharacters(); // reads (and so checks) the string without keeping it
                    break;
                default:
                    field = 0;
                    p.skipChildren();
                    break;
            }
            if ((seen & field) != 0) {
                throw new BadLine("field '" + name + "' appears twice");
            }
            seen |= field;
        }
        if (p.nextToken() != null) {
            throw new BadLine("text after the JSON object");
        }
        if ((seen & F_CRC) != 0 && !canonicalCrc) {
            throw new BadLine("the crc32c field is not last in canonical form (\"crc32c\":\"<8 hex digits>\"})");
        }
        if ((seen & F_OP) != 0 && (seen & F_CRC) == 0) {
            throw new BadLine("the line has an op field but no crc32c checksum");
        }
        require(seen, F_KEY, LineFormat.KEY);
        require(seen, F_ACTION, LineFormat.ACTION_ID);
        require(seen, F_TIMESTAMP, LineFormat.TIMESTAMP);
        boolean delete;
        shared.state = op == 3;
        if ((seen & F_REV) != 0 && revision == 0) {
            throw new BadLine("field 'rev' must be >= 1, is 0");
        }
        if (op != 0) {
            delete = op == 2;
            if (delete && newValue != null && !newValue.isNull()) {
                throw new BadLine("op delete with a non-null new_value");
            }
            if (!delete && (seen & F_NEW) == 0) {
                throw new BadLine("op " + (op == 3 ? "state" : "set") + " without a new_value");
            }
            if ((seen & F_REV) != 0 && (delete ? version != 0 : version == 0)) {
                throw new BadLine("field 'version' is " + version + ", which does not fit a "
                        + (delete ? "delete (0)" : "set (>= 1)"));
            }
        } else {
            delete = newValue == null || newValue.isNull();
            if (oldValue != null && oldValue.isNull()) {
                oldValue = null;
            }
        }
        if (at == null) {
            try {
                at = Timestamps.parse(timestamp);
            } catch (IllegalArgumentException e) {
                throw new BadLine("bad timestamp: " + e.getMessage());
            }
        }
        // Without a revision (car-state's lines, version 1's) a version means nothing to the
        // replay, which numbers the line by its position. A state line without one is a key that
        // replaceAll or restore installed at revision 0, whose version is always 1.
        long v = delete ? 0 : revision != 0 ? version : shared.state ? 1 : 0;
        return TRANSITIONS.adopt(key, oldValue, delete ? null : newValue, actionId, at, delete ? -1 : ttl,
                revision, v);
    }

    private static long count(JsonParser p, JsonToken token, String name) throws BadLine {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new BadLine("field '" + name + "' must be a non-negative integer, is " + token);
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG || p.getLongValue() < 0) {
            throw new BadLine("field '" + name + "' must be an integer from 0 to " + Long.MAX_VALUE + ", is "
                    + p.getString());
        }
        return p.getLongValue();
    }

    private static void require(int seen, int field, String name) throws BadLine {
        if ((seen & field) == 0) {
            throw new BadLine("missing field '" + name + "'");
        }
    }

    private static String string(JsonParser p, JsonToken token, String name) throws BadLine {
        requireString(token, name);
        return p.getString();
    }

    private static void requireString(JsonToken token, String name) throws BadLine {
        if (token != JsonToken.VALUE_STRING) {
            throw new BadLine("field '" + name + "' must be a string, is " + token);
        }
    }

    /** Returns whether the current string token is {@code expected}, without making a String. */
    private static boolean textIs(JsonParser p, String expected) {
        char[] c = p.getStringCharacters();
        int off = p.getStringOffset();
        int len = p.getStringLength();
        if (len != expected.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (c[off + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long ttl(JsonParser p, JsonToken token) throws BadLine {
        if (token == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new BadLine("field 'ttl_secs' must be a non-negative integer, is " + token);
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
            long v = p.getLongValue();
            if (v < 0) {
                throw new BadLine("field 'ttl_secs' must be a non-negative integer, is " + v);
            }
            return v;
        }
        BigInteger v = new BigInteger(p.getString());
        if (v.signum() < 0) {
            throw new BadLine("field 'ttl_secs' must be a non-negative integer, is " + v);
        }
        return v.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : v.longValue();
    }

    /** Returns {@code s}, the text of field {@code field}, or refuses it by the rule {@code set} applies. */
    private static String text(String s, String field) throws BadLine {
        String problem = CanonicalText.textProblem(s);
        if (problem != null) {
            throw new BadLine("field '" + field + "': " + problem + ", which set refuses too");
        }
        return s;
    }

    /** Returns the value of field {@code field}, refusing text that {@code set} refuses, with its place. */
    private static JsonNode value(JsonParser p, JsonToken token, String field) throws BadLine {
        try {
            return tree(p, token);
        } catch (BadText e) {
            String at = e.path.length() == 0 ? "" : " at " + e.path;
            throw new BadLine("field '" + field + "'" + at + ": " + e.getMessage() + ", which set refuses too");
        }
    }

    /** Text in a value that {@code set} refuses; collects the JSON Pointer of its place on the way up. */
    private static final class BadText extends Exception {
        private static final long serialVersionUID = 1L;
        final StringBuilder path = new StringBuilder();

        BadText(String message) {
            super(message, null, false, false);
        }

        BadText at(String segment) {
            path.insert(0, "/" + segment.replace("~", "~0").replace("/", "~1"));
            return this;
        }
    }

    private static JsonNode tree(JsonParser p, JsonToken token) throws BadLine, BadText {
        switch (token) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                String name;
                while ((name = p.nextName()) != null) {
                    String problem = CanonicalText.nameProblem(name);
                    if (problem != null) {
                        throw new BadText("property name " + problem).at(CanonicalText.printable(name));
                    }
                    try {
                        o.set(name, tree(p, p.nextToken()));
                    } catch (BadText e) {
                        throw e.at(CanonicalText.printable(name));
                    }
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new BadLine("unterminated array");
                    }
                    try {
                        a.add(tree(p, t));
                    } catch (BadText e) {
                        throw e.at(Integer.toString(a.size()));
                    }
                }
                return a;
            }
            case VALUE_STRING: {
                String text = p.getString();
                String problem = CanonicalText.textProblem(text);
                if (problem != null) {
                    throw new BadText("string " + problem);
                }
                return StringNode.valueOf(text);
            }
            case VALUE_NUMBER_INT: {
                // the parser's own reading of what fits a long gives the nodes CanonicalValues.numberFromText gives
                JsonParser.NumberType type = p.getNumberType();
                if (type == JsonParser.NumberType.INT) {
                    return IntNode.valueOf(p.getIntValue());
                }
                if (type == JsonParser.NumberType.LONG) {
                    long v = p.getLongValue();
                    return (int) v == v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
                }
                return number(p);
            }
            case VALUE_NUMBER_FLOAT:
                return number(p);
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.getInstance();
            default:
                throw new BadLine("unexpected token " + token);
        }
    }

    private static JsonNode number(JsonParser p) throws BadLine {
        try {
            return CanonicalValues.numberFromText(p.getString());
        } catch (NumberFormatException e) {
            throw new BadLine("unreadable number " + p.getString());
        }
    }
}
