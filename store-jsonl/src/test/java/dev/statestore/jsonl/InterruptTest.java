package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.tck.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * A thread interrupt never breaks the journal: every operation that does I/O works with the
 * calling thread's interrupt flag set, keeps the flag set, and leaves the journal writable from
 * other threads and equal to the live store on reopen.
 */
class InterruptTest {

    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);
    final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopOtherThread() {
        other.shutdownNow();
    }

    Path journal() {
        return dir.resolve("i.jsonl");
    }

    JsonlStateStore open(Durability d) {
        return JsonlStateStore.builder(journal()).durability(d).clock(clock).open();
    }

    static JsonNode n(int i) {
        return Journals.NODES.numberNode(i);
    }

    /** Runs {@code action} with this thread's interrupt flag set and checks the flag is still set after. */
    static <T> T interrupted(java.util.function.Supplier<T> action) {
        Thread.currentThread().interrupt();
        try {
            return action.get();
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag was cleared");
        }
    }

    /** Writes some keys, runs {@code op} interrupted, then checks writes from another thread and a reopen. */
    void check(Durability d, Consumer<JsonlStateStore> op) throws Exception {
        Map<String, JsonNode> live;
        try (JsonlStateStore s = open(d)) {
            s.set("a", n(1), "w");
            s.setWithTtl("ttl", n(2), "w", 1);
            s.set("b", n(3), "w");
            interrupted(() -> {
                op.accept(s);
                return null;
            });
            JournalAudit.assertLockedByThisProcess(journal());
            other.submit(() -> s.set("from-another-thread", n(4), "w")).get(30, TimeUnit.SECONDS);
            interrupted(() -> s.set("interrupted-write", n(5), "w"));
            other.submit(s::sync).get(30, TimeUnit.SECONDS);
            live = s.snapshot();
        }
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).strict(true).open()) {
            assertEquals(live, s.snapshot());
            assertTrue(s.keys().containsAll(List.of("from-another-thread", "interrupted-write")), s.keys().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void compactWithTheInterruptFlagSetWorks(Durability d) throws Exception {
        check(d, JsonlStateStore::compact);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void reapExpiredWithTheInterruptFlagSetWorks(Durability d) throws Exception {
        check(d, s -> assertEquals(List.of("ttl"), s.reapExpired(T0.plusSeconds(5))));
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void replaceAllWithTheInterruptFlagSetWorks(Durability d) throws Exception {
        check(d, s -> s.replaceAll(Map.of("replaced", n(9))));
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void restoreWithTheInterruptFlagSetWorks(Durability d) throws Exception {
        check(d, s -> s.restore(Map.of("a", n(1)), 1));
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void syncWritesAndCloseWithTheInterruptFlagSetWork(Durability d) throws Exception {
        check(d, s -> {
            s.set("c", n(6), "w");
            s.delete("b", "w");
            s.sync();
        });
        interrupted(() -> {
            try (JsonlStateStore s = open(d)) {
                s.set("d", n(7), "w");
            }
            return null;
        });
        try (JsonlStateStore s = open(d)) {
            assertTrue(s.exists("d"));
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void openingANewJournalWithTheInterruptFlagSetWorks(Durability d) throws Exception {
        JsonlStateStore opened = interrupted(() -> open(d));
        opened.close();
        check(d, s -> s.set("c", n(6), "w"));
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void openingAJournalWithATornTailWithTheInterruptFlagSetWorks(Durability d) throws Exception {
        try (JsonlStateStore s = open(d)) {
            s.set("a", n(1), "w");
        }
        Files.write(journal(), "{\"key\":\"torn".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (JsonlStateStore s = interrupted(() -> open(d))) {
            assertTrue(s.replayReport().tornBytes() > 0);
            other.submit(() -> s.set("after", n(2), "w")).get(30, TimeUnit.SECONDS);
        }
        try (JsonlStateStore s = open(d)) {
            assertEquals(List.of("a", "after"), s.keys());
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void interruptsArrivingDuringWritesAndRewritesNeverBreakTheJournal(Durability d) throws Exception {
        Map<String, JsonNode> live;
        try (JsonlStateStore s = open(d)) {
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        s.setWithTtl("k" + (i % 7), n(i), "w", i % 3);
                        switch (i % 30) {
                            case 0 -> s.compact();
                            case 10 -> s.reapExpired(T0.plusSeconds(1));
                            case 20 -> s.sync();
                            default -> { }
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            worker.start();
            while (worker.isAlive()) {
                worker.interrupt();
                Thread.onSpinWait();
            }
            worker.join();
            if (failure.get() != null) {
                throw new AssertionError("an interrupt broke the journal", failure.get());
            }
            other.submit(() -> s.set("after", n(1), "w")).get(30, TimeUnit.SECONDS);
            live = s.snapshot();
        }
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).strict(true).open()) {
            assertEquals(live, s.snapshot());
        }
    }
}
