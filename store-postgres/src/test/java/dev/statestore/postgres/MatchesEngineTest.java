package dev.statestore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.StateStore;
import dev.statestore.memory.InMemoryStateStore;
import dev.statestore.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Random sequences of every operation, version 2's included (conditional writes with right and
 * wrong revisions, restore to any revision, replaceAll, reaps), run on this backend and on the
 * in-memory engine, the reference, with one clock: after every step both return the same results
 * and hold the same state, versions, revisions, history and compaction point.
 */
class MatchesEngineTest {

    private static final List<String> KEYS = List.of("a", "b", "tenant:x:c");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<JsonNode> VALUES = List.of(JSON.numberNode(1), JSON.stringNode("two"), JSON.nullNode(),
            JSON.objectNode().put("n", 3), JSON.numberNode(1.5), JSON.arrayNode().add(4));
    private static final int SEQUENCES = 4;
    private static final int STEPS = 40;

    @ParameterizedTest(name = "history={0}")
    @ValueSource(strings = {"all", "3", "PT20S"})
    void everyOperationMatchesTheEngine(String history) {
        for (int seed = 0; seed < SEQUENCES; seed++) {
            MutableClock clock = new MutableClock();
            InMemoryStateStore engine = InMemoryStateStore.builder().clock(clock).history(history).build();
            try (PostgresStateStore pg = PostgresStateStore.builder(TestDatabase.location())
                    .options(TestDatabase.options(TestDatabase.newStoreName("engine"))).history(history).clock(clock)
                    .open()) {
                run(new Random(seed), clock, engine, pg, "history=" + history + " seed=" + seed);
            }
        }
    }

    private static void run(Random random, MutableClock clock, StateStore engine, StateStore pg, String name) {
        List<Map<String, JsonNode>> slots = new ArrayList<>(List.of(new TreeMap<>()));
        List<String> done = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            String key = KEYS.get(random.nextInt(KEYS.size()));
            JsonNode value = VALUES.get(random.nextInt(VALUES.size()));
            long count = engine.transitionCount();
            long expected = switch (random.nextInt(4)) {
                case 0, 1 -> engine.getVersioned(key).map(v -> v.revision()).orElse(0L);
                case 2 -> 0;
                default -> random.nextInt((int) count + 2);
            };
            long ttl = List.of(0L, 1L, 5L, 60L).get(random.nextInt(4));
            String op;
            Function<StateStore, Object> call;
            switch (random.nextInt(12)) {
                case 0, 1 -> {
                    op = "set(" + key + ", " + value + ")";
                    call = s -> s.set(key, value, "w");
                }
                case 2 -> {
                    op = "setWithTtl(" + key + ", " + value + ", " + ttl + ")";
                    call = s -> s.setWithTtl(key, value, "w", ttl);
                }
                case 3, 4 -> {
                    op = "setIf(" + key + ", " + expected + ", " + value + ")";
                    call = s -> s.setIf(key, expected, value, "w");
                }
                case 5 -> {
                    op = "setWithTtlIf(" + key + ", " + expected + ", " + value + ", " + ttl + ")";
                    call = s -> s.setWithTtlIf(key, expected, value, "w", ttl);
                }
                case 6 -> {
                    op = "delete(" + key + ")";
                    call = s -> s.delete(key, "d");
                }
                case 7 -> {
                    op = "deleteIf(" + key + ", " + expected + ")";
                    call = s -> s.deleteIf(key, expected, "d");
                }
                case 8 -> {
                    Duration by = List.of(Duration.ofSeconds(1), Duration.ofSeconds(7), Duration.ofNanos(1))
                            .get(random.nextInt(3));
                    op = "advance(" + by + ")";
                    clock.advance(by);
                    call = s -> null;
                }
                case 9 -> {
                    Instant at = clock.instant().plusSeconds(random.nextInt(10) - 2);
                    op = "reapExpired(" + at + ")";
                    call = s -> s.reapExpired(at);
                }
                case 10 -> {
                    Map<String, JsonNode> snap = slots.get(random.nextInt(slots.size()));
                    long n = random.nextInt((int) count + 3);
                    op = "restore(" + snap + ", " + n + ")";
                    call = s -> {
                        s.restore(snap, n);
                        return null;
                    };
                }
                default -> {
                    if (random.nextBoolean()) {
                        op = "snapshot";
                        slots.add(engine.snapshot());
                        call = s -> null;
                    } else {
                        Map<String, JsonNode> state = Map.of(key, value);
                        op = "replaceAll(" + state + ")";
                        call = s -> {
                            s.replaceAll(state);
                            return null;
                        };
                    }
                }
            }
            done.add(op);
            String where = name + ", step " + step + " " + op + ", after " + done;
            Object want = outcome(call, engine);
            Object got = outcome(call, pg);
            assertEquals(want, got, "result of " + where);
            assertSame(engine, pg, random, where);
        }
    }

    /** Returns what {@code call} returned, or the class of what it threw. */
    private static Object outcome(Function<StateStore, Object> call, StateStore store) {
        try {
            return Optional.ofNullable(call.apply(store));
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private static void assertSame(StateStore engine, StateStore pg, Random random, String where) {
        assertEquals(engine.snapshot(), pg.snapshot(), "snapshot() after " + where);
        assertEquals(engine.keys(), pg.keys(), "keys() after " + where);
        assertEquals(engine.transitionCount(), pg.transitionCount(), "transitionCount() after " + where);
        assertEquals(engine.transitions(), pg.transitions(), "transitions() after " + where);
        for (String k : KEYS) {
            assertEquals(engine.getVersioned(k), pg.getVersioned(k), "getVersioned(" + k + ") after " + where);
        }
        long index = random.nextInt((int) engine.transitionCount() + 2);
        int limit = 1 + random.nextInt(4);
        assertEquals(outcome(s -> s.transitionsSince(index, limit), engine),
                outcome(s -> s.transitionsSince(index, limit), pg),
                "transitionsSince(" + index + ", " + limit + ") after " + where);
        assertEquals(outcome(s -> s.transitionsSince(index), engine), outcome(s -> s.transitionsSince(index), pg),
                "transitionsSince(" + index + ") after " + where);
    }
}
