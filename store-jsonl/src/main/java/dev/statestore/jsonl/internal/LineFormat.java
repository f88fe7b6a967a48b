package dev.statestore.jsonl.internal;

import dev.statestore.internal.CanonicalValues;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * The constants of the journal's line format: field names, the limits the reader
 * enforces, and the one {@link JsonFactory} configured with them.
 *
 * <p>A line is one compact JSON object, UTF-8, ended by {@code '\n'}, with car-state's fields
 * {@code key}, {@code old_value} (omitted when the key was absent), {@code new_value} ({@code null}
 * for a delete), {@code action_id}, {@code timestamp} (RFC 3339 UTC, {@code Instant.toString()}
 * form) and {@code ttl_secs} (omitted when none), then two fields of ours: {@code op}
 * ({@code "set"} or {@code "delete"}, so that a set to JSON {@code null} is not read as a delete)
 * and, always last, {@code crc32c}: eight lower-case hex digits of the CRC-32C of every byte of
 * the line before the {@code ,"crc32c":} that introduces it.
 *
 * <p>Thread-safe: constants and an immutable factory.
 */
public final class LineFormat {

    /** Field {@code key}. */
    public static final String KEY = "key";
    /** Field {@code old_value}. */
    public static final String OLD_VALUE = "old_value";
    /** Field {@code new_value}. */
    public static final String NEW_VALUE = "new_value";
    /** Field {@code action_id}. */
    public static final String ACTION_ID = "action_id";
    /** Field {@code timestamp}. */
    public static final String TIMESTAMP = "timestamp";
    /** Field {@code ttl_secs}. */
    public static final String TTL_SECS = "ttl_secs";
    /** Field {@code op}: ours, {@code "set"} or {@code "delete"}. */
    public static final String OP = "op";
    /** Field {@code crc32c}: ours, always the last field. */
    public static final String CRC32C = "crc32c";
    /** Value of {@code op} for a write. */
    public static final String OP_SET = "set";
    /** Value of {@code op} for a delete. */
    public static final String OP_DELETE = "delete";
    /**
     * Value of {@code op} for a live key's latest write stored by a rewrite: it sets the key on
     * replay but is not part of the history.
     */
    public static final String OP_STATE = "state";
    /** Field {@code rev}: ours, the transition's revision. */
    public static final String REV = "rev";
    /** Field {@code version}: ours (car-state's name), the key's version after the write. */
    public static final String VERSION = "version";

    /** The bytes each field of a line begins with, as the encoder writes them (the key's also opens the line). */
    static final byte[] KEY_FIELD = ascii("{\"" + KEY + "\":");
    static final byte[] OLD_VALUE_FIELD = ascii(",\"" + OLD_VALUE + "\":");
    static final byte[] NEW_VALUE_FIELD = ascii(",\"" + NEW_VALUE + "\":");
    static final byte[] ACTION_ID_FIELD = ascii(",\"" + ACTION_ID + "\":");
    /** With the opening quote of the timestamp's text. */
    static final byte[] TIMESTAMP_FIELD = ascii(",\"" + TIMESTAMP + "\":\"");
    static final byte[] TTL_SECS_FIELD = ascii(",\"" + TTL_SECS + "\":");
    static final byte[] REV_FIELD = ascii(",\"" + REV + "\":");
    static final byte[] VERSION_FIELD = ascii(",\"" + VERSION + "\":");
    /** With the opening quote of the op's text. */
    static final byte[] OP_FIELD = ascii(",\"" + OP + "\":\"");
    /** The op texts after {@link #OP_FIELD}, with their closing quote. */
    static final byte[] SET_TEXT = ascii(OP_SET + "\"");
    static final byte[] DELETE_TEXT = ascii(OP_DELETE + "\"");
    static final byte[] STATE_TEXT = ascii(OP_STATE + "\"");
    static final byte[] NULL_TEXT = ascii("null");
    static final byte[] TRUE_TEXT = ascii("true");
    static final byte[] FALSE_TEXT = ascii("false");

    /** The bytes that introduce the checksum: {@code ,"crc32c":"}. */
    static final byte[] CRC_INTRO = ",\"crc32c\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Length of the checksum suffix {@code ,"crc32c":"xxxxxxxx"}} (without the newline). */
    static final int CRC_SUFFIX_LENGTH = CRC_INTRO.length + 8 + 2;

    /** Deepest nesting the reader accepts: a value's limit plus the line's own object. */
    public static final int MAX_DEPTH = CanonicalValues.MAX_DEPTH + 1;
    /** Longest string value, key or action id (in chars) the reader accepts: the store's limit. */
    public static final int MAX_STRING_LENGTH = CanonicalValues.MAX_STRING_LENGTH;
    /** Longest object property name (in chars) the reader accepts: the store's limit. */
    public static final int MAX_NAME_LENGTH = CanonicalValues.MAX_NAME_LENGTH;
    /** Longest number (in chars) the reader accepts: the store's limit. */
    public static final int MAX_NUMBER_LENGTH = CanonicalValues.MAX_NUMBER_LENGTH;
    /** Upper bound of the encoded size of one value; larger values are refused at set time. */
    public static final long MAX_VALUE_BYTES = 256L << 20;
    /** Longest line, in bytes, the journal writes or the reader parses. */
    public static final int MAX_LINE_BYTES = 1 << 30;

    /** The factory of every parser and generator of journal lines. */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .rootValueSeparator((String) null)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private LineFormat() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
