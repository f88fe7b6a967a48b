package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.statestore.Durability;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.LineDecoder;
import dev.statestore.jsonl.internal.LineEncoder;
import dev.statestore.jsonl.internal.Values;
import dev.statestore.memory.InMemoryStateStore;
import dev.statestore.tck.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import tools.jackson.databind.JsonNode;

/**
 * Model-based properties of the journal, with QuickTheories (failing cases are shrunk and
 * reported with their seed): (a) a reopened journal equals the live store, which equals an
 * in-memory model fed the same operations; (b) reaping and compaction followed by a reopen equal
 * reaping in memory, TTLs included; (c) a journal cut at any line boundary replays to the state
 * after that prefix; (d) every value and transition reads back equal to what was written.
 */
class JournalPropertiesTest {

    @TempDir
    Path dir;

    final AtomicInteger runs = new AtomicInteger();

    Path freshJournal() {
        try {
            return Files.createDirectory(dir.resolve("run-" + runs.incrementAndGet())).resolve("p.jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    enum Kind { SET, SET_TTL, DELETE, SCOPED_SET, ADVANCE, REAP, COMPACT, RESTORE_FULL, RESTORE_NONE, REPLACE_ALL, REOPEN }

    /** One operation of a generated history. */
    record Op(Kind kind, int key, JsonNode value, long number) {
        @Override
        public String toString() {
            return kind + "(k" + key + (value == null ? "" : ", " + value) + ", " + number + ")";
        }
    }

    static Gen<Op> op(boolean rewrites) {
        return in -> {
            Kind[] kinds = rewrites ? Kind.values() : new Kind[] {Kind.SET, Kind.SET_TTL, Kind.DELETE, Kind.SCOPED_SET, Kind.ADVANCE};
            // weights: plain writes are the common case
            long roll = in.next(Constraint.between(0, kinds.length + 5));
            Kind kind = roll >= kinds.length ? Kind.SET : kinds[(int) roll];
            int key = (int) in.next(Constraint.between(0, 5));
            JsonNode value = kind == Kind.SET || kind == Kind.SET_TTL || kind == Kind.SCOPED_SET || kind == Kind.REPLACE_ALL
                    ? JsonGen.value(in, 2) : null;
            long number = in.next(Constraint.between(0, 120));
            return new Op(kind, key, value, number);
        };
    }

    static Gen<List<Op>> histories(boolean rewrites, int maxLength) {
        Gen<Op> op = op(rewrites);
        return in -> {
            int n = (int) in.next(Constraint.between(1, maxLength));
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ops.add(op.generate(in));
            }
            return ops;
        };
    }

    static Gen<Durability> durabilities() {
        return in -> Durability.values()[(int) in.next(Constraint.between(0, 2))];
    }

    /** Applies {@code op} to a store; returns whether it rewrote the journal (a reap that reaped, compaction, restore, replace). */
    static boolean apply(Op op, dev.statestore.StateStore s, MutableClock clock, Map<String, JsonNode> savedSnapshot) {
        String key = "k" + op.key();
        switch (op.kind()) {
            case SET:
                s.set(key, op.value(), "set");
                return false;
            case SET_TTL:
                s.setWithTtl(key, op.value(), "ttl", op.number());
                return false;
            case DELETE:
                s.delete(key, "del");
                return false;
            case SCOPED_SET:
                s.scoped("t" + op.key() % 2).set(key, op.value(), "scoped");
                return false;
            case ADVANCE:
                clock.advance(Duration.ofSeconds(op.number()));
                return false;
            case REAP:
                return !s.reapExpired(clock.instant()).isEmpty();
            case COMPACT:
                if (s instanceof JsonlStateStore) {
                    ((JsonlStateStore) s).compact();
                } else {
                    ((InMemoryStateStore) s).compact();
                }
                return true;
            case RESTORE_FULL:
                s.restore(savedSnapshot, s.transitionCount());
                return true;
            case RESTORE_NONE:
                s.restore(savedSnapshot, 0);
                return true;
            case REPLACE_ALL: {
                Map<String, JsonNode> m = new HashMap<>();
                m.put(key, op.value());
                m.put("other", JsonGen.NODES.numberNode((int) op.number()));
                s.replaceAll(m);
                return true;
            }
            default:
                throw new IllegalStateException(op.toString());
        }
    }

    @Test
    void reopenedJournalEqualsTheLiveStoreAndTheModelReapAndCompactionIncluded() {
        qt().withExamples(60).withShrinkCycles(60)
                .forAll(histories(true, 30), durabilities())
                .checkAssert((ops, durability) -> {
                    Path p = freshJournal();
                    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
                    InMemoryStateStore model = InMemoryStateStore.builder().clock(clock).build();
                    JsonlStateStore store = JsonlStateStore.builder(p).durability(durability).clock(clock).open();
                    try {
                        Map<String, JsonNode> saved = Map.of();
                        boolean rewrittenSinceOpen = false;
                        for (Op op : ops) {
                            if (op.kind() == Kind.REOPEN) {
                                Map<String, JsonNode> live = store.snapshot();
                                List<StateTransition> liveLog = store.transitions();
                                store.close();
                                store = JsonlStateStore.builder(p).durability(durability).clock(clock).strict(true).open();
                                assertEquals(live, store.snapshot(), "reopen after " + ops);
                                if (!rewrittenSinceOpen) {
                                    assertEquals(liveLog, store.transitions(), "log after reopen");
                                }
                                rewrittenSinceOpen = false;
                                continue;
                            }
                            if (op.kind() == Kind.SET || op.kind() == Kind.SET_TTL) {
                                saved = store.snapshot();
                            }
                            boolean a = apply(op, store, clock, saved);
                            apply(canonical(op), model, clock, saved);
                            rewrittenSinceOpen |= a;
                            assertEquals(model.snapshot(), store.snapshot(), "after " + op);
                            JournalAudit.assertLockedByThisProcess(p);
                        }
                        Map<String, JsonNode> live = store.snapshot();
                        store.close();
                        store = JsonlStateStore.builder(p).clock(clock).strict(true).open();
                        assertEquals(live, store.snapshot(), "final reopen");
                        assertEquals(model.snapshot(), store.snapshot());
                        Instant later = clock.instant().plusSeconds(60);
                        assertEquals(model.reapExpired(later), store.reapExpired(later), "TTLs after reopen");
                        assertEquals(model.snapshot(), store.snapshot());
                        Instant muchLater = clock.instant().plusSeconds(1000);
                        store.close();
                        store = JsonlStateStore.builder(p).clock(clock).strict(true).open();
                        assertEquals(model.reapExpired(muchLater), store.reapExpired(muchLater), "TTLs after reap and reopen");
                    } finally {
                        store.close();
                    }
                });
    }

    /** The op with its value in the journal's canonical form, for the in-memory model. */
    static Op canonical(Op op) {
        return op.value() == null ? op : new Op(op.kind(), op.key(), Values.writableCopy("k" + op.key(), op.value()), op.number());
    }

    @Test
    void journalCutAtAnyLineBoundaryReplaysToTheStateAfterThatPrefix() {
        qt().withExamples(25).withShrinkCycles(40)
                .forAll(histories(false, 25))
                .checkAssert(ops -> {
                    Path p = freshJournal();
                    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
                    List<StateTransition> log;
                    try (JsonlStateStore store = JsonlStateStore.builder(p).clock(clock).open()) {
                        for (Op op : ops) {
                            apply(op, store, clock, Map.of());
                        }
                        log = store.transitions();
                    }
                    byte[] bytes = Journals.bytes(p);
                    List<Integer> ends = Journals.lineEnds(bytes);
                    assertEquals(log.size(), ends.size());
                    Instant reapAt = clock.instant().plusSeconds(30);
                    for (int k = 0; k <= ends.size(); k++) {
                        Path cut = p.resolveSibling("cut-" + k + ".jsonl");
                        Journals.write(cut, Arrays.copyOf(bytes, k == 0 ? 0 : ends.get(k - 1)));
                        List<StateTransition> prefix = log.subList(0, k);
                        try (JsonlStateStore s = JsonlStateStore.builder(cut).clock(clock).strict(true).open()) {
                            assertEquals(prefix, s.transitions(), "prefix of " + k + " lines");
                            assertEquals(Journals.fold(prefix), new TreeMap<>(s.snapshot()), "prefix of " + k + " lines");
                            assertEquals(expectedReap(prefix, reapAt), s.reapExpired(reapAt), "TTLs of a prefix of " + k);
                        }
                    }
                });
    }

    /** Keys whose latest write in {@code prefix} carried a TTL that has run out at {@code now}. */
    static List<String> expectedReap(List<StateTransition> prefix, Instant now) {
        Map<String, StateTransition> latest = new TreeMap<>();
        for (StateTransition t : prefix) {
            if (t.isDelete()) {
                latest.remove(t.key());
            } else {
                latest.put(t.key(), t);
            }
        }
        List<String> reaped = new ArrayList<>();
        latest.forEach((k, t) -> {
            if (t.expiresAt().isPresent() && !t.expiresAt().get().isAfter(now)) {
                reaped.add(k);
            }
        });
        return reaped;
    }

    @Test
    void everyTransitionReadsBackEqualThroughTheLineCodec() {
        LineEncoder encoder = new LineEncoder();
        qt().withExamples(1500)
                .forAll(JsonGen.values(3), JsonGen.values(3), transitionParts(), in -> JsonGen.string(in))
                .checkAssert((oldValue, newValue, parts, text) -> {
                    String key = "key " + text;
                    JsonNode o = parts[1] % 3 == 0 ? null : Values.writableCopy(key, oldValue);
                    JsonNode n = parts[1] % 3 == 1 ? null : Values.writableCopy(key, newValue);
                    Instant at = Instant.ofEpochSecond(parts[2], parts[3]);
                    OptionalLong ttl = n == null || parts[4] < 0 ? OptionalLong.empty() : OptionalLong.of(parts[4]);
                    StateTransition t = StateTransition.of(key, java.util.Optional.ofNullable(o),
                            java.util.Optional.ofNullable(n), "action \"" + text + parts[0] + "\"", at, ttl);
                    int length = encoder.encode(t);
                    byte[] line = Arrays.copyOf(encoder.buffer(), length);
                    assertEquals('\n', line[length - 1]);
                    for (int i = 0; i < length - 1; i++) {
                        assertTrue(line[i] != '\n', "a raw newline inside the line");
                    }
                    StateTransition back;
                    try {
                        back = LineDecoder.decode(line, 0, length - 1);
                    } catch (LineDecoder.BadLine e) {
                        throw new AssertionError(e.getMessage() + ": " + new String(line, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    assertEquals(t, back);
                    assertEquals(Values.writableCopy(key, newValue), Values.writableCopy(key, Values.writableCopy(key, newValue)),
                            "canonical form is stable");
                });
    }

    static Gen<long[]> transitionParts() {
        return in -> new long[] {
            in.next(Constraint.between(0, 1000)),
            in.next(Constraint.between(0, 2)),
            in.next(Constraint.between(-62_167_219_200L - 1000, 253_402_300_799L + 1000)),
            in.next(Constraint.between(0, 999_999_999)),
            in.next(Constraint.between(-1, Long.MAX_VALUE).withShrinkPoint(-1)),
        };
    }

    @Test
    void storedValuesReadBackEqualAfterReopen() {
        qt().withExamples(40).withShrinkCycles(40)
                .forAll(JsonGen.values(4))
                .checkAssert(value -> {
                    Path p = freshJournal();
                    JsonNode live;
                    try (JsonlStateStore s = JsonlStateStore.open(p)) {
                        s.set("v", value, "w");
                        live = s.get("v").orElseThrow();
                        assertEquals(Values.writableCopy("v", value), live);
                    }
                    try (JsonlStateStore s = JsonlStateStore.builder(p).strict(true).open()) {
                        assertEquals(live, s.get("v").orElseThrow());
                    }
                });
    }
}
