package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Opening a damaged journal: bad lines skipped and reported (or fatal when strict), torn tails cut. */
class RecoveryTest {

    @TempDir
    Path dir;

    Path journal() {
        return dir.resolve("r.jsonl");
    }

    static void appendRaw(Path p, String text) throws IOException {
        Files.write(p, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    @Test
    void malformedAndChecksumFailingLinesAreSkippedWithWarningsNamingFileAndLine() throws IOException {
        List<StateTransition> log = Journals.writeSample(journal(), 10, 1);
        List<String> lines = new ArrayList<>(Files.readAllLines(journal()));
        lines.add(3, "this is not json");
        String tampered = lines.get(6).replaceFirst("\"action_id\":\"", "\"action_id\":\"X");
        lines.set(6, tampered);
        lines.add("{\"key\":\"k9\"}");
        Files.write(journal(), lines);
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            ReplayReport r = s.replayReport();
            assertEquals(12, r.linesRead());
            assertEquals(9, r.applied());
            assertEquals(List.of(4L, 7L, 12L), r.skipped().stream().map(SkippedLine::lineNumber).toList());
            assertTrue(r.skipped().get(0).reason().startsWith("malformed JSON"), r.skipped().get(0).reason());
            assertTrue(r.skipped().get(1).reason().startsWith("checksum mismatch"), r.skipped().get(1).reason());
            assertTrue(r.skipped().get(2).reason().contains("action_id"), r.skipped().get(2).reason());
            List<StateTransition> expected = new ArrayList<>(log);
            expected.remove(5); // line 7 of the file held transition 6
            assertEquals(expected, s.transitions());
            assertEquals(Journals.fold(expected), s.snapshot());
        }
        String path = journal().toRealPath().toString();
        for (long line : List.of(4L, 7L, 12L)) {
            assertEquals(1, CapturedLogs.matching(m -> m.startsWith("WARNING") && m.contains(path)
                    && m.contains(" line " + line + ": ")).size(), "warning for line " + line);
        }
    }

    @Test
    void strictRecoveryFailsTheOpenNamingFileAndLineAndChangesNothing() throws IOException {
        Journals.writeSample(journal(), 5, 2);
        appendRaw(journal(), "{broken\n");
        Journals.writeSample(dir.resolve("other.jsonl"), 1, 3);
        appendRaw(journal(), "{\"key\":\"x\",\"new_value\":1,\"action_id\":\"a\",\"timestamp\":\"2026-01-01T00:00:00Z\"}\n");
        appendRaw(journal(), "{\"torn\":");
        byte[] before = Journals.bytes(journal());
        StateStoreException e = assertThrows(StateStoreException.class,
                () -> JsonlStateStore.open(journal(), Map.of("recovery", "strict")));
        assertTrue(e.getMessage().contains(journal().getFileName().toString()) && e.getMessage().contains("line 6"),
                e.getMessage());
        assertArrayEquals(before, Journals.bytes(journal()));
        // the failed open released the lock: a lenient open works
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertEquals(1, s.replayReport().skipped().size());
            assertEquals(6, s.replayReport().applied());
            assertEquals(8, s.replayReport().tornBytes());
        }
    }

