package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.jsonl.JsonlStateStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.DecimalNode;

/**
 * What the store keeps survives the tool unchanged: numbers beyond a double, keys beyond
 * Jackson's property-name limit and values nested as deep as the store allows go through
 * export and import as they are, and every command that prints a value prints them.
 */
class StoreLimitsRoundTripTest {

    /** A key longer than Jackson's default 50,000-char limit on property names. */
    static final String LONG_KEY = "k".repeat(60_000);

    @TempDir
    Path dir;

    /** Returns {@code [[[...[1]...]]]} nested {@code depth} arrays deep. */
    static JsonNode nested(int depth) {
        JsonNode v = Fixtures.JSON.numberNode(1);
        for (int i = 0; i < depth; i++) {
            ArrayNode a = Fixtures.JSON.arrayNode();
            a.add(v);
            v = a;
        }
        return v;
    }

    private static Map<String, JsonNode> edgeValues() {
        Map<String, JsonNode> values = new TreeMap<>();
        values.put("tiny", DecimalNode.valueOf(new BigDecimal("1E-400")));
        values.put("precise", DecimalNode.valueOf(new BigDecimal("0.1000000000000000000001")));
        values.put("huge", DecimalNode.valueOf(new BigDecimal("1E+400")));
        values.put("big-int", Fixtures.JSON.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
        values.put("deep", nested(StoreRules.VALUE_DEPTH));
        values.put(LONG_KEY, Fixtures.JSON.stringNode("long key"));
        return values;
    }

    private Path journalWith(Map<String, JsonNode> values) {
        Path journal = dir.resolve("source.jsonl");
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            values.forEach((k, v) -> store.set(k, v, "writer"));
        }
        return journal;
    }

    private static Map<String, JsonNode> state(Path journal) {
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            return new TreeMap<>(store.snapshot());
        }
    }

    @Test
    void exportThenImportKeepsNumbersLongKeysAndDeepValuesExactly() throws Exception {
        Map<String, JsonNode> values = edgeValues();
        Path source = journalWith(values);
        Map<String, JsonNode> stored = state(source);
        assertEquals("1E-400", stored.get("tiny").decimalValue().toString(), "the store keeps 1E-400");

        Path file = dir.resolve("state.json");
        Files.writeString(file, Cli.run("export", source.toString()).succeeds().out());
        Path copy = dir.resolve("copy.jsonl");
        Cli.Run imported = Cli.run("import", copy.toString(), file.toString()).succeeds();
        assertTrue(imported.out().contains("6 set"), imported.out());
        assertEquals(stored, state(copy), "export -> import must give the same state");

        Cli.Run again = Cli.run("import", copy.toString(), file.toString()).succeeds();
        assertTrue(again.out().contains("0 set (action id import), 6 already equal"),
                "re-importing the same file must find every value equal: " + again.out());
    }

    @Test
    void everyCommandThatPrintsAValuePrintsTheDeepestOneTheStoreKeeps() {
        JsonNode deep = nested(StoreRules.VALUE_DEPTH);
        Path journal = dir.resolve("deep.jsonl");
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            store.set("deep", deep, "writer");
            store.set("deep", deep, "writer");
        }
        String j = journal.toString();
        assertEquals(deep, JsonInput.readValue(Cli.run("get", j, "deep").succeeds().out(), "get"));
        assertEquals(deep, JsonInput.readValue(Cli.run("get", j, "deep", "-o", "jsonl").succeeds().out(), "get").get("value"));
        assertEquals(deep, JsonInput.readValue(Cli.run("export", j).succeeds().out(), "export").get("deep"));
        JsonNode t = JsonInput.readValue(Cli.run("history", j, "deep", "-o", "jsonl").succeeds().outLines().get(1), "history");
        assertEquals(deep, t.get("new_value"));
        assertEquals(deep, t.get("old_value"));
        assertEquals(2, Cli.run("history", j, "deep").succeeds().outLines().size());
        assertEquals(2, Cli.run("tail", j).succeeds().outLines().size());
        JsonNode last = JsonInput.readValue(Cli.run("tail", "-n", "1", "-o", "jsonl", j).succeeds().out(), "tail");
        assertEquals(deep, last.get("new_value"));
    }

    @Test
    void importReadsNumbersAsTheStoreDoes() throws Exception {
        Path file = dir.resolve("numbers.json");
        Files.writeString(file, "{\"tiny\":1E-400,\"precise\":0.1000000000000000000001,\"huge\":1E+400,"
                + "\"plain\":0.1,\"trailing\":1.50,\"int\":7,\"long\":30000000000}");
        Path journal = dir.resolve("n.jsonl");
        Cli.run("import", journal.toString(), file.toString()).succeeds();
        Map<String, JsonNode> s = state(journal);
        assertEquals(new BigDecimal("1E-400"), s.get("tiny").decimalValue());
        assertEquals(new BigDecimal("0.1000000000000000000001"), s.get("precise").decimalValue());
        assertEquals(new BigDecimal("1E+400"), s.get("huge").decimalValue());
        assertTrue(s.get("plain").isDouble() && s.get("plain").doubleValue() == 0.1, s.get("plain").toString());
        assertTrue(s.get("trailing").isDouble() && s.get("trailing").doubleValue() == 1.5, s.get("trailing").toString());
        assertTrue(s.get("int").isInt() && s.get("long").isLong(), s.toString());
        assertEquals("1E-400", Cli.run("get", journal.toString(), "tiny").succeeds().out().strip());
    }
}
