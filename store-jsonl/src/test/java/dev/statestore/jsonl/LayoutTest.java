package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Durability;
import dev.statestore.HistoryCompactedException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.LayoutFiles;
import dev.statestore.jsonl.internal.Manifest;
import dev.statestore.tck.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The version 2 layout: segments are sealed and checkpoints taken as the bounds say, opening reads
 * the newest checkpoint and the tail after it, the history stays readable from the segments, a
 * restore keeps the history up to its revision, a bounded {@code history} removes whole old
 * segments, and version 1 and car-state journals open and are migrated.
 */
class LayoutTest {

    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    @TempDir
    Path dir;

    Path journal() {
        return dir.resolve("s.jsonl");
    }

    JsonlStateStore.Builder small(MutableClock clock) {
        return JsonlStateStore.builder(journal()).clock(clock).segmentBytes(4096).checkpointLines(50)
                .checkpointBytes(1);
    }

    static JsonNode n(long i) {
        return Journals.NODES.numberNode(Math.toIntExact(i));
    }

    /**
     * Writes {@code count} sets over {@code keys} keys (and a delete every 7th), letting the
     * background thread catch up every ten writes, as it would at a slower pace.
     */
    static List<StateTransition> write(JsonlStateStore s, MutableClock clock, int count, int keys) {
        List<StateTransition> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clock.advance(Duration.ofSeconds(1));
            String key = "k" + (i % keys);
            if (i % 7 == 6 && s.exists(key)) {
                out.add(s.delete(key, "del").orElseThrow());
            } else {
                out.add(s.set(key, n(i), "w" + i));
            }
            if (i % 10 == 9) {
                s.awaitMaintenance();
            }
        }
        return out;
    }

    static void assertGapless(List<StateTransition> history, long first) {
        for (int i = 0; i < history.size(); i++) {
            assertEquals(first + i, history.get(i).revision(), "revision at position " + i);
        }
    }

    @Test
    void writesAreSealedIntoSegmentsAndCheckpointedAndTheWholeHistoryReadsBack() throws Exception {
        MutableClock clock = new MutableClock(T0);
        List<StateTransition> written;
        Map<String, JsonNode> live;
        try (JsonlStateStore s = small(clock).memoryHistory(10).open()) {
            written = write(s, clock, 600, 20);
            s.compact();
            live = s.snapshot();
            assertEquals(written, s.transitionsSince(0), "the history, read back from the files");
        }
        assertTrue(Journals.segments(journal()).size() >= 3, Journals.segments(journal()).toString());
        assertEquals(1, Journals.checkpoints(journal()).size(), "one checkpoint: the older ones are removed");
        JournalAudit.assertSound(journal());
        try (JsonlStateStore s = small(clock).memoryHistory(10).strict(true).open()) {
            assertEquals(live, s.snapshot());
            assertEquals(600, s.transitionCount());
            assertTrue(s.replayReport().linesRead() <= 40, "a reopen after compact() reads the checkpoint only: "
                    + s.replayReport());
            List<StateTransition> history = s.transitionsSince(0);
            assertEquals(written, history);
            assertGapless(history, 1);
            assertEquals(written.subList(333, 340), s.transitionsSince(333, 7), "a page from the middle of a segment");
            assertEquals(601, s.set("new", n(1), "w").revision());
        }
    }

    @Test
    void openingReadsTheCheckpointAndABoundedTailNotEveryLineEverWritten() {
        MutableClock clock = new MutableClock(T0);
        try (JsonlStateStore s = small(clock).open()) {
            write(s, clock, 1000, 10);
        }
        try (JsonlStateStore s = small(clock).open()) {
            long read = s.replayReport().linesRead();
            assertTrue(read < 200, "lines read on open: " + read + " of 1000 written");
            assertEquals(1000, s.transitionCount());
        }
    }

    @Test
    void aCheckpointAfterDeletesKeepsTheRevisionCount() {
        MutableClock clock = new MutableClock(T0);
        try (JsonlStateStore s = small(clock).open()) {
            s.set("a", n(1), "w");
            s.set("b", n(2), "w");
            s.delete("a", "d");
            s.delete("b", "d");
            s.compact();
        }
        try (JsonlStateStore s = small(clock).open()) {
            assertEquals(Map.of(), s.snapshot());
            assertEquals(4, s.transitionCount());
            assertEquals(5, s.set("c", n(3), "w").revision(), "revisions are never handed out twice");
            assertEquals(List.of("w", "w", "d", "d", "w"), s.transitions().stream().map(StateTransition::actionId).toList());
        }
    }

    @Test
    void restoreKeepsTheHistoryUpToItsRevisionAndDropsTheRest() {
        MutableClock clock = new MutableClock(T0);
        List<StateTransition> written;
        Map<String, JsonNode> at300;
        try (JsonlStateStore s = small(clock).memoryHistory(10).open()) {
            written = write(s, clock, 300, 20);
            at300 = s.snapshot();
            write(s, clock, 400, 20); // sealed into later segments
            s.restore(at300, 300);
            assertEquals(at300, s.snapshot());
            assertEquals(written, s.transitionsSince(0));
            assertEquals(301, s.set("after", n(1), "w").revision());
        }
        JournalAudit.assertSound(journal());
        try (JsonlStateStore s = small(clock).memoryHistory(10).strict(true).open()) {
            Map<String, JsonNode> expected = new TreeMap<>(at300);
            expected.put("after", n(1));
            assertEquals(expected, s.snapshot());
            List<StateTransition> history = s.transitionsSince(0);
            assertEquals(written, history.subList(0, 300));
            assertEquals(301, history.size());
            assertGapless(history, 1);
        }
    }

    @Test
    void restoreToARevisionInTheActiveFileCutsOnlyThatFile() {
        MutableClock clock = new MutableClock(T0);
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).open()) {
            List<StateTransition> written = write(s, clock, 30, 5);
            Map<String, JsonNode> at20 = new TreeMap<>(Journals.fold(written.subList(0, 20)));
            s.restore(at20, 20);
            assertEquals(21, s.set("x", n(1), "w").revision());
        }
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).strict(true).open()) {
            assertEquals(21, s.transitionCount());
            assertGapless(s.transitionsSince(0), 1);
            assertEquals(21, Journals.lineEnds(Journals.bytes(journal())).size(), "lines 21..30 were cut off");
        }
    }

    @Test
    void replaceAllClearsTheHistoryAndTheNextWriteIsRevisionOne() {
        MutableClock clock = new MutableClock(T0);
        try (JsonlStateStore s = small(clock).open()) {
            write(s, clock, 200, 10);
            s.replaceAll(Map.of("only", n(7)));
            assertEquals(1, s.set("next", n(8), "w").revision());
        }
        assertEquals(List.of(), Journals.segments(journal()), "every segment held history after revision 0");
        try (JsonlStateStore s = small(clock).strict(true).open()) {
            assertEquals(Map.of("only", n(7), "next", n(8)), s.snapshot());
            assertEquals(1, s.transitionCount());
        }
    }

    @Test
    void aBoundedHistoryRemovesWholeSegmentsBeforeItAndNothingItKeeps() {
        MutableClock clock = new MutableClock(T0);
        List<StateTransition> written;
        try (JsonlStateStore s = small(clock).history("100").memoryHistory(10).open()) {
            written = write(s, clock, 1000, 10);
            s.compact();
            long oldest = s.transitionCount() - 100;
            List<StateTransition> kept = s.transitionsSince(oldest);
            assertEquals(written.subList((int) oldest, 1000), kept, "the latest 100 are kept");
            assertThrows(HistoryCompactedException.class, () -> s.transitionsSince(0));
        }
        List<Path> segments = Journals.segments(journal());
        LayoutFiles files = new LayoutFiles(journal());
        long first = files.segmentFirst(segments.get(0).getFileName().toString());
        assertTrue(first > 1 && first <= 901, "the oldest segment kept starts at " + first);
        try (JsonlStateStore s = small(clock).history("100").memoryHistory(10).strict(true).open()) {
            assertEquals(1000, s.transitionCount());
            assertEquals(written.subList((int) first - 1, 1000), s.transitionsSince(first - 1));
        }
    }

    @Test
    void aHistoryKeptByAgeRemovesSegmentsOlderThanThat() {
        MutableClock clock = new MutableClock(T0);
        try (JsonlStateStore s = small(clock).history("PT10M").memoryHistory(10).open()) {
            write(s, clock, 1200, 10); // one second apart: 20 minutes
            s.compact();
            HistoryCompactedException e = assertThrows(HistoryCompactedException.class, () -> s.transitionsSince(0));
            long first = e.oldestRetainedRevision();
            assertTrue(first > 1 && first <= 1200 - 600, "oldest kept " + first);
            assertEquals(1200 - first + 1, s.transitionsSince(first - 1).size());
        }
    }

    @Test
    void aVersion1JournalOpensAsItIsAndIsMigratedOnItsFirstCheckpoint() throws Exception {
        String v1 = encoded(StateTransition.of("a", java.util.Optional.empty(), java.util.Optional.of(n(1)), "w",
                Instant.parse("2026-01-01T00:00:00Z"), java.util.OptionalLong.empty(), 1, 1), true)
                + encoded(StateTransition.of("b", java.util.Optional.empty(), java.util.Optional.of(n(2)), "w",
                        Instant.parse("2026-01-01T00:00:00Z"), java.util.OptionalLong.empty(), 3, 2), true)
                + encoded(StateTransition.of("a", java.util.Optional.of(n(1)), java.util.Optional.of(n(5)), "w",
                        Instant.parse("2026-01-01T00:00:01Z"), java.util.OptionalLong.empty(), 4, 2), false);
        Files.writeString(journal(), v1);
        MutableClock clock = new MutableClock(T0);
        // bounds the file does not pass, so that no checkpoint is due (and started in the background) on open
        try (JsonlStateStore s = small(clock).checkpointBytes(1 << 20).strict(true).open()) {
            assertEquals(Map.of("a", n(5), "b", n(2)), s.snapshot());
            assertEquals(4, s.transitionCount());
            assertFalse(new LayoutFiles(journal()).hasDirectory(), "opening changes nothing");
            s.set("c", n(6), "w");
            s.compact();
        }
        assertTrue(Files.exists(new LayoutFiles(journal()).manifest()));
        assertTrue(Files.readString(journal()).startsWith(v1), "the active file keeps its lines");
        try (JsonlStateStore s = small(clock).strict(true).open()) {
            assertEquals(Map.of("a", n(5), "b", n(2), "c", n(6)), s.snapshot());
            assertEquals(5, s.transitionCount());
            assertEquals(List.of(4L, 5L), s.transitionsSince(3).stream().map(StateTransition::revision).toList(),
                    "the history the version 1 file kept, after its compacted state lines");
            assertThrows(HistoryCompactedException.class, () -> s.transitionsSince(0));
        }
    }

    @Test
    void aCarStateJournalOpensAsItIsAndIsMigrated() throws Exception {
        String car = ""
                + line("{\"key\":\"x\",\"old_value\":null,\"new_value\":{\"v\":1},\"action_id\":\"act-1\",\"timestamp\":\"2026-01-01T00:00:00.5+01:00\"}")
                + line("{\"key\":\"y\",\"new_value\":\"s\",\"action_id\":\"act-2\",\"timestamp\":\"2026-01-01T00:00:01Z\",\"ttl_secs\":60}")
                + line("{\"key\":\"x\",\"old_value\":{\"v\":1},\"new_value\":null,\"action_id\":\"act-3\",\"timestamp\":\"2026-01-01T00:00:02Z\"}");
        Files.writeString(journal(), car);
        MutableClock clock = new MutableClock(T0);
        try (JsonlStateStore s = small(clock).strict(true).open()) {
            assertEquals(List.of("y"), s.keys());
            assertEquals(3, s.transitionCount());
            s.compact();
            assertEquals(4, s.set("z", n(1), "w").revision());
        }
        try (JsonlStateStore s = small(clock).strict(true).open()) {
            assertEquals(List.of("y", "z"), s.keys());
            assertEquals(List.of(1L, 2L, 3L, 4L), s.transitionsSince(0).stream().map(StateTransition::revision).toList());
            assertEquals(60, s.getVersioned("y").orElseThrow().expiresAt().orElseThrow().getEpochSecond()
                    - Instant.parse("2026-01-01T00:00:01Z").getEpochSecond());
        }
    }

    @Test
    void theManifestNamesTheCheckpointAndWhereTheTailStarts() throws Exception {
        MutableClock clock = new MutableClock(T0);
        // Bounds the 5 writes after the compaction stay under, so the close takes no checkpoint.
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).checkpointLines(50).open()) {
            write(s, clock, 30, 5);
            s.compact();
            write(s, clock, 5, 5);
        }
        Manifest m = Manifest.read(new LayoutFiles(journal()).manifest());
        assertEquals(30, m.revision());
        assertEquals(Journals.checkpoints(journal()).get(0).getFileName().toString(), m.checkpoint());
        assertTrue(Files.readString(new LayoutFiles(journal()).manifest(), StandardCharsets.UTF_8)
                .startsWith("{\"layout\":\"statestore-jsonl\",\"version\":2,"));
    }

    @Test
    void aBufferedJournalHandsItsBufferToTheSystemWithinTheFlushInterval() throws Exception {
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).durability(Durability.BUFFERED)
                .flushInterval(Duration.ofMillis(50)).open()) {
            s.set("a", n(1), "w");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Files.size(journal()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(Files.size(journal()) > 0, "the write reached the file without sync()");
        }
    }

    static String line(String json) {
        return json + "\n";
    }

    /** Returns {@code t} as our encoder writes it: a state line or a history line. */
    static String encoded(StateTransition t, boolean state) {
        dev.statestore.jsonl.internal.LineEncoder encoder = new dev.statestore.jsonl.internal.LineEncoder();
        int n = encoder.encode(t, state);
        return new String(encoder.buffer(), 0, n, StandardCharsets.UTF_8);
    }
}