    @Test
    void strictRecoveryOpensACleanJournal() {
        List<StateTransition> log = Journals.writeSample(journal(), 20, 4);
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).strict(true).open()) {
            assertEquals(log, s.transitions());
        }
    }

    @Test
    void linesWithoutChecksumAreAccepted() throws IOException {
        Journals.writeSample(journal(), 3, 5);
        appendRaw(journal(), "{\"key\":\"plain\",\"old_value\":null,\"new_value\":[1],\"action_id\":\"car\","
                + "\"timestamp\":\"2026-01-01T00:00:00Z\"}\n");
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).strict(true).open()) {
            assertEquals(Journals.NODES.arrayNode().add(1), s.get("plain").orElseThrow());
        }
    }

    @Test
    void tornFinalLineIsCutOffAndKeptInASideFile() throws IOException {
        List<StateTransition> log = Journals.writeSample(journal(), 4, 6);
        byte[] clean = Journals.bytes(journal());
        appendRaw(journal(), "{\"key\":\"half\",\"new_va");
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            ReplayReport r = s.replayReport();
            assertEquals(21, r.tornBytes());
            assertEquals(clean.length + 21, r.fileBytes());
            assertEquals(log, s.transitions());
            assertArrayEquals(clean, Journals.bytes(journal()));
            List<Path> sides = Journals.filesStartingWith(dir, "r.jsonl.torn-");
            assertEquals(1, sides.size());
            assertEquals("{\"key\":\"half\",\"new_va", Files.readString(sides.get(0)));
            s.set("after", Journals.NODES.numberNode(1), "w");
        }
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).strict(true).open()) {
            assertTrue(s.replayReport().clean());
            assertEquals(Journals.NODES.numberNode(1), s.get("after").orElseThrow());
        }
        assertTrue(CapturedLogs.matching(m -> m.contains("cut off an unfinished last line of 21 bytes")).size() >= 1);
    }

    @Test
    void truncationAtEveryByteOfTheLastLinesOpensToThePrefix() throws IOException {
        Path source = dir.resolve("source.jsonl");
        List<StateTransition> log = Journals.writeSample(source, 12, 7);
        byte[] full = Journals.bytes(source);
        List<Integer> ends = Journals.lineEnds(full);
        assertEquals(12, ends.size());
        int from = ends.get(9); // every byte of the last two lines and a bit more
        for (int cut = from - 5; cut <= full.length; cut++) {
            Path work = Files.createDirectory(dir.resolve("cut-" + cut));
            Path p = work.resolve("j.jsonl");
            Journals.write(p, Arrays.copyOf(full, cut));
            int complete = 0;
            while (complete < ends.size() && ends.get(complete) <= cut) {
                complete++;
            }
            int endOfComplete = complete == 0 ? 0 : ends.get(complete - 1);
            try (JsonlStateStore s = JsonlStateStore.open(p)) {
                ReplayReport r = s.replayReport();
                assertEquals(List.of(), r.skipped(), "cut at " + cut);
                assertEquals(cut - endOfComplete, r.tornBytes(), "cut at " + cut);
                assertEquals(log.subList(0, complete), s.transitions(), "cut at " + cut);
                assertEquals(Journals.fold(log.subList(0, complete)), s.snapshot(), "cut at " + cut);
                assertEquals(endOfComplete, Files.size(p), "cut at " + cut);
                if (cut % 5 == 0 || cut == endOfComplete) {
                    s.set("next", Journals.NODES.numberNode(cut), "after-cut");
                }
            }
            if (cut % 5 == 0 || cut == endOfComplete) { // the repaired journal takes appends cleanly
                try (JsonlStateStore s = JsonlStateStore.builder(p).strict(true).open()) {
                    assertTrue(s.replayReport().clean(), "cut at " + cut);
                    assertEquals(complete + 1, s.transitionCount(), "cut at " + cut);
                }
            }
        }
    }

    @Test
    void randomByteFlipsAreDetectedAndCostOnlyTheLinesTheyHit() {
        Path source = dir.resolve("source.jsonl");
        List<StateTransition> log = Journals.writeSample(source, 30, 8);
        byte[] pristine = Journals.bytes(source);
        List<Integer> ends = Journals.lineEnds(pristine);
        Random random = new Random(42);
        Path p = dir.resolve("flipped.jsonl");
        for (int round = 0; round < 200; round++) {
            byte[] damaged = pristine.clone();
            int at = random.nextInt(damaged.length);
            damaged[at] ^= (byte) (1 + random.nextInt(255));
            int line = 0; // index of the line holding byte 'at'
            while (ends.get(line) <= at) {
                line++;
            }
            Journals.write(p, damaged);
            String what = "flip of byte " + at + " (line " + (line + 1) + ") to " + (damaged[at] & 0xff);
            try (JsonlStateStore s = JsonlStateStore.open(p)) {
                ReplayReport r = s.replayReport();
                List<StateTransition> withoutLine = new ArrayList<>(log);
                withoutLine.remove(line);
                List<StateTransition> withoutTwo = new ArrayList<>(withoutLine);
                if (line < withoutTwo.size()) {
                    withoutTwo.remove(line);
                }
                List<StateTransition> got = s.transitions();
                assertTrue(got.equals(withoutLine) || (at == ends.get(line) - 1 && got.equals(withoutTwo)),
                        what + ": replayed " + got.size() + " transitions");
                assertFalse(r.clean(), what);
            }
            for (Path side : Journals.filesStartingWith(dir, "flipped.jsonl.torn-")) {
                Journals.write(side, new byte[0]);
                side.toFile().delete();
            }
        }
    }

    @Test
    void blankLinesAreSkippedSilently() throws IOException {
        List<StateTransition> log = Journals.writeSample(journal(), 3, 10);
        appendRaw(journal(), "\n   \r\n\t\n");
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).strict(true).open()) {
            assertEquals(6, s.replayReport().linesRead());
            assertEquals(3, s.replayReport().applied());
            assertTrue(s.replayReport().clean());
            assertEquals(log, s.transitions());
        }
    }

    @Test
    void crlfLineEndingsAreAccepted() throws IOException {
        List<StateTransition> log = Journals.writeSample(journal(), 5, 11);
        String text = Files.readString(journal()).replace("\n", "\r\n");
        Files.writeString(journal(), text);
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).strict(true).open()) {
            assertEquals(log, s.transitions());
        }
    }

    @Test
    void openFailsNamingThePathWhenTheDirectoryIsMissing() {
        Path p = dir.resolve("no/such/dir/s.jsonl");
        StateStoreException e = assertThrows(StateStoreException.class, () -> JsonlStateStore.open(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void openFailsNamingThePathWhenItIsADirectory() throws IOException {
        Path p = Files.createDirectory(dir.resolve("d.jsonl"));
        StateStoreException e = assertThrows(StateStoreException.class, () -> JsonlStateStore.open(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void openFailsNamingThePathWhenPermissionIsDenied() throws IOException {
        Path p;
        if (!"root".equals(System.getProperty("user.name"))) {
            Path locked = Files.createDirectory(dir.resolve("locked"));
            assertTrue(locked.toFile().setWritable(false, false));
            p = locked.resolve("s.jsonl");
        } else {
            // root ignores file modes; sysfs refuses new files even to root
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/kernel")), "no sysfs");
            p = Path.of("/sys/kernel/statestore-test.jsonl");
        }
        Path target = p;
        StateStoreException e = assertThrows(StateStoreException.class, () -> JsonlStateStore.open(target));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("permission denied"), e.getMessage());
    }

    @Test
    void emptyAndMissingFilesOpenEmpty() throws IOException {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertEquals(0, s.replayReport().linesRead());
            assertTrue(Files.exists(journal()));
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertEquals(Map.<String, JsonNode>of(), s.snapshot());
        }
    }
}
