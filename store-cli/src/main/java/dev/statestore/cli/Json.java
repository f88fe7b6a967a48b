package dev.statestore.cli;

import dev.statestore.StateTransition;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON the tool prints: values compact or indented, transitions as objects with
 * car-state's field names. Written with the store's limits ({@link StoreRules}), so every value
 * the store keeps prints, inside the objects and arrays the tool wraps it in ({@link JsonInput}
 * reads).
 *
 * <p>Besides the control characters JSON itself escapes, the tool's JSON escapes DEL, the C1
 * controls, format characters and the line and paragraph separators ({@link Text#invisible}):
 * the same value, but no string in it reaches a terminal as a control sequence.
 *
 * <p>Thread-safe: the mapper is immutable.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StoreRules.readConstraints(StoreRules.WRAPPING_DEPTH))
            .streamWriteConstraints(StoreRules.writeConstraints())
            .characterEscapes(new TerminalSafeEscapes())
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build()).build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static String compact(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    static String pretty(JsonNode node) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    /**
     * Returns a transition as one JSON object: {@code line} (where a journal holds it, when read
     * from one), {@code revision} and {@code version} (when recorded with them), {@code key},
     * {@code op} ({@code set} or {@code delete}, so that a set to JSON null is not read as a
     * delete), {@code old_value} (when there was one), {@code new_value} (for a set),
     * {@code action_id}, {@code timestamp}, and {@code ttl_secs} with {@code expires_at} when the
     * write had a TTL.
     *
     * @param lineNumber the journal line, or 0 for none
     */
    static ObjectNode transition(long lineNumber, StateTransition t) {
        ObjectNode o = NODES.objectNode();
        if (lineNumber > 0) {
            o.put("line", lineNumber);
        }
        if (t.revision() > 0) {
            o.put("revision", t.revision());
            o.put("version", t.version());
        }
        o.put("key", t.key());
        o.put("op", t.isDelete() ? "delete" : "set");
        t.oldValue().ifPresent(v -> o.set("old_value", v));
        t.newValue().ifPresent(v -> o.set("new_value", v));
        o.put("action_id", t.actionId());
        o.put("timestamp", t.timestamp().toString());
        ttl(o, t);
        return o;
    }

    /**
     * Returns a live key as one JSON object, from its latest write: {@code key}, {@code value},
     * {@code revision} and {@code version} (when recorded), {@code timestamp}, {@code action_id},
     * and {@code ttl_secs} with {@code expires_at} when the write had a TTL. This is the record
     * {@code export -o jsonl} writes and {@code import} restores.
     */
    static ObjectNode entry(String key, StateTransition latest) {
        ObjectNode o = NODES.objectNode();
        o.put("key", key);
        o.set("value", latest.newValue().orElseThrow());
        if (latest.revision() > 0) {
            o.put("revision", latest.revision());
            o.put("version", latest.version());
        }
        o.put("timestamp", latest.timestamp().toString());
        o.put("action_id", latest.actionId());
        ttl(o, latest);
        return o;
    }

    /**
     * Returns about how many bytes a checkpoint takes for one live key: the length of a line with
     * the fields a checkpoint line holds (key, value, action id, timestamp, TTL, revision, version,
     * {@code op} and an 8-digit {@code crc32c}) and its newline. An estimate: the store's own
     * encoder writes the line.
     */
    static long checkpointLineBytes(String key, StateTransition latest) {
        ObjectNode o = NODES.objectNode();
        o.put("key", key);
        o.set("new_value", latest.newValue().orElseThrow());
        o.put("action_id", latest.actionId());
        o.put("timestamp", latest.timestamp().toString());
        latest.ttlSecs().ifPresent(s -> o.put("ttl_secs", s));
        if (latest.revision() > 0) {
            o.put("rev", latest.revision());
            o.put("version", latest.version());
        }
        o.put("op", "state");
        o.put("crc32c", "00000000");
        return compact(o).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L;
    }

    private static void ttl(ObjectNode o, StateTransition t) {
        if (t.ttlSecs().isPresent()) {
            o.put("ttl_secs", t.ttlSecs().getAsLong());
            o.put("expires_at", t.expiresAt().orElseThrow().toString());
        }
    }

    /** JSON's standard escapes plus <code>&#92;u</code> and four hex digits for the characters {@link Text#invisible} names. */
    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        TerminalSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Text.invisible(ch) ? new SerializedString(String.format(java.util.Locale.ROOT, "\\u%04X", ch)) : null;
        }
    }
}
