package dev.statestore.cli;

import dev.statestore.internal.CanonicalValues;
import dev.statestore.jsonl.internal.LineFormat;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.databind.JsonNode;

/**
 * The store's own limits and number rule, for every JSON text the tool reads or writes,
 * so that the tool neither refuses nor changes what the store keeps: a value nested as deep as the
 * store allows prints and reads back, a key as long as the store allows can be an exported
 * property name, and a number reads back as the store's reader reads it ({@code 1E-400} stays
 * {@code 1E-400}, not {@code 0.0}; {@code 0.1000000000000000000001} keeps its digits;
 * {@code 1E+400} is a decimal, not infinity).
 *
 * <p>The values come from the JSONL module's rule classes, in a package that module does not
 * export: the tool runs from one jar on the class path, where that is allowed, and keeps the
 * dependency in this one class.
 *
 * <p>Stateless and thread-safe.
 */
final class StoreRules {

    /** Deepest nesting of arrays and objects the store keeps in a value ({@code [1]} is 1). */
    static final int VALUE_DEPTH = LineFormat.MAX_DEPTH - 1;
    /** Longest string, key or action id the store keeps, in chars. */
    static final int MAX_STRING_LENGTH = LineFormat.MAX_STRING_LENGTH;
    /** Longest number the store reads, in chars of its text. */
    static final int MAX_NUMBER_LENGTH = LineFormat.MAX_NUMBER_LENGTH;
    /**
     * Containers the tool puts around a value in what it prints: a transition object inside an
     * array ({@code history -o json}), or a key's object inside an export.
     */
    static final int WRAPPING_DEPTH = 2;

    private StoreRules() {
    }

    /**
     * Returns the read limits for a document whose values sit inside at most {@code wrapping}
     * containers: the store's limits, with property names as long as keys (an export's keys are
     * its property names; names inside values stay bounded by the store's own check at write).
     */
    static StreamReadConstraints readConstraints(int wrapping) {
        return StreamReadConstraints.builder()
                .maxNestingDepth(VALUE_DEPTH + wrapping)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build();
    }

    /** Returns the write limits: the store's deepest value inside the tool's wrapping. */
    static StreamWriteConstraints writeConstraints() {
        return StreamWriteConstraints.builder().maxNestingDepth(VALUE_DEPTH + WRAPPING_DEPTH).build();
    }

    /** Returns the node the store's reader makes of the JSON number {@code text}. */
    static JsonNode number(String text) {
        return CanonicalValues.numberFromText(text);
    }
}
