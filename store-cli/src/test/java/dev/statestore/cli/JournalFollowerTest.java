package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.jsonl.JournalLine;
import dev.statestore.jsonl.JsonlStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower behind tail -f: appends, rewrites by rename and rewrites in place, driven poll by poll. */
class JournalFollowerTest {

    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();
    private final List<JournalLine> got = new ArrayList<>();

    private List<String> keys() {
        List<String> keys = got.stream().map(l -> l.transition().orElseThrow().key()).toList();
        got.clear();
        return keys;
    }

    @Test
    void appendsAreHandedOverOnceWithTheirLineNumbers() {
        Path journal = Fixtures.clean(dir);
        try (JournalFollower f = new JournalFollower(journal, problems::add)) {
            f.start(got::add);
            assertEquals(Fixtures.CLEAN_LINES, keys().size());
            assertEquals(JournalFollower.Change.NONE, f.poll(got::add));
            try (JsonlStateStore store = JsonlStateStore.open(journal)) {
                store.set("a", Fixtures.JSON.numberNode(1), "x");
                store.set("b", Fixtures.JSON.numberNode(2), "x");
            }
            assertEquals(JournalFollower.Change.APPENDED, f.poll(got::add));
            assertEquals(10, got.get(0).lineNumber());
            assertEquals(List.of("a", "b"), keys());
            assertEquals(JournalFollower.Change.NONE, f.poll(got::add));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aFileRewrittenInPlaceUnderTheSameInodeIsARewriteNotAnAppend() throws Exception {
        Path journal = Fixtures.clean(dir);
        Path other = Files.createDirectory(dir.resolve("other")).resolve("o.jsonl");
        try (JsonlStateStore store = JsonlStateStore.builder(other).clock(new Fixtures.SteppingClock(Instant.parse("2030-01-01T00:00:00Z"))).open()) {
            for (int i = 0; i < 30; i++) {
                store.set("new" + i, Fixtures.JSON.stringNode("value " + i), "writer");
            }
        }
        try (JournalFollower f = new JournalFollower(journal, problems::add)) {
            f.start(got::add);
            keys();
            Object inode = Files.getAttribute(journal, "basic:fileKey");
            Files.write(journal, Files.readAllBytes(other), StandardOpenOption.TRUNCATE_EXISTING);
            assertEquals(inode, Files.getAttribute(journal, "basic:fileKey"), "the test needs an in-place rewrite");
            assertEquals(JournalFollower.Change.REWRITTEN, f.poll(got::add));
            List<String> keys = keys();
            assertEquals(30, keys.size(), keys.toString());
            assertTrue(keys.stream().allMatch(k -> k.startsWith("new")), keys.toString());
        }
        assertEquals(List.of(), problems, "nothing may be read from the old offset");
    }

    @Test
    void aRewriteHandsOverOnlyWhatItKeptLaterThanTheLastTransitionSeen() {
        Path journal = Fixtures.clean(dir);
        try (JournalFollower f = new JournalFollower(journal, problems::add)) {
            f.start(got::add);
            keys();
            try (JsonlStateStore store = JsonlStateStore.builder(journal)
                    .clock(new Fixtures.SteppingClock(Instant.parse("2030-01-01T00:00:00Z"))).open()) {
                store.set("x", Fixtures.JSON.numberNode(1), "w");
                store.set("x", Fixtures.JSON.numberNode(2), "w");
                store.set("y", Fixtures.JSON.numberNode(3), "w");
                store.compact();
                store.set("z", Fixtures.JSON.numberNode(4), "w");
            }
            assertEquals(JournalFollower.Change.REWRITTEN, f.poll(got::add));
            List<JournalLine> lines = List.copyOf(got);
            assertEquals(List.of("x", "y", "z"), keys());
            assertEquals(2, lines.get(0).transition().orElseThrow().newValue().orElseThrow().asInt(),
                    "the compaction kept x's latest write only");
            assertEquals(JournalFollower.Change.NONE, f.poll(got::add));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aMissingFileIsReportedAndFollowedWhenItComesBack() throws Exception {
        Path journal = Fixtures.clean(dir);
        Path aside = dir.resolve("aside.jsonl");
        try (JournalFollower f = new JournalFollower(journal, problems::add)) {
            f.start(got::add);
            keys();
            Files.move(journal, aside);
            assertEquals(JournalFollower.Change.MISSING, f.poll(got::add));
            Files.move(aside, journal);
            assertEquals(JournalFollower.Change.NONE, f.poll(got::add), "the same file came back: nothing new");
        }
    }
}
