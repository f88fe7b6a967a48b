package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.statestore.jsonl.internal.LineEncoder;
import dev.statestore.jsonl.internal.LineFormat;
import dev.statestore.jsonl.internal.Values;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * The limits on strings are the ones the README states, measured: a string of the reader's
 * maximum length (100,000,000 chars) is stored and read back, and the 256 MiB limit on a value's
 * encoding counts the bytes the encoder really writes, not an estimate.
 */
class StringLimitTest {

    @TempDir
    Path dir;

    @Test
    void aStringOfTheReadersMaximumLengthIsStoredAndReadBackAfterReopen() {
        Path p = dir.resolve("long.jsonl");
        String longest = "s".repeat(LineFormat.MAX_STRING_LENGTH);
        try (JsonlStateStore s = JsonlStateStore.open(p)) {
            s.set("long", StringNode.valueOf(longest), "w");
            s.set("small", Journals.NODES.numberNode(1), "w");
        }
        try (JsonlStateStore s = JsonlStateStore.builder(p).strict(true).open()) {
            JsonNode back = s.get("long").orElseThrow();
            assertEquals(LineFormat.MAX_STRING_LENGTH, back.stringValue().length());
            assertTrue(back.stringValue().equals(longest), "the string read back differs");
            assertTrue(s.exists("small"));
        }
    }

    @Test
    void theEncodedSizeLimitCountsTheBytesEachCharTakes() {
        // 2 bytes a char in UTF-8: 200,000,002 bytes with the quotes, within 256 MiB.
        String twoByteChars = "é".repeat(LineFormat.MAX_STRING_LENGTH);
        assertEquals(StringNode.valueOf(twoByteChars), Values.writableCopy("k", StringNode.valueOf(twoByteChars)));
        // 3 bytes a char: 90,000,000 of them take 270,000,002 bytes, over 268,435,456.
        String threeByteChars = "✓".repeat(90_000_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Values.writableCopy("k", StringNode.valueOf(threeByteChars)));
        assertTrue(e.getMessage().contains("270000002 bytes") && e.getMessage().contains("'k'"), e.getMessage());
        // 89,000,000 take 267,000,002 bytes: accepted.
        String justUnder = "✓".repeat(89_000_000);
        assertEquals(StringNode.valueOf(justUnder), Values.writableCopy("k", StringNode.valueOf(justUnder)));
    }

    @Test
    void theMeasuredLengthOfAStringIsWhatTheGeneratorWrites() {
        qt().withExamples(3000)
                .forAll(JsonGen::string)
                .checkAssert(s -> {
                    if (dev.statestore.internal.CanonicalText.textProblem(s) != null) {
                        return; // unpaired surrogates are refused before anything is measured
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (JsonGenerator g = LineFormat.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
                        g.writeString(s);
                    }
                    assertEquals(out.size(), LineEncoder.jsonStringBytes(s), () -> "for " + out);
                });
    }
}
