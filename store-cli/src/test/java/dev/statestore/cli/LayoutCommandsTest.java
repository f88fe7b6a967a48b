package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JsonlStateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every reading command on a journal that has been checkpointed and sealed ({@link Fixtures#layered}):
 * the answers of a store opened on a copy of the same files.
 */
class LayoutCommandsTest {

    @TempDir
    Path dir;

    Path journal;
    String j;
    JournalLayout layout;

    @BeforeEach
    void write() {
        journal = Fixtures.layered(dir);
        j = journal.toString();
        layout = JournalLayout.read(journal);
        assertTrue(layout.checkpoint().isPresent(), "the fixture has a checkpoint");
        assertTrue(layout.segments().size() >= 6, "the fixture has sealed segments: " + layout.segments());
        assertTrue(layout.checkpointRevision() < layout.latestRevision(), "history after the checkpoint");
    }

    /** A store on a copy of the journal: what the tool must answer. */
    private JsonlStateStore expected() {
        return JsonlStateStore.open(Fixtures.copyOf(journal, dir));
    }

    /** Every key the fixture ever wrote, live or not, and some it never wrote. */
    private List<String> everyKey() {
        TreeSet<String> keys = new TreeSet<>(Fixtures.ODD_KEYS);
        for (int i = 0; i < 30; i++) {
            keys.add("k" + i);
        }
        for (int i = 0; i < 5; i++) {
            keys.add("tenant:acme:a" + i);
        }
        keys.addAll(List.of("k", "k30", "never", "tenant:acme:a", "\"k1\"", "odd"));
        return List.copyOf(keys);
    }

    @Test
    void getAnswersEveryKeyAsAStoreOpenedOnTheJournal() {
        try (JsonlStateStore store = expected()) {
            int live = 0;
            for (String key : everyKey()) {
                Cli.Run run = Cli.run("get", j, key, "-o", "jsonl");
                var expected = store.getVersioned(key);
                if (expected.isEmpty()) {
                    assertEquals(ExitCodes.PROBLEMS, run.exit(), key + ": " + run.out());
                    assertTrue(run.err().contains("not found"), run.err());
                    continue;
                }
                live++;
                JsonNode got = JsonInput.readValue(run.succeeds().out(), "get");
                Versioned v = expected.get();
                assertEquals(key, got.get("key").asString());
                assertEquals(v.value(), got.get("value"), key);
                assertEquals(v.revision(), got.get("revision").asLong(), key);
                assertEquals(v.version(), got.get("version").asLong(), key);
                assertEquals(v.expiresAt().map(Instant::toString).orElse(null),
                        got.has("expires_at") ? got.get("expires_at").asString() : null, key);
            }
            assertEquals(store.keys().size(), live, "every live key was asked for");
        }
    }

    @Test
    void theQuickLookupAnswersAsTheWholeStateDoes() {
        Journals.LiveState state = Journals.state(journal, new Progress(new java.io.PrintWriter(new java.io.StringWriter()),
                false));
        long checkpoint = layout.checkpointRevision();
        int fromCheckpoint = 0;
        int fromHistory = 0;
        for (String key : everyKey()) {
            KeyLookup.Found found = KeyLookup.find(journal, key);
            assertTrue(found.decided(), "a journal of this library's lines is answered without the state: " + key);
            assertEquals(state.entries().get(key), found.latest().orElse(null), key);
            if (found.latest().isPresent()) {
                if (found.latest().get().revision() <= checkpoint) {
                    fromCheckpoint++;
                } else {
                    fromHistory++;
                }
            }
        }
        assertTrue(fromCheckpoint >= 5 && fromHistory >= 5, "both ways are taken: " + fromCheckpoint + ", " + fromHistory);
    }

    @Test
    void keysAndExportAreTheStoresState() {
        try (JsonlStateStore store = expected()) {
            assertEquals(store.keys(), Cli.run("keys", j, "-o", "jsonl").succeeds().outLines().stream()
                    .map(l -> JsonInput.readValue(l, "keys").asString()).toList());
            assertEquals(List.of("a0", "a1", "a2", "a3", "a4").stream().filter(k -> store.exists("tenant:acme:" + k)).toList(),
                    Cli.run("keys", j, "--tenant", "acme").succeeds().outLines());
            JsonNode exported = JsonInput.readValue(Cli.run("export", j).succeeds().out(), "export");
            Map<String, JsonNode> values = new TreeMap<>();
            exported.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
            assertEquals(store.snapshot(), values);
            List<String> backup = Cli.run("export", j, "-o", "jsonl").succeeds().outLines();
            assertEquals(store.transitionCount(), JsonInput.readValue(backup.get(0), "header").get("revision").asLong());
            for (String line : backup.subList(1, backup.size())) {
                JsonNode r = JsonInput.readValue(line, "backup");
                Versioned v = store.getVersioned(r.get("key").asString()).orElseThrow();
                assertEquals(v.revision(), r.get("revision").asLong());
                assertEquals(v.version(), r.get("version").asLong());
            }
            assertEquals(store.keys().size(), backup.size() - 1);
        }
    }

    @Test
    void historyReadsEveryTransitionOfAKeyAcrossTheSegments() {
        try (JsonlStateStore store = expected()) {
            List<StateTransition> all = store.transitionsSince(0);
            assertEquals(1, all.get(0).revision(), "the store reads the whole history back");
            for (String key : List.of("k3", "k27", "tenant:acme:a2", "quo\"te")) {
                List<StateTransition> mine = all.stream().filter(t -> t.key().equals(key)).toList();
                List<JsonNode> got = Cli.run("history", j, key, "-o", "jsonl").succeeds().outLines().stream()
                        .map(l -> JsonInput.readValue(l, "history")).toList();
                assertEquals(mine.size(), got.size(), key);
                for (int i = 0; i < mine.size(); i++) {
                    assertSame(mine.get(i), got.get(i));
                }
            }
            List<StateTransition> k3 = all.stream().filter(t -> t.key().equals("k3")).toList();
            long after = k3.get(k3.size() / 2).revision();
            assertEquals(k3.size() - k3.size() / 2 - 1, Cli.run("history", j, "k3", "--after", Long.toString(after))
                    .succeeds().outLines().size(), "--after starts after that revision");
        }
    }

    /** Asserts a transition printed as JSON is {@code t}. */
    private static void assertSame(StateTransition t, JsonNode got) {
        assertEquals(t.revision(), got.get("revision").asLong());
        assertEquals(t.version(), got.get("version").asLong());
        assertEquals(t.key(), got.get("key").asString());
        assertEquals(t.isDelete() ? "delete" : "set", got.get("op").asString());
        assertEquals(t.oldValue().orElse(null), got.get("old_value"), "revision " + t.revision());
        assertEquals(t.newValue().orElse(null), got.get("new_value"), "revision " + t.revision());
        assertEquals(t.actionId(), got.get("action_id").asString());
        assertEquals(t.timestamp().toString(), got.get("timestamp").asString());
    }

    @Test
    void tailReadsBackAcrossSegmentBoundaries() throws IOException {
        long activeLines = Fixtures.lines(journal).size();
        try (JsonlStateStore store = expected()) {
            List<StateTransition> all = store.transitionsSince(0);
            for (long n : List.of(1L, activeLines, activeLines + 1, activeLines + 75, (long) all.size(), all.size() + 10L)) {
                List<JsonNode> got = Cli.run("tail", "-n", Long.toString(n), "-o", "jsonl", j).succeeds().outLines()
                        .stream().map(l -> JsonInput.readValue(l, "tail")).toList();
                List<StateTransition> want = all.subList((int) Math.max(0, all.size() - n), all.size());
                assertEquals(want.size(), got.size(), "tail -n " + n);
                for (int i = 0; i < want.size(); i++) {
                    assertSame(want.get(i), got.get(i));
                }
            }
            List<StateTransition> acme = all.stream().filter(t -> t.key().startsWith("tenant:acme:")).toList();
            List<String> got = Cli.run("tail", "-n", "40", "--tenant", "acme", "-o", "jsonl", j).succeeds().outLines();
            assertEquals(40, got.size());
            for (int i = 0; i < 40; i++) {
                assertSame(acme.get(acme.size() - 40 + i), JsonInput.readValue(got.get(i), "tail"));
            }
        }
    }

    @Test
    void inspectShowsTheFilesAndTheStoresFigures() {
        Cli.Run run = Cli.run("inspect", j, "--now", Fixtures.T0.plusSeconds(1).toString()).succeeds();
        LayoutSizes sizes = LayoutSizes.of(layout);
        try (JsonlStateStore store = expected()) {
            assertTrue(row(run, "files").contains((layout.segments().size() + 3) + " files: the manifest, a checkpoint after rev "
                    + Text.count(layout.checkpointRevision()) + ", " + layout.segments().size() + " sealed segments, the active file"),
                    run.out());
            assertTrue(row(run, "file size").contains(Text.bytes(sizes.totalBytes()) + " (manifest "), run.out());
            assertTrue(row(run, "file size").contains("active file " + Text.count(Fixtures.size(journal)) + ")"), run.out());
            assertTrue(row(run, "revisions").contains("1 to " + Text.count(store.transitionCount())), run.out());
            assertTrue(row(run, "keys").contains(Text.count(store.keys().size()) + " (unscoped "), run.out());
            assertTrue(row(run, "bad lines").endsWith(" 0"), run.out());
            long withTtl = store.keys().stream().filter(k -> store.getVersioned(k).orElseThrow().expiresAt().isPresent()).count();
            assertTrue(row(run, "TTL'd keys").startsWith("TTL'd keys   " + withTtl + " ("), run.out());
        }
        JsonNode o = JsonInput.readValue(Cli.run("inspect", j, "-o", "json").succeeds().out(), "inspect");
        assertEquals(layout.segments().size(), o.get("files").get("segments").asInt());
        assertEquals(layout.checkpointRevision(), o.get("files").get("checkpoint_revision").asLong());
        assertEquals(sizes.segmentBytes(), o.get("files").get("segment_bytes").asLong());
        assertEquals(1, o.get("oldest_revision").asLong());
    }

    private static String row(Cli.Run run, String label) {
        return run.outLines().stream().filter(l -> l.startsWith(label + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + label + "' in: " + run.out()));
    }

    @Test
    void verifyPassesEveryFileOfASoundJournal() {
        Cli.Run run = Cli.run("verify", j).succeeds();
        assertTrue(run.out().startsWith("ok: " + j + ": "), run.out());
        assertTrue(run.out().contains(layout.segments().size() + " sealed segments"), run.out());
    }

    /** Changes one digit in the middle of {@code file} to another: its line's checksum no longer matches. */
    private static void flipADigit(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length / 2; i < bytes.length; i++) {
            if (bytes[i] >= '1' && bytes[i] <= '8' && bytes[i - 1] == ':') {
                bytes[i]++;
                Files.write(file, bytes);
                return;
            }
        }
        throw new AssertionError("no digit to change in " + file);
    }

    @Test
    void verifyNamesASegmentWithAFlippedByte() throws IOException {
        Path segment = layout.segments().get(2);
        flipADigit(segment);
        Cli.Run run = Cli.run("verify", j);
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.out());
        assertTrue(run.out().startsWith(segment.getFileName() + " line "), run.out());
        assertTrue(run.out().contains("checksum mismatch"), run.out());
        assertTrue(run.out().contains("FAILED: " + j + ": 1 problem in 1 file of "), run.out());
        assertTrue(run.out().contains(": " + segment.getFileName() + ": "), run.out());
    }

    @Test
    void verifyNamesACheckpointWithAFlippedByte() throws IOException {
        Path checkpoint = layout.checkpoint().orElseThrow();
        flipADigit(checkpoint);
        Cli.Run run = Cli.run("verify", j, "-o", "json");
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.out());
        JsonNode o = JsonInput.readValue(run.out(), "verify");
        assertFalse(o.get("ok").asBoolean());
        List<String> files = new ArrayList<>();
        o.get("first_bad_lines").forEach(p -> files.add(p.get("file").asString()));
        assertTrue(files.stream().allMatch(f -> f.equals(checkpoint.toAbsolutePath().toString())), files.toString());
        List<String> reasons = new ArrayList<>();
        o.get("first_bad_lines").forEach(p -> reasons.add(p.get("reason").asString()));
        assertTrue(reasons.stream().anyMatch(r -> r.contains("checksum mismatch")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("the checkpoint is damaged")),
                "the checkpoint no longer has the CRC-32C the manifest gives: " + reasons);
    }

    @Test
    void verifyNamesADamagedManifestAndReadsStillWork() throws IOException {
        Path manifest = layout.manifest().orElseThrow();
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        Files.writeString(manifest, text.replace("\"epoch\":", "\"epoch\":1"), StandardCharsets.UTF_8);
        Cli.Run run = Cli.run("verify", j);
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.out());
        assertTrue(run.out().startsWith(manifest.getFileName() + ": the manifest is damaged"), run.out());
        try (JsonlStateStore store = expected()) {
            assertEquals(store.keys(), Cli.run("keys", j, "-o", "jsonl").succeeds().outLines().stream()
                    .map(l -> JsonInput.readValue(l, "keys").asString()).toList());
            Cli.Run inspect = Cli.run("inspect", j).succeeds();
            assertTrue(inspect.out().contains(manifest.getFileName() + ": the manifest is damaged"), inspect.out());
        }
    }

    @Test
    void compactTakesACheckpointAtTheLatestRevisionAndReportsTheWholeLayout() {
        Map<String, JsonNode> before;
        long latest;
        try (JsonlStateStore store = expected()) {
            before = store.snapshot();
            latest = store.transitionCount();
        }
        LayoutSizes sizes = LayoutSizes.of(layout);
        JsonNode dry = JsonInput.readValue(Cli.run("compact", "--dry-run", "-o", "json", j).succeeds().out(), "compact");
        assertEquals(latest, dry.get("checkpoint_revision").asLong());
        assertEquals(sizes.totalBytes(), dry.get("bytes_before").asLong());
        assertEquals(layout.checkpointRevision(), JournalLayout.read(journal).checkpointRevision(), "a dry run writes nothing");

        JsonNode o = JsonInput.readValue(Cli.run("compact", "-o", "json", j).succeeds().out(), "compact");
        JournalLayout after = JournalLayout.read(journal);
        assertEquals(latest, after.checkpointRevision());
        assertEquals(latest, o.get("checkpoint_revision").asLong());
        assertEquals(sizes.files(), o.get("files_before").asInt());
        assertEquals(sizes.totalBytes(), o.get("bytes_before").asLong());
        assertEquals(LayoutSizes.of(after).totalBytes(), o.get("bytes_after").asLong());
        assertEquals(layout.segments(), after.segments(), "the history stays");
        try (JsonlStateStore store = expected()) {
            assertEquals(before, store.snapshot());
            assertEquals(before.size(), store.replayReport().applied(), "the next open reads the new checkpoint only");
        }
    }

    @Test
    void reapDryRunListsWhatTheStoreWouldReap() {
        Instant now = Fixtures.T0.plus(java.time.Duration.ofDays(1));
        List<String> expected;
        try (JsonlStateStore store = expected()) {
            expected = store.reapExpired(now);
        }
        assertFalse(expected.isEmpty(), "the fixture has expired keys");
        List<String> lines = Cli.run("reap", "--dry-run", j, "--now", now.toString()).succeeds().outLines();
        assertEquals(expected, lines.subList(1, lines.size() - 1).stream().map(String::strip).toList());
        List<String> reaped = Cli.run("reap", j, "--now", now.toString()).succeeds().outLines();
        assertEquals(expected, reaped.subList(1, reaped.size() - 1).stream().map(String::strip).toList());
        for (String key : expected) {
            Cli.run("get", j, key).failsWith(ExitCodes.PROBLEMS, "not found");
        }
    }

    @Test
    void theToolInAChildProcessAnswersAsTheStore() {
        try (JsonlStateStore store = expected()) {
            ChildCli.Run get = ChildCli.run(dir, List.of(), 120, "get", j, "k3", "-o", "jsonl");
            assertEquals(ExitCodes.OK, get.exit(), get.err());
            assertEquals(store.get("k3").orElseThrow(), JsonInput.readValue(get.out(), "get").get("value"));
            ChildCli.Run tail = ChildCli.run(dir, List.of(), 120, "tail", "-n", "10", "-o", "jsonl", j);
            assertEquals(ExitCodes.OK, tail.exit(), tail.err());
            List<StateTransition> all = store.transitionsSince(0);
            List<String> lines = tail.out().lines().toList();
            assertEquals(10, lines.size());
            for (int i = 0; i < 10; i++) {
                assertSame(all.get(all.size() - 10 + i), JsonInput.readValue(lines.get(i), "tail"));
            }
            ChildCli.Run verify = ChildCli.run(dir, List.of(), 120, "verify", j);
            assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        }
    }
}
