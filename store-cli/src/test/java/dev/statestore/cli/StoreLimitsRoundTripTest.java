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

    private static final tools.jackson.databind.ObjectMapper READER = tools.jackson.databind.json.JsonMapper.builder(
            tools.jackson.core.json.JsonFactory.builder().streamReadConstraints(StoreRules.readConstraints(StoreRules.WRAPPING_DEPTH))
                    .build()).build();

    private static JsonNode read(String text, String what) {
        return READER.readTree(text);
    }

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
    void everyCommandThatPrintsAValuePrintsTheDeepestOneTheStoreKeeps() {
        JsonNode deep = nested(StoreRules.VALUE_DEPTH);
        Path journal = dir.resolve("deep.jsonl");
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            store.set("deep", deep, "writer");
            store.set("deep", deep, "writer");
        }
        String j = journal.toString();
        assertEquals(deep, read(Cli.run("get", j, "deep").succeeds().out(), "get"));
        assertEquals(deep, read(Cli.run("get", j, "deep", "--compact").succeeds().out(), "get"));
        assertEquals(deep, read(Cli.run("export", j).succeeds().out(), "export").get("deep"));
        JsonNode t = read(Cli.run("history", j, "deep", "--json").succeeds().outLines().get(1), "history");
        assertEquals(deep, t.get("new_value"));
        assertEquals(deep, t.get("old_value"));
        assertEquals(2, Cli.run("history", j, "deep").succeeds().outLines().size());
        assertEquals(2, Cli.run("tail", j).succeeds().outLines().size());
        JsonNode last = read(Cli.run("tail", "-n", "1", "--json", j).succeeds().out(), "tail");
        assertEquals(deep, last.get("new_value"));
    }
}
