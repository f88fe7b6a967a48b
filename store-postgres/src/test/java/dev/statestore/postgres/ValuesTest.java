package dev.statestore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.jsonl.JsonlStateStore;
import dev.statestore.tck.MutableClock;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Values read back from PostgreSQL exactly as they read back from a JSON Lines journal after
 * reopen, and the values one refuses the other refuses too: no value changes or is refused on one
 * backend only. Keys holding {@code U+0000} are the one difference (a PostgreSQL {@code text}
 * cannot hold it), refused here with a message that says so.
 */
class ValuesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    private static Map<String, JsonNode> candidates() {
        Map<String, JsonNode> c = new LinkedHashMap<>();
        c.put("short", JSON.numberNode((short) 5));
        c.put("longThatFitsAnInt", JSON.numberNode(7L));
        c.put("long", JSON.numberNode(Long.MIN_VALUE));
        c.put("bigIntegerThatFitsALong", JSON.numberNode(BigInteger.valueOf(1L << 40)));
        c.put("bigInteger", JSON.numberNode(new BigInteger("-123456789012345678901234567890")));
        c.put("decimal", JSON.numberNode(new BigDecimal("1.10")));
        c.put("decimalBeyondDouble", JSON.numberNode(new BigDecimal("0.1000000000000000000001")));
        c.put("decimalWithTrailingZeros", JSON.numberNode(new BigDecimal("0.10000000000000000000010")));
        c.put("hugeDecimal", JSON.numberNode(new BigDecimal("1e400")));
        c.put("integralDecimal", JSON.numberNode(new BigDecimal("12")));
        c.put("float", JSON.numberNode(1.1f));
        c.put("double", JSON.numberNode(0.1));
        c.put("negativeZero", JSON.numberNode(-0.0));
        c.put("tinyDouble", JSON.numberNode(Double.MIN_VALUE));
        c.put("nan", JSON.numberNode(Double.NaN));
        c.put("infinity", JSON.numberNode(Float.NEGATIVE_INFINITY));
        c.put("binary", JSON.binaryNode(new byte[] {0, 1, (byte) 0xff}));
        c.put("pojo", JSON.pojoNode(new StringBuilder("pojo")));
        c.put("missing", JSON.missingNode());
        c.put("controlChars", JSON.stringNode("\u0000\u0001\u001f\u007f"));
        c.put("loneSurrogate", JSON.stringNode("a\ud800b"));
        c.put("supplementary", JSON.stringNode("\ud83d\ude00 \u00e9 \u2603"));
        c.put("loneSurrogateName", JSON.objectNode().put("x\udc00", 1));
        c.put("jsonbWouldReorder", JSON.objectNode().put("b", 1).put("a", 2).put("", 3));
        c.put("nested", JSON.objectNode().set("a", JSON.arrayNode().add(JSON.objectNode().set("b", JSON.nullNode()))));
        c.put("deepest", nested(999));
        c.put("tooDeep", nested(1000));
        return c;
    }

    private static JsonNode nested(int depth) {
        ArrayNode root = JSON.arrayNode();
        ArrayNode at = root;
        for (int i = 1; i < depth; i++) {
            at = at.addArray();
        }
        return root;
    }

    @Test
    void valuesReadBackAsTheJournalReadsThemBackAndAreRefusedWhereItRefusesThem() {
        String store = TestDatabase.newStoreName("values");
        Path journal = dir.resolve("values.jsonl");
        Map<String, Object> onPostgres = new LinkedHashMap<>();
        Map<String, Object> onJournal = new LinkedHashMap<>();
        try (StateStore pg = TestDatabase.open(store, new MutableClock());
                StateStore jsonl = JsonlStateStore.open(journal)) {
            for (Map.Entry<String, JsonNode> e : candidates().entrySet()) {
                onPostgres.put(e.getKey(), outcome(pg, e.getKey(), e.getValue()));
                onJournal.put(e.getKey(), outcome(jsonl, e.getKey(), e.getValue()));
            }
        }
        assertEquals(onJournal.keySet(), onPostgres.keySet());
        try (StateStore pg = TestDatabase.open(store, new MutableClock());
                StateStore jsonl = JsonlStateStore.open(journal)) {
            for (String key : onJournal.keySet()) {
                assertEquals(onJournal.get(key), onPostgres.get(key), key + ": accepted on one backend only, or not alike");
                if (onJournal.get(key) instanceof JsonNode) {
                    Optional<JsonNode> fromJournal = jsonl.get(key);
                    assertEquals(fromJournal, pg.get(key), key + ": reads back differently after reopen");
                    assertEquals(Optional.of(onJournal.get(key)), fromJournal, key + ": the journal changed it on reopen");
                }
            }
        }
        assertEquals(IllegalArgumentException.class, onPostgres.get("nan"));
        assertEquals(JSON.numberNode(1.1), onPostgres.get("float"));
        assertEquals(JSON.stringNode("AAH/"), onPostgres.get("binary"));
    }

    /** Returns the value read back right after a set, or the class of what the set threw. */
    private static Object outcome(StateStore s, String key, JsonNode value) {
        try {
            s.set(key, value, "w");
            return s.get(key).orElseThrow();
        } catch (IllegalArgumentException e) {
            return e.getClass();
        }
    }

    @Test
    void objectsKeepTheirPropertyOrderAndTextItsEscapes() {
        ObjectNode o = JSON.objectNode().put("z", 1).put("a", "\u0000\n\"");
        try (StateStore pg = TestDatabase.open(TestDatabase.newStoreName("values"), new MutableClock())) {
            pg.set("o", o, "w");
            JsonNode back = pg.get("o").orElseThrow();
            assertEquals(o, back);
            assertEquals("[z, a]", String.valueOf(back.propertyNames()));
        }
    }

    @Test
    void keysAndActionIdsWithU0000AreRefusedNamingTheReason() {
        try (StateStore pg = TestDatabase.open(TestDatabase.newStoreName("values"), new MutableClock())) {
            IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                    () -> pg.set("a\u0000b", JSON.numberNode(1), "w"));
            assertTrue(key.getMessage().contains("U+0000"), key.getMessage());
            IllegalArgumentException action = assertThrows(IllegalArgumentException.class,
                    () -> pg.set("k", JSON.numberNode(1), "w\u0000"));
            assertTrue(action.getMessage().contains("action id"), action.getMessage());
            assertEquals(0, pg.transitionCount());
            assertEquals(Map.of(), pg.snapshot());
        }
    }

    @Test
    void longKeysFit() {
        String key = "k".repeat(100_000);
        try (StateStore pg = TestDatabase.open(TestDatabase.newStoreName("values"), new MutableClock())) {
            pg.set(key, JSON.numberNode(1), "w");
            assertEquals(Optional.of(JSON.numberNode(1)), pg.get(key));
            assertEquals(java.util.List.of(key), pg.keys());
        }
    }
}
