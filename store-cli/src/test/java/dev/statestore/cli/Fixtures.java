package dev.statestore.cli;

import dev.statestore.jsonl.JsonlStateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/** Journals the tests run the tool on, written by the store itself or by hand. */
final class Fixtures {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The first write of {@link #clean}; each later write is one second after the one before. */
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    /** How many lines {@link #clean} writes. */
    static final int CLEAN_LINES = 9;
    /** The live keys of {@link #clean}, sorted. */
    static final List<String> CLEAN_KEYS = List.of("cache:q", "config", "nothing", "tenant:acme:plan",
            "tenant:acme:session", "tenant:globex:plan");

    private Fixtures() {
    }

    /**
     * Returns a journal written by the store: 9 lines, 6 live keys, tenants acme (plan, session)
     * and globex (plan), a deleted key, a set to JSON null, TTLs 60 s (session, written at
     * T0+3s) and 0 (cache:q, written at T0+7s).
     */
    static Path clean(Path dir) {
        Path path = dir.resolve("clean.jsonl");
        try (JsonlStateStore store = JsonlStateStore.builder(path).clock(new SteppingClock(T0)).open()) {
            store.set("config", JSON.objectNode().put("mode", "fast"), "init");
            store.set("tenant:acme:plan", JSON.objectNode().put("step", 1), "planner");
            store.set("tenant:acme:plan", JSON.objectNode().put("step", 2), "planner");
            store.setWithTtl("tenant:acme:session", JSON.stringNode("s-1"), "login", 60);
            store.set("tenant:globex:plan", JSON.objectNode().put("step", 1), "planner");
            store.set("scratch", JSON.arrayNode().add(1).add(2).add(3), "agent");
            store.delete("scratch", "cleanup");
            store.setWithTtl("cache:q", JSON.objectNode().put("hits", 3), "search", 0);
            store.set("nothing", JSON.nullNode(), "agent");
        }
        return path;
    }

    /**
     * Returns {@link #clean} with three bad lines appended (10: not JSON, 11: a key that is a
     * number, 12: line 1 with its value changed after the checksum was computed) and then one
     * good car-state line (13, key {@code late}).
     */
    static Path malformed(Path dir) {
        Path path = clean(dir);
        String first = lines(path).get(0);
        String tampered = first.replace("\"fast\"", "\"slow\"");
        append(path, "this is not json\n"
                + "{\"key\":42,\"new_value\":1,\"action_id\":\"x\",\"timestamp\":\"2026-01-02T03:04:05Z\"}\n"
                + tampered + "\n"
                + "{\"key\":\"late\",\"old_value\":null,\"new_value\":true,\"action_id\":\"a\","
                + "\"timestamp\":\"2026-01-02T03:05:00Z\"}\n");
        return path;
    }

    /** The unfinished last line {@link #torn} appends. */
    static final String TORN_TAIL = "{\"key\":\"late\",\"new_value\":1,\"act";

    /** Returns {@link #clean} with an unfinished last line of {@code TORN_TAIL.length()} bytes. */
    static Path torn(Path dir) {
        Path path = clean(dir);
        append(path, TORN_TAIL);
        return path;
    }

