package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JsonlStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follower behind tail -f: appends, seals of the active file, rewrites in place and by rename,
 * driven poll by poll.
 */
class JournalFollowerTest {

    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();
    private final List<StateTransition> got = new ArrayList<>();

    private List<String> keys() {
        List<String> keys = got.stream().map(StateTransition::key).toList();
        got.clear();
        return keys;
    }

    /** Returns a follower started where a read of the last {@code n} transitions ended; those go to {@link #got}. */
    private JournalFollower follow(Path journal, int n) {
        RecentHistory.Result read = RecentHistory.last(journal, n, k -> true);
        got.addAll(read.transitions());
        JournalFollower f = new JournalFollower(journal, problems::add);
        f.start(read);
        return f;
    }

    @Test
    void appendsAreHandedOverOnceWithTheirRevisions() {
        Path journal = Fixtures.clean(dir);
        try (JournalFollower f = follow(journal, 100)) {
            assertEquals(Fixtures.CLEAN_LINES, keys().size());
            assertEquals(JournalFollower.Change.NONE, f.poll(got::add));
            try (JsonlStateStore store = JsonlStateStore.open(journal)) {
                store.set("a", Fixtures.JSON.numberNode(1), "x");
                store.set("b", Fixtures.JSON.numberNode(2), "x");
            }
            assertEquals(JournalFollower.Change.APPENDED, f.poll(got::add));
            assertEquals(10, got.get(0).revision());
            assertEquals(List.of("a", "b"), keys());
            assertEquals(JournalFollower.Change.NONE, f.poll(got::add));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aSealBetweenPollsLosesAndRepeatsNothing() {
        Path journal = dir.resolve("sealed.jsonl");
        Map<String, String> options = Map.of("segment-bytes", "1", "history", "1000000");
        try (JsonlStateStore store = JsonlStateStore.open(journal, options)) {
            store.set("first", Fixtures.JSON.numberNode(0), "w");
        }
        try (JournalFollower f = follow(journal, 10)) {
            assertEquals(List.of("first"), keys());
            try (JsonlStateStore store = JsonlStateStore.open(journal, options)) {
                store.set("before-seal", Fixtures.JSON.numberNode(1), "w");
                store.compact(); // with a bounded history option, compact seals the active file
                store.set("after-seal", Fixtures.JSON.numberNode(2), "w");
            }
            assertTrue(JournalLayout.read(journal).segments().size() >= 1, "the test needs a seal");
            assertEquals(JournalFollower.Change.SEALED, f.poll(got::add));
            assertEquals(List.of(2L, 3L), got.stream().map(StateTransition::revision).toList());
            assertEquals(List.of("before-seal", "after-seal"), keys());
            assertEquals(JournalFollower.Change.NONE, f.poll(got::add));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void twoSealsBetweenPollsReadTheSegmentInBetween() {
        Path journal = dir.resolve("sealed.jsonl");
        Map<String, String> options = Map.of("segment-bytes", "1", "history", "1000000");
        try (JsonlStateStore store = JsonlStateStore.open(journal, options)) {
            store.set("first", Fixtures.JSON.numberNode(0), "w");
        }
        try (JournalFollower f = follow(journal, 10)) {
            keys();
            try (JsonlStateStore store = JsonlStateStore.open(journal, options)) {
                store.set("one", Fixtures.JSON.numberNode(1), "w");
                store.compact();
                store.set("two", Fixtures.JSON.numberNode(2), "w");
                store.set("three", Fixtures.JSON.numberNode(3), "w");
                store.compact();
                store.set("four", Fixtures.JSON.numberNode(4), "w");
            }
            assertTrue(JournalLayout.read(journal).segments().size() >= 2, "the test needs two seals");
            assertEquals(JournalFollower.Change.SEALED, f.poll(got::add));
            assertEquals(List.of(2L, 3L, 4L, 5L), got.stream().map(StateTransition::revision).toList());
            assertEquals(List.of("one", "two", "three", "four"), keys());
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
        try (JournalFollower f = follow(journal, 100)) {
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
    void aRestoreCutsTheFileAndOnlyWhatFollowsTheLastTransitionSeenIsHandedOver() {
        Path journal = Fixtures.clean(dir);
        try (JournalFollower f = follow(journal, 100)) {
            keys();
            try (JsonlStateStore store = JsonlStateStore.builder(journal)
                    .clock(new Fixtures.SteppingClock(Instant.parse("2030-01-01T00:00:00Z"))).open()) {
                store.set("x", Fixtures.JSON.numberNode(1), "w");
                store.restore(Map.of("kept", Fixtures.JSON.numberNode(0)), 4);
                store.set("z", Fixtures.JSON.numberNode(4), "w");
            }
            assertEquals(JournalFollower.Change.REWRITTEN, f.poll(got::add));
            List<StateTransition> lines = List.copyOf(got);
            assertEquals(List.of("z"), keys(), "the restore cut the file after revision 4; x is gone");
            assertEquals(5, lines.get(0).revision(), "the write after a restore to 4");
            assertEquals(JournalFollower.Change.NONE, f.poll(got::add));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aMissingFileIsReportedAndFollowedWhenItComesBack() throws Exception {
        Path journal = Fixtures.clean(dir);
        Path aside = dir.resolve("aside.jsonl");
        try (JournalFollower f = follow(journal, 100)) {
            keys();
            Files.move(journal, aside);
            assertEquals(JournalFollower.Change.MISSING, f.poll(got::add));
            Files.move(aside, journal);
            assertEquals(JournalFollower.Change.NONE, f.poll(got::add), "the same file came back: nothing new");
        }
    }
}
