package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import dev.statestore.tck.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

class JsonlStateStoreTest {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    Path journal() {
        return dir.resolve("state.jsonl");
    }

    static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    @Test
    void reopenedStoreHoldsWhatWasWritten() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.123456789Z"));
        Map<String, JsonNode> before;
        List<StateTransition> log;
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).open()) {
            s.set("a", json("{\"x\":[1,2,{\"y\":\"z\"}],\"big\":123456789012345678901234567890}"), "t1");
            clock.advance(Duration.ofMillis(5));
            s.set("b", NODES.stringNode("hé \"quoted\" \n / ✓ 😀"), "t2");
            s.set("c", NODES.numberNode(1.5), "t3");
            s.set("a", NODES.booleanNode(true), "t4");
            s.delete("c", "t5");
            s.set("tenant:x:k", NODES.numberNode(7L), "t6");
            before = s.snapshot();
            log = s.transitions();
        }
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).open()) {
            assertEquals(before, s.snapshot());
            assertEquals(log, s.transitions());
            assertEquals(6, s.replayReport().applied());
            assertTrue(s.replayReport().clean());
        }
    }

    @Test
    void setToJsonNullSurvivesReopenAndIsNotADelete() {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("k", NullNode.getInstance(), "null-it");
            s.set("k2", NODES.numberNode(1), "one");
            s.set("k2", NullNode.getInstance(), "null-again");
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertTrue(s.exists("k"));
            assertEquals(NullNode.getInstance(), s.get("k").orElseThrow());
            assertEquals(NullNode.getInstance(), s.get("k2").orElseThrow());
            StateTransition t = s.transitions().get(2);
            assertEquals(NODES.numberNode(1), t.oldValue().orElseThrow());
            assertFalse(t.isDelete());
        }
    }

    @Test
    void oldValueOfJsonNullIsToldFromAbsent() {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("k", NullNode.getInstance(), "w1");
            s.set("k", NODES.numberNode(2), "w2");
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            List<StateTransition> log = s.transitions();
            assertTrue(log.get(0).oldValue().isEmpty());
            assertEquals(NullNode.getInstance(), log.get(1).oldValue().orElseThrow());
        }
    }

    @Test
    void ttlKeepsItsOriginalTimestampAcrossReopen() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).open()) {
            s.setWithTtl("session", NODES.stringNode("s"), "login", 60);
            s.set("plain", NODES.numberNode(1), "w");
        }
        clock.advance(Duration.ofSeconds(30));
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).open()) {
            assertEquals(OptionalLong.of(60), s.transitions().get(0).ttlSecs());
            assertEquals(List.of(), s.reapExpired(Instant.parse("2026-01-01T00:00:59Z")));
            assertEquals(List.of("session"), s.reapExpired(Instant.parse("2026-01-01T00:01:00Z")));
        }
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).open()) {
            assertEquals(List.of("plain"), s.keys());
        }
    }

    @Test
    void compactionKeepsTimestampsAndTtls() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).open()) {
            for (int i = 0; i < 100; i++) {
                s.set("k" + (i % 10), NODES.numberNode(i), "w" + i);
                clock.advance(Duration.ofSeconds(1));
            }
            s.setWithTtl("t", NODES.stringNode("x"), "ttl", 10);
            s.compact();
        }
        List<String> lines = readLines(journal());
        assertEquals(11, lines.size());
        String k3Line = lines.stream().filter(l -> l.startsWith("{\"key\":\"k3\"")).findFirst().orElseThrow();
        assertTrue(k3Line.contains("\"timestamp\":\"2026-01-01T00:01:33Z\"") && k3Line.contains("\"op\":\"state\""),
                k3Line);
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).open()) {
            assertEquals(101, s.transitionCount(), "the revision count survives the compaction");
            Versioned k3 = s.getVersioned("k3").orElseThrow();
            assertEquals(NODES.numberNode(93), k3.value());
            assertEquals(94, k3.revision());
            assertEquals(10, k3.version());
            assertEquals(102, s.set("n", NODES.numberNode(0), "w").revision());
            assertEquals(List.of("t"), s.reapExpired(Instant.parse("2026-01-01T00:01:50Z")));
        }
    }

    @Test
    void linesHaveCarStateFieldsThenOpThenChecksum() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.120Z"));
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).open()) {
            s.set("k", NODES.numberNode(1), "a1");
            s.setWithTtl("k", NODES.stringNode("v"), "a2", 60);
            s.delete("k", "a3");
        }
        List<String> lines = readLines(journal());
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("{\"key\":\"k\",\"new_value\":1,\"action_id\":\"a1\","
                + "\"timestamp\":\"2026-01-02T03:04:05.120Z\",\"rev\":1,\"version\":1,\"op\":\"set\",\"crc32c\":\""), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"key\":\"k\",\"old_value\":1,\"new_value\":\"v\",\"action_id\":\"a2\","
                + "\"timestamp\":\"2026-01-02T03:04:05.120Z\",\"ttl_secs\":60,\"rev\":2,\"version\":2,\"op\":\"set\","
                + "\"crc32c\":\""), lines.get(1));
        assertTrue(lines.get(2).startsWith("{\"key\":\"k\",\"old_value\":\"v\",\"new_value\":null,\"action_id\":\"a3\","
                + "\"timestamp\":\"2026-01-02T03:04:05.120Z\",\"rev\":3,\"version\":0,\"op\":\"delete\",\"crc32c\":\""),
                lines.get(2));
        for (String line : lines) {
            assertTrue(line.matches(".*,\"crc32c\":\"[0-9a-f]{8}\"}"), line);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            int covered = line.lastIndexOf(",\"crc32c\":");
            crc.update(bytes, 0, covered);
            assertEquals(String.format("%08x", crc.getValue()), line.substring(covered + 11, covered + 19));
        }
    }

    @Test
    void carStateJournalIsRead() throws IOException {
        Files.copy(getClass().getResourceAsStream("car-state-journal.jsonl"), journal());
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            ReplayReport r = s.replayReport();
            assertEquals(8, r.linesRead());
            assertEquals(7, r.applied());
            assertTrue(r.clean());
            assertEquals(json("{\"x\":3,\"y\":2}"), s.get("robot.position").orElseThrow());
            assertEquals(NODES.numberNode(97.5), s.get("robot.battery").orElseThrow());
            assertEquals(NODES.stringNode("s-42"), s.scoped("acme").get("session").orElseThrow());
            assertFalse(s.exists("robot.gripper"));
            List<StateTransition> log = s.transitions();
            assertTrue(log.get(0).oldValue().isEmpty());
            assertEquals(Instant.parse("2024-05-01T10:00:00.123456Z"), log.get(1).timestamp());
            assertEquals(OptionalLong.of(3600), log.get(1).ttlSecs());
            assertEquals(Instant.parse("2024-05-01T10:00:01.5Z"), log.get(2).timestamp());
            assertEquals(Instant.parse("2024-05-01T10:00:02.123456789Z"), log.get(3).timestamp());
            assertEquals(OptionalLong.empty(), log.get(3).ttlSecs());
            assertTrue(log.get(5).isDelete());
            assertEquals(NODES.stringNode("open"), log.get(5).oldValue().orElseThrow());
            assertEquals(Instant.parse("2024-05-01T10:00:05Z"), log.get(6).timestamp());
            assertEquals(List.of("robot.mode"), s.reapExpired(Instant.parse("2024-05-01T10:00:05Z")));
            // appending to a car-state journal keeps it one line per write
            s.set("robot.gripper", NODES.stringNode("closed"), "grip-2");
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertEquals(NODES.stringNode("closed"), s.get("robot.gripper").orElseThrow());
            assertTrue(s.replayReport().clean());
        }
    }

    @Test
    void urlOpensAJsonlStoreWithOptions() {
        assertTrue(StateStores.schemes().contains("jsonl"));
        String url = "statestore:jsonl:" + journal() + "?durability=synced&recovery=strict";
        try (StateStore s = StateStores.open(url)) {
            JsonlStateStore j = assertInstanceOf(JsonlStateStore.class, s);
            assertEquals(Durability.SYNCED, j.durability());
            s.set("k", NODES.numberNode(1), "a");
        }
        try (StateStore s = StateStores.open("statestore:jsonl:" + journal(), Map.of("durability", "buffered"))) {
            assertEquals(NODES.numberNode(1), s.get("k").orElseThrow());
        }
    }

    @Test
    void unknownOptionIsRefusedListingTheSupportedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateStores.open("statestore:jsonl:" + journal() + "?durabilty=synced"));
        assertTrue(e.getMessage().contains("durability, history, memory-history, reap-interval, recovery"),
                e.getMessage());
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                () -> JsonlStateStore.open(journal(), Map.of("fsync", "always")));
        assertTrue(direct.getMessage().contains("'fsync'"), direct.getMessage());
        assertFalse(Files.exists(journal()));
    }

    @Test
    void badOptionValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonlStateStore.open(journal(), Map.of("durability", "often")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonlStateStore.open(journal(), Map.of("recovery", "maybe")));
        assertTrue(e.getMessage().contains("lenient or strict"), e.getMessage());
    }

    @Test
    void urlWithoutPathIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateStores.open("statestore:jsonl:"));
        assertTrue(e.getMessage().contains("path"), e.getMessage());
    }

    @Test
    void everyDurabilityModeKeepsWritesAcrossClose() {
        for (Durability d : Durability.values()) {
            Path p = dir.resolve(d.urlName() + ".jsonl");
            try (JsonlStateStore s = JsonlStateStore.builder(p).durability(d).open()) {
                for (int i = 0; i < 300; i++) {
                    s.set("k" + i, NODES.numberNode(i), "w");
                }
            }
            try (JsonlStateStore s = JsonlStateStore.open(p)) {
                assertEquals(300, s.keys().size(), d.toString());
                assertEquals(NODES.numberNode(299), s.get("k299").orElseThrow());
            }
        }
    }

    @Test
    void replaceAllAndRestoreArePersisted() {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("a", NODES.numberNode(1), "w");
            s.set("b", NODES.numberNode(2), "w");
            Map<String, JsonNode> snap = s.snapshot();
            long count = s.transitionCount();
            s.set("c", NODES.numberNode(3), "w");
            s.restore(snap, count);
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertEquals(List.of("a", "b"), s.keys());
            ObjectNode o = NODES.objectNode();
            o.put("q", 1);
            s.replaceAll(Map.of("z", o));
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertEquals(List.of("z"), s.keys());
            assertEquals(json("{\"q\":1}"), s.get("z").orElseThrow());
        }
    }

    @Test
    void journalUsedDirectlyFollowsTheReplayFirstProtocol() {
        StateTransition t = StateTransition.ofSet("k", null, NODES.numberNode(1), "a", Instant.EPOCH, OptionalLong.empty());
        JsonlJournal journal = JsonlJournal.open(journal(), Durability.SYNCED, false);
        try {
            assertThrows(IllegalStateException.class, () -> journal.append(t));
            List<StateTransition> seen = new java.util.ArrayList<>();
            journal.replay(into(seen));
            assertThrows(IllegalStateException.class, () -> journal.replay(into(seen)));
            long sequence = journal.append(t);
            assertEquals(1, sequence);
            journal.awaitDurable(sequence);
            assertEquals(1, journal.durableSequence());
            assertEquals(List.of(), seen);
        } finally {
            journal.close();
        }
        journal.close();
        JsonlJournal again = JsonlJournal.open(journal(), Durability.FLUSHED, true);
        try {
            List<StateTransition> seen = new java.util.ArrayList<>();
            again.replay(into(seen));
            assertEquals(List.of(t), seen);
            assertEquals(1, again.replayReport().applied());
        } finally {
            again.close();
        }
    }

    /** Returns a replay sink that adds state and history records alike to {@code seen}. */
    private static dev.statestore.spi.Journal.ReplaySink into(List<StateTransition> seen) {
        return new dev.statestore.spi.Journal.ReplaySink() {
            @Override
            public void state(StateTransition latestWrite) {
                seen.add(latestWrite);
            }

            @Override
            public void history(StateTransition transition) {
                seen.add(transition);
            }
        };
    }

    static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