    /**
     * Returns a journal in car-state's format (no checksum, nanosecond and offset timestamps,
     * {@code new_value: null} for a delete): live keys {@code task} = {"status":"done"} and
     * {@code tenant:acme:lease} = "worker-1" with TTL 30 s written at 03:04:07Z; {@code tmp}
     * set and deleted.
     */
    static Path carState(Path dir) {
        Path path = dir.resolve("car-state.jsonl");
        append(path, ""
                + "{\"key\":\"task\",\"old_value\":null,\"new_value\":{\"status\":\"open\"},\"action_id\":\"create\","
                + "\"timestamp\":\"2026-01-02T03:04:05.123456789Z\"}\n"
                + "{\"key\":\"task\",\"old_value\":{\"status\":\"open\"},\"new_value\":{\"status\":\"done\"},"
                + "\"action_id\":\"finish\",\"timestamp\":\"2026-01-02T03:04:06.5Z\"}\n"
                + "{\"key\":\"tenant:acme:lease\",\"old_value\":null,\"new_value\":\"worker-1\",\"action_id\":\"lease\","
                + "\"timestamp\":\"2026-01-02T03:04:07Z\",\"ttl_secs\":30}\n"
                + "{\"key\":\"tmp\",\"old_value\":null,\"new_value\":1,\"action_id\":\"a\","
                + "\"timestamp\":\"2026-01-02T05:04:08+02:00\"}\n"
                + "{\"key\":\"tmp\",\"old_value\":1,\"new_value\":null,\"action_id\":\"b\","
                + "\"timestamp\":\"2026-01-02T03:04:09.000Z\"}\n");
        return path;
    }

    /** Keys of {@link #layered} that need escapes or are not ASCII, each written once before the first checkpoint. */
    static final List<String> ODD_KEYS = List.of("sp ace", "quo\"te", "back\\slash", "uni\u2713", "tab\tkey");

    /**
     * Returns a journal of version 2 written by the store: 400 writes over keys {@code k0}..{@code k29},
     * {@code tenant:acme:a0}..{@code a4} and {@link #ODD_KEYS}, with deletes, TTLs and JSON nulls; a checkpoint
     * and a seal every 60 writes (the store runs with a bounded history, so {@code compact()} seals the
     * active file; nothing is ever old enough to be removed), and 40 writes after the last one. So it has a
     * manifest, a checkpoint, six sealed segments, an active file with history after the checkpoint, keys
     * written only before the checkpoint ({@code k25}..{@code k29} and the odd keys), and keys deleted
     * after it.
     */
    static Path layered(Path dir) {
        Path path = dir.resolve("layered.jsonl");
        try (JsonlStateStore store = JsonlStateStore.builder(path).clock(new SteppingClock(T0)).segmentBytes(1 << 20)
                .history("1000000").open()) {
            for (String k : ODD_KEYS) {
                store.set(k, JSON.stringNode("odd " + k), "odd");
            }
            for (int i = 0; i < 400; i++) {
                String key = i % 9 == 4 ? "tenant:acme:a" + (i % 5) : "k" + (i < 200 ? i % 30 : i % 25);
                if (i % 13 == 12) {
                    store.delete(key, "cleanup");
                } else if (i % 7 == 3) {
                    store.setWithTtl(key, JSON.objectNode().put("i", i), "ttl", i % 2 == 0 ? 0 : 3600);
                } else if (i % 31 == 5) {
                    store.set(key, JSON.nullNode(), "null");
                } else {
                    store.set(key, JSON.objectNode().put("i", i).put("text", "value " + i), "agent-" + (i % 3));
                }
                if (i % 60 == 59 && i < 375) {
                    store.compact();
                }
            }
        }
        return path;
    }

    /**
     * Returns a copy of a journal and its layout directory in a new directory under {@code dir}: a store
     * opened on the copy gives the expected answers without touching the journal the tool reads.
     */
    static Path copyOf(Path journal, Path dir) {
        try {
            Path target = Files.createTempDirectory(dir, "copy");
            Files.copy(journal, target.resolve(journal.getFileName()));
            Path layout = journal.resolveSibling(journal.getFileName() + ".d");
            if (Files.isDirectory(layout)) {
                Path to = Files.createDirectory(target.resolve(layout.getFileName()));
                try (var files = Files.list(layout)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
            return target.resolve(journal.getFileName());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void append(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A clock that moves one second forward at every reading. */
    static final class SteppingClock extends Clock {
        private Instant next;

        SteppingClock(Instant start) {
            this.next = start;
        }

        @Override
        public synchronized Instant instant() {
            Instant now = next;
            next = next.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("fixed to UTC");
        }
    }
}
