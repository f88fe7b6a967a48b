package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.LayoutFiles;
import dev.statestore.jsonl.internal.Manifest;
import dev.statestore.tck.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Damage to each kind of file of the layout is found, never turned into invented data: the file
 * is cut at every byte of its last {@value #TAIL} bytes, and single random bytes are flipped. A
 * damaged file that opening reads (the manifest, the checkpoint, a segment after the checkpoint,
 * the active file) fails a strict open and is reported by a lenient one; a damaged segment before
 * the checkpoint, which opening does not read, is reported by {@link JournalLayout#verify()}. A
 * cut of the active file is a crash's torn tail: cut off, the rest kept.
 */
class LayoutDamageTest {

    static final int TAIL = 120;
    static final int FLIPS = 25;

    @TempDir
    static Path fixtureDir;
    static Path fixture;
    static Map<String, JsonNode> live;
    static List<StateTransition> history;

    @TempDir
    Path dir;

    /** The kinds of file, each found in the fixture. */
    enum Kind {
        MANIFEST, CHECKPOINT, OLD_SEGMENT, TAIL_SEGMENT, ACTIVE
    }

    @BeforeAll
    static void buildFixture() {
        fixture = fixtureDir.resolve("d.jsonl");
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        try (JsonlStateStore s = JsonlStateStore.builder(fixture).clock(clock).segmentBytes(2048).checkpointLines(40)
                .checkpointBytes(1).open()) {
            for (int i = 0; i < 300; i++) {
                clock.advance(Duration.ofSeconds(1));
                s.set("k" + (i % 12), Journals.NODES.numberNode(i), "w" + i);
                if (i % 10 == 9) {
                    s.awaitMaintenance();
                }
            }
            s.compact();
            s.awaitMaintenance();
        }
        // Written with checkpoints far apart, so that a sealed segment and the active file follow the checkpoint.
        try (JsonlStateStore s = JsonlStateStore.builder(fixture).clock(clock).segmentBytes(2048).open()) {
            for (int i = 300; i < 340; i++) {
                clock.advance(Duration.ofSeconds(1));
                s.set("k" + (i % 12), Journals.NODES.numberNode(i), "w" + i);
                if (i % 10 == 9) {
                    s.awaitMaintenance();
                }
            }
        }
        try (JsonlStateStore s = JsonlStateStore.builder(fixture).clock(clock).open()) { // and a few lines in the active file
            for (int i = 340; i < 346; i++) {
                clock.advance(Duration.ofSeconds(1));
                s.set("k" + (i % 12), Journals.NODES.numberNode(i), "w" + i);
            }
            live = s.snapshot();
            history = s.transitionsSince(0);
        }
        for (Kind k : Kind.values()) {
            assertTrue(sizeOf(file(fixture, k)) > 0, k + " in " + fixture);
        }
        JournalAudit.assertSound(fixture);
    }

    static Path file(Path journal, Kind kind) {
        LayoutFiles files = new LayoutFiles(journal);
        try {
            Manifest m = Manifest.read(new LayoutFiles(fixture).manifest());
            List<Long> segments = files.segments();
            switch (kind) {
                case MANIFEST:
                    return files.manifest();
                case CHECKPOINT:
                    return files.directory().resolve(m.checkpoint());
                case OLD_SEGMENT:
                    return files.segment(segments.get(0));
                case TAIL_SEGMENT:
                    long last = segments.get(segments.size() - 1);
                    assertTrue(last > m.revision(), "the last segment follows the checkpoint");
                    return files.segment(last);
                default:
                    return journal;
            }
        } catch (IOException | Manifest.Damaged e) {
            throw new AssertionError(e);
        }
    }

    static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a fresh copy of the fixture's files. */
    Path copy(int n) {
        try {
            Path to = Files.createDirectory(dir.resolve("copy-" + n));
            try (Stream<Path> walk = Files.walk(fixtureDir)) {
                for (Path p : walk.toList()) {
                    Path target = to.resolve(fixtureDir.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            return to.resolve(fixture.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, JsonNode> stateAt(long revision) {
        return new TreeMap<>(Journals.fold(history.subList(0, (int) revision)));
    }

    @Test
    void everyCutOfEveryKindOfFileIsFoundOrIsATornTail() throws Exception {
        int n = 0;
        for (Kind kind : Kind.values()) {
            Path journal = copy(n++);
            Path target = file(journal, kind);
            byte[] intact = Files.readAllBytes(target);
            for (int cut = Math.max(0, intact.length - TAIL); cut < intact.length; cut++) {
                Files.write(target, java.util.Arrays.copyOf(intact, cut));
                assertDamageHandled(journal, kind, kind + " cut to " + cut + " of " + intact.length, true);
            }
        }
    }

    @Test
    void randomByteFlipsInEveryKindOfFileAreFound() throws Exception {
        Random random = new Random(20260601);
        int n = 0;
        for (Kind kind : Kind.values()) {
            Path journal = copy(n++);
            Path target = file(journal, kind);
            byte[] intact = Files.readAllBytes(target);
            for (int i = 0; i < FLIPS; i++) {
                byte[] bytes = intact.clone();
                int at = random.nextInt(bytes.length);
                bytes[at] ^= (byte) (1 + random.nextInt(255));
                Files.write(target, bytes);
                assertDamageHandled(journal, kind, kind + " byte " + at + " of " + bytes.length + " flipped", false);
            }
        }
    }

    /** Checks what a strict open, a lenient open and a verify make of a damaged copy. */
    static void assertDamageHandled(Path journal, Kind kind, String where, boolean cut) {
        boolean readOnOpen = kind != Kind.OLD_SEGMENT;
        List<JournalLayout.Problem> problems = JournalLayout.read(journal).verify();
        assertFalse(problems.isEmpty(), where + ": verify found nothing");
        if (kind == Kind.ACTIVE) {
            try (JsonlStateStore s = JsonlStateStore.builder(journal).strict(!cut).open()) { // a torn tail is cut off
                if (cut) {
                    assertEquals(stateAt(s.transitionCount()), new TreeMap<>(s.snapshot()),
                            where + ": the state of the lines before the cut");
                    return;
                }
                assertTrue(s.replayReport().tornBytes() > 0, where + ": a strict open took it without a torn tail");
                return;
            } catch (StateStoreException e) {
                assertFalse(cut, where + ": " + e.getMessage());
                return;
            }
        }
        if (readOnOpen) {
            StateStoreException e = assertThrows(StateStoreException.class,
                    () -> JsonlStateStore.builder(journal).strict(true).open().close(), where + ": strict open");
            assertTrue(e.getMessage().contains("recovery=strict"), e.getMessage());
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal)) {
            if (readOnOpen) {
                assertTrue(s.replayReport().skippedCount() > 0, where + ": the lenient open reports it");
            }
            Map<String, JsonNode> state = s.snapshot();
            for (Map.Entry<String, JsonNode> e : state.entrySet()) {
                JsonNode expected = live.get(e.getKey());
                assertTrue(expected != null, where + ": key " + e.getKey() + " invented");
                if (kind != Kind.TAIL_SEGMENT) {
                    assertEquals(expected, e.getValue(), where + ": value of " + e.getKey());
                }
            }
            if (kind == Kind.MANIFEST || kind == Kind.OLD_SEGMENT) {
                assertEquals(live, state, where + ": the checkpoint and the tail still give the whole state");
            }
        }
    }
}
