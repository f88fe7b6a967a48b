package dev.statestore.bench.peers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import dev.statestore.bench.BenchStore;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The byte forms in which the peers keep JSON: compact UTF-8 JSON for values and audit
 * records, and for the key-value peers (RocksDB, H2 MVStore) an envelope of an 8-byte big-endian
 * deadline (epoch milliseconds, {@link #NO_DEADLINE} for none) in front of the value.
 *
 * <p>Stateless and thread-safe: the mapper is shared and immutable.
 */
final class JsonCodec {

    /** The deadline of a value without TTL. */
    static final long NO_DEADLINE = -1;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonCodec() {
    }

    /** Returns {@code value} as compact UTF-8 JSON. */
    static byte[] bytes(JsonNode value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Returns {@code value} as compact JSON text. */
    static String text(JsonNode value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Returns the tree of UTF-8 JSON {@code bytes}. */
    static JsonNode parse(byte[] bytes) {
        return MAPPER.readTree(bytes);
    }

    /** Returns the tree of JSON {@code text}. */
    static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    /** Returns {@code deadline} followed by the JSON of {@code value}. */
    static byte[] envelope(long deadline, JsonNode value) {
        return envelope(deadline, bytes(value));
    }

    /** Returns the deadline of an envelope. */
    static long deadline(byte[] envelope) {
        return ByteBuffer.wrap(envelope).getLong();
    }

    /** Returns the value of an envelope. */
    static JsonNode value(byte[] envelope) {
        return MAPPER.readTree(envelope, Long.BYTES, envelope.length - Long.BYTES);
    }

    /** Returns the deadline of a TTL of {@code ttlSecs} from {@code nowMillis}, clamped. */
    static long deadline(long nowMillis, long ttlSecs) {
        if (ttlSecs < 0) {
            throw new IllegalArgumentException("ttlSecs must be >= 0, was " + ttlSecs);
        }
        long millis = ttlSecs > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : ttlSecs * 1000;
        return nowMillis > Long.MAX_VALUE - millis ? Long.MAX_VALUE : nowMillis + millis;
    }

    /**
     * Returns an audit record as UTF-8 JSON, with the field names of the statestore journal. The
     * old value is copied from its envelope as raw JSON, the new one from its JSON bytes, so
     * neither is parsed again.
     */
    static byte[] auditRecord(String key, byte[] oldEnvelope, byte[] newJson, String actionId, long millis) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + newJson.length * 2);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("key");
            g.writeString(key);
            if (oldEnvelope != null) {
                g.writeName("old_value");
                g.writeRawValue(new String(oldEnvelope, Long.BYTES, oldEnvelope.length - Long.BYTES,
                        StandardCharsets.UTF_8));
            }
            g.writeName("new_value");
            g.writeRawValue(new String(newJson, StandardCharsets.UTF_8));
            g.writeName("action_id");
            g.writeString(actionId);
            g.writeName("timestamp");
            g.writeNumber(millis);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Returns {@code deadline} followed by {@code json}. */
    static byte[] envelope(long deadline, byte[] json) {
        byte[] out = new byte[Long.BYTES + json.length];
        ByteBuffer.wrap(out).putLong(deadline);
        System.arraycopy(json, 0, out, Long.BYTES, json.length);
        return out;
    }

    /** Returns the audit entry held by a record from {@link #auditRecord}. */
    static BenchStore.AuditRecord readAuditRecord(byte[] record) {
        JsonNode node = parse(record);
        return new BenchStore.AuditRecord(node.get("key").asString(),
                Optional.ofNullable(node.get("old_value")), node.get("new_value"),
                node.get("action_id").asString());
    }
}
