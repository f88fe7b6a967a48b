package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.statestore.StateTransition;
import dev.statestore.memory.InMemoryStateStore;
import dev.statestore.tck.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import tools.jackson.databind.JsonNode;

/**
 * A model-based property of the version 2 layout (QuickTheories: a failing case is shrunk and
 * reported with its seed): any sequence of writes, TTL writes, deletes, reaps, checkpoints,
 * background maintenance, restores, replaces and reopens, run against a JSONL store whose segments
 * are sealed and checkpointed every few lines, leaves the same state as the in-memory engine given
 * the same operations, and its whole history, {@code transitionsSince(0)}, read back from the
 * segments and the active file, equals the model's, revision for revision.
 */
class LayoutPropertiesTest {

    @TempDir
    Path dir;

    final AtomicInteger runs = new AtomicInteger();

    enum Kind { SET, SET_TTL, DELETE, ADVANCE, REAP, COMPACT, AWAIT, RESTORE, REPLACE_ALL, REOPEN }

    /** One operation of a generated sequence. */
    record Op(Kind kind, int key, JsonNode value, long number) {
        @Override
        public String toString() {
            return kind + "(k" + key + (value == null ? "" : ", " + value) + ", " + number + ")";
        }
    }

    static Gen<Op> op() {
        Kind[] kinds = Kind.values();
        return in -> {
            long roll = in.next(Constraint.between(0, kinds.length + 6));
            Kind kind = roll >= kinds.length ? Kind.SET : kinds[(int) roll];
            int key = (int) in.next(Constraint.between(0, 6));
            JsonNode value = kind == Kind.SET || kind == Kind.SET_TTL || kind == Kind.REPLACE_ALL
                    ? JsonGen.value(in, 2) : null;
            long number = in.next(Constraint.between(0, 1000));
            return new Op(kind, key, value, number);
        };
    }

    static Gen<List<Op>> sequences(int maxLength) {
        Gen<Op> op = op();
        return in -> {
            int n = (int) in.next(Constraint.between(1, maxLength));
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ops.add(op.generate(in));
            }
            return ops;
        };
    }

    Path freshJournal() {
        try {
            return Files.createDirectory(dir.resolve("run-" + runs.incrementAndGet())).resolve("p.jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonlStateStore open(Path journal, MutableClock clock) {
        return JsonlStateStore.builder(journal).clock(clock).segmentBytes(600).checkpointLines(4).checkpointBytes(1)
                .memoryHistory(3).strict(true).open();
    }

    @Test
    void anySequenceReplaysToTheModelAndTheWholeHistoryReadsBackFromTheFiles() {
        qt().withExamples(40).withShrinkCycles(40)
                .forAll(sequences(50))
                .checkAssert(ops -> {
                    Path journal = freshJournal();
                    MutableClock clock = new MutableClock(Instant.parse("2026-07-01T00:00:00Z"));
                    InMemoryStateStore model = InMemoryStateStore.builder().clock(clock).build();
                    JsonlStateStore s = open(journal, clock);
                    try {
                        int step = 0;
                        for (Op op : ops) {
                            step++;
                            String where = "step " + step + " of " + ops.size() + ", " + op;
                            s = apply(op, s, model, journal, clock);
                            assertEquals(model.snapshot(), s.snapshot(), where + ": the state");
                            assertEquals(model.transitionCount(), s.transitionCount(), where + ": the revision count");
                            if (op.kind() == Kind.REOPEN || op.kind() == Kind.RESTORE || step == ops.size()) {
                                assertEquals(model.transitionsSince(0), s.transitionsSince(0), where + ": the history");
                            }
                        }
                        s.close();
                        s = open(journal, clock);
                        assertEquals(model.snapshot(), s.snapshot(), "after the last reopen: the state");
                        assertEquals(model.transitionsSince(0), s.transitionsSince(0), "after the last reopen: the history");
                    } finally {
                        s.close();
                        model.close();
                    }
                    JournalAudit.assertSound(journal);
                });
    }

    /** Applies {@code op} to the store and the model; returns the store (a new one after a reopen). */
    static JsonlStateStore apply(Op op, JsonlStateStore s, InMemoryStateStore model, Path journal, MutableClock clock) {
        String key = "k" + op.key();
        switch (op.kind()) {
            case SET:
                assertEquals(model.set(key, op.value(), "set"), s.set(key, op.value(), "set"));
                return s;
            case SET_TTL:
                assertEquals(model.setWithTtl(key, op.value(), "ttl", op.number() % 100),
                        s.setWithTtl(key, op.value(), "ttl", op.number() % 100));
                return s;
            case DELETE:
                assertEquals(model.delete(key, "del"), s.delete(key, "del"));
                return s;
            case ADVANCE:
                clock.advance(Duration.ofSeconds(op.number() % 120));
                return s;
            case REAP:
                assertEquals(model.reapExpired(clock.instant()), s.reapExpired(clock.instant()));
                return s;
            case COMPACT:
                s.compact();
                return s;
            case AWAIT:
                s.awaitMaintenance();
                return s;
            case RESTORE: {
                // Restore to revision n a snapshot of the keys not written since n (so the TTL each
                // keeps is that of a write the heap holds), plus one key that is new.
                long n = model.transitionCount() == 0 ? 0 : op.number() % (model.transitionCount() + 1);
                Map<String, JsonNode> snapshot = new TreeMap<>();
                Map<String, Long> latest = new HashMap<>();
                for (StateTransition t : model.transitions()) {
                    latest.put(t.key(), t.revision());
                }
                model.snapshot().forEach((k, v) -> {
                    if (latest.getOrDefault(k, 0L) <= n) {
                        snapshot.put(k, v);
                    }
                });
                snapshot.put("restored-" + op.key(), Journals.NODES.numberNode(op.key()));
                model.restore(snapshot, n);
                s.restore(snapshot, n);
                return s;
            }
            case REPLACE_ALL: {
                Map<String, JsonNode> state = Map.of(key, op.value());
                model.replaceAll(state);
                s.replaceAll(state);
                return s;
            }
            default:
                s.close();
                return open(journal, clock);
        }
    }
}
