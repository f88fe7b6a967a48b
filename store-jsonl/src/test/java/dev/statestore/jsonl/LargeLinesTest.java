package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.statestore.Durability;
import dev.statestore.StateTransition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Lines of every size next to every buffer the journal uses: the encoder's first buffer (1 KiB),
 * Jackson's output buffer (8000 bytes), the buffered mode's pending buffer and the scanner's
 * first buffer (64 KiB), the rewrite chunk and the encoder's shrink threshold (1 MiB), and twice
 * that. After every run the journal is audited byte by byte ({@link JournalAudit}) and a reopen
 * must equal the live store.
 */
class LargeLinesTest {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The buffer sizes of the write and read paths, in bytes. */
    static final int[] BUFFER_SIZES = {1 << 10, 8000, 1 << 16, 1 << 20, 2 << 20};

    @TempDir
    Path dir;

    final AtomicInteger runs = new AtomicInteger();

    Path freshJournal() {
        try {
            return Files.createDirectory(dir.resolve("run-" + runs.incrementAndGet())).resolve("big.jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSmallWriteAfterALineOverOneMebibyteSurvivesReopen() {
        Path p = freshJournal();
        try (JsonlStateStore s = JsonlStateStore.open(p)) {
            s.set("big", NODES.stringNode("x".repeat(1_000_000)), "w");
            s.set("small", NODES.numberNode(1), "w");
        }
        JournalAudit.assertSound(p);
        try (JsonlStateStore s = JsonlStateStore.builder(p).strict(true).open()) {
            assertEquals(List.of("big", "small"), s.keys());
            assertEquals(NODES.numberNode(1), s.get("small").orElseThrow());
        }
    }

    @Test
    void compactionAfterAHugeValueKeepsTheSmallKeysAfterIt() {
        Path p = freshJournal();
        Map<String, JsonNode> live;
        try (JsonlStateStore s = JsonlStateStore.open(p)) {
            s.set("a-huge", NODES.stringNode("y".repeat(2_000_000)), "w");
            for (int i = 0; i < 5; i++) {
                s.set("k" + i, NODES.numberNode(i), "w");
            }
            s.compact();
            live = s.snapshot();
        }
        JournalAudit.assertSound(p);
        try (JsonlStateStore s = JsonlStateStore.builder(p).strict(true).open()) {
            assertEquals(live, s.snapshot());
        }
    }

    enum Kind { SMALL, BIG, DELETE, COMPACT, SYNC, REOPEN }

    /** One step: a small or a big write of key {@code key}, a delete, a compaction, a sync or a reopen. */
    record Op(Kind kind, int key, int size, boolean wide) {
        @Override
        public String toString() {
            return kind == Kind.BIG ? "BIG(k" + key + ", " + size + (wide ? " wide chars" : " chars") + ")"
                    : kind + "(k" + key + ")";
        }
    }

    /** Returns a string value length within 400 of one of the buffer sizes. */
    static Gen<Op> ops() {
        return in -> {
            long roll = in.next(Constraint.between(0, 9));
            int key = (int) in.next(Constraint.between(0, 3));
            Kind kind = roll < 3 ? Kind.SMALL : roll < 6 ? Kind.BIG : Kind.values()[(int) roll - 4];
            int boundary = BUFFER_SIZES[(int) in.next(Constraint.between(0, BUFFER_SIZES.length - 1))];
            int delta = (int) in.next(Constraint.between(-400, 400).withShrinkPoint(0));
            boolean wide = in.next(Constraint.between(0, 3)) == 0;
            return new Op(kind, key, Math.max(1, wide ? (boundary + delta) / 2 : boundary + delta), wide);
        };
    }

    static Gen<List<Op>> histories() {
        Gen<Op> op = ops();
        return in -> {
            int n = (int) in.next(Constraint.between(1, 12));
            List<Op> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(op.generate(in));
            }
            return list;
        };
    }

    @Test
    void linesOfEverySizeAroundTheJournalsBuffersAreWrittenWholeInEveryMode() {
        qt().withExamples(30).withShrinkCycles(30)
                .forAll(histories(), in -> Durability.values()[(int) in.next(Constraint.between(0, 2))])
                .checkAssert((history, durability) -> {
                    Path p = freshJournal();
                    JsonlStateStore s = JsonlStateStore.builder(p).durability(durability).open();
                    Map<String, JsonNode> live;
                    try {
                        int serial = 0;
                        for (Op op : history) {
                            String key = "k" + op.key();
                            switch (op.kind()) {
                                case SMALL:
                                    s.set(key, NODES.numberNode(serial++), "small");
                                    break;
                                case BIG:
                                    s.set(key, NODES.stringNode((op.wide() ? "é" : "b").repeat(op.size())), "big");
                                    break;
                                case DELETE:
                                    s.delete(key, "del");
                                    break;
                                case COMPACT:
                                    s.compact();
                                    break;
                                case SYNC:
                                    s.sync();
                                    break;
                                default:
                                    live = s.snapshot();
                                    s.close();
                                    s = JsonlStateStore.builder(p).durability(durability).strict(true).open();
                                    assertEquals(live, s.snapshot(), "reopen within " + history);
                            }
                            JournalAudit.assertLockedByThisProcess(p);
                        }
                        live = s.snapshot();
                    } finally {
                        s.close();
                    }
                    List<StateTransition> lines = JournalAudit.assertSound(p);
                    assertEquals(new TreeMap<>(live), Journals.fold(lines), "the journal's bytes after " + history);
                    try (JsonlStateStore reopened = JsonlStateStore.builder(p).strict(true).open()) {
                        assertEquals(live, reopened.snapshot(), "reopen after " + history);
                    }
                });
    }
}
