package dev.statestore.jsonl;

import dev.statestore.StateTransition;
import dev.statestore.tck.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/** Helpers of the journal tests: sample journals, folding transitions, raw bytes. */
final class Journals {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private Journals() {
    }

    /** Writes {@code n} pseudo-random sets and deletes over a few keys; returns the store's log. */
    static List<StateTransition> writeSample(Path journal, int n, long seed) {
        Random random = new Random(seed);
        MutableClock clock = new MutableClock(T0);
        try (JsonlStateStore s = JsonlStateStore.builder(journal).clock(clock).open()) {
            while (s.transitionCount() < n) {
                String key = "k" + random.nextInt(6);
                clock.advance(Duration.ofMillis(random.nextInt(5000)));
                int op = random.nextInt(10);
                if (op == 0) {
                    s.delete(key, "del");
                } else if (op == 1) {
                    s.setWithTtl(key, value(random), "ttl", random.nextInt(100));
                } else {
                    s.set(key, value(random), "set-" + random.nextInt(100));
                }
            }
            return s.transitions();
        }
    }

    static JsonNode value(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return NullNode.getInstance();
            case 1:
                return NODES.numberNode(random.nextInt());
            case 2:
                return NODES.numberNode(random.nextDouble() * 1000);
            case 3:
                return NODES.stringNode("s" + random.nextLong() + " ü \"q\"");
            case 4: {
                ObjectNode o = NODES.objectNode();
                o.put("a", random.nextBoolean());
                o.set("b", NODES.arrayNode().add(random.nextInt(10)).add("x"));
                return o;
            }
            default:
                return NODES.booleanNode(random.nextBoolean());
        }
    }

    /** Returns the state after applying {@code transitions} in order. */
    static Map<String, JsonNode> fold(List<StateTransition> transitions) {
        Map<String, JsonNode> state = new TreeMap<>();
        for (StateTransition t : transitions) {
            if (t.isDelete()) {
                state.remove(t.key());
            } else {
                state.put(t.key(), t.newValue().orElseThrow());
            }
        }
        return state;
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path p, byte[] bytes) {
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the offsets just past each '\n'. */
    static List<Integer> lineEnds(byte[] bytes) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                ends.add(i + 1);
            }
        }
        return ends;
    }

    /** Returns the files in {@code dir} whose name starts with {@code prefix}. */
    static List<Path> filesStartingWith(Path dir, String prefix) {
        try (var stream = Files.list(dir)) {
            return stream.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
