package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JsonlStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** compact, reap and import: the store's own rewrites, and their refusal while the journal is held. */
class WriteCommandsTest {

    @TempDir
    Path dir;

    private static JsonNode export(Path journal, String... more) {
        String[] args = new String[2 + more.length];
        args[0] = "export";
        args[1] = journal.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return Json.MAPPER.readTree(Cli.run(args).succeeds().out());
    }

    @Test
    void compactTakesACheckpointAndKeepsTheStateAndTheHistory() {
        Path journal = Fixtures.clean(dir);
        JsonNode before = export(journal);
        List<String> lines = Fixtures.lines(journal);
        long bytesBefore = Fixtures.size(journal);
        Cli.Run run = Cli.run("compact", journal.toString()).succeeds();
        JournalLayout layout = JournalLayout.read(journal);
        Path checkpoint = layout.checkpoint().orElseThrow();
        long bytesAfter = LayoutSizes.of(layout).totalBytes();
        assertEquals("compacted " + journal + ": a checkpoint after rev 9 holds 6 live keys; one file (no checkpoint"
                + " yet: version 1 or car-state's layout), " + Text.bytes(bytesBefore) + " -> 3 files: the manifest, a"
                + " checkpoint after rev 9, the active file, " + Text.bytes(bytesAfter), run.out().strip());
        assertEquals(9, layout.checkpointRevision());
        assertEquals(6, Fixtures.lines(checkpoint).size(), "one line per live key");
        assertEquals(lines, Fixtures.lines(journal), "the history stays in the active file");
        assertEquals(before, export(journal));
        assertEquals(2, Cli.run("history", journal.toString(), "plan", "--tenant", "acme").succeeds().outLines().size(),
                "the history of a key survives the checkpoint");
        // TTLs survive with their original deadline.
        assertTrue(Cli.run("get", journal.toString(), "session", "--tenant", "acme", "-o", "jsonl").succeeds().out()
                .contains("\"expires_at\":\"2026-01-02T03:05:08Z\""));
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            assertEquals(6, store.replayReport().applied(), "the next open reads the checkpoint, not the history");
        }
    }

    @Test
    void compactLeavesBadLinesOutOfTheCheckpointSaysSoAndExitsOne() throws Exception {
        Path journal = Fixtures.malformed(dir);
        List<String> lines = Fixtures.lines(journal);
        Cli.Run run = Cli.run("compact", journal.toString());
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.err());
        assertTrue(run.out().contains("note: 3 bad lines left out of the checkpoint; they stay in their files (verify"
                + " lists them)"), run.out());
        assertTrue(run.out().contains("compacted " + journal + ": a checkpoint after rev 10 holds 7 live keys"), run.out());
        assertEquals(lines, Fixtures.lines(journal), "no line is dropped: the bad lines stay where they are");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().contains(".bad-")).count(), "no side file");
        }
        assertEquals(ExitCodes.PROBLEMS, Cli.run("verify", journal.toString()).exit(), "verify still lists them");
        assertEquals(ExitCodes.OK, Cli.run("compact", journal.toString()).exit(),
                "the next compact reads the checkpoint and the clean history after it");
    }

    @Test
    void compactOfATornJournalCutsTheTailSaysSoAndExitsOne() {
        Path journal = Fixtures.torn(dir);
        Cli.Run run = Cli.run("compact", journal.toString());
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.err());
        assertTrue(run.out().contains("note: the open cut off a torn last line of "
                + Text.bytes(Fixtures.TORN_TAIL.length())), run.out());
        assertTrue(run.out().contains("a checkpoint after rev 9 holds 6 live keys"), run.out());
        Cli.run("verify", journal.toString()).succeeds();
    }

    @Test
    void compactDryRunSaysWhatItWouldDoAndChangesNothing() throws Exception {
        Path journal = Fixtures.malformed(dir);
        List<String> before = Fixtures.lines(journal);
        try (JsonlStateStore service = JsonlStateStore.open(journal)) {
            Cli.Run run = Cli.run("compact", "--dry-run", journal.toString());
            assertEquals(ExitCodes.PROBLEMS, run.exit(), "bad lines would be left out: " + run.err());
            assertTrue(run.outLines().get(0).startsWith("dry run: compact would write a checkpoint of " + journal
                    + " after rev 10: 7 lines (one per live key), about "), run.out());
            assertTrue(run.out().contains("it would leave out 3 bad lines, which stay in their files"), run.out());
            service.sync();
        }
        assertEquals(before, Fixtures.lines(journal));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no file was added");
        }
        JsonNode json = JsonInput.readValue(Cli.run("compact", "--dry-run", "-o", "json",
                Fixtures.clean(Files.createDirectory(dir.resolve("c"))).toString()).succeeds().out(), "compact");
        assertEquals(true, json.get("dry_run").asBoolean());
        assertEquals(6, json.get("keys").asLong());
        assertEquals(9, json.get("checkpoint_revision").asLong());
        assertEquals(1, json.get("files_before").asLong());
        assertTrue(json.get("checkpoint_bytes_about").asLong() > 0, json.toString());
    }

    @Test
    void reapDryRunListsWhatWouldBeReapedAndChangesNothing() {
        Path journal = Fixtures.clean(dir);
        List<String> before = Fixtures.lines(journal);
        Cli.Run run = Cli.run("reap", "--dry-run", journal.toString(), "--now", "2026-01-02T03:05:08Z").succeeds();
        assertEquals(List.of("dry run: would reap 2 keys expired at 2026-01-02T03:05:08Z:", "  cache:q",
                "  tenant:acme:session", "nothing was changed"), run.outLines());
        assertEquals(before, Fixtures.lines(journal));
        JsonNode real = JsonInput.readValue(Cli.run("reap", journal.toString(), "--now", "2026-01-02T03:05:08Z",
                "-o", "jsonl").succeeds().out(), "reap");
        assertEquals(false, real.get("dry_run").asBoolean());
        assertEquals(List.of("cache:q", "tenant:acme:session"),
                List.of(real.get("reaped").get(0).asString(), real.get("reaped").get(1).asString()));
        assertTrue(real.get("bytes_after").asLong() > real.get("bytes_before").asLong(), "reap appends");
    }

    @Test
    void compactAsJsonReportsTheFilesBeforeAndAfter() {
        Path journal = Fixtures.malformed(dir);
        Cli.Run run = Cli.run("compact", "-o", "json", journal.toString());
        assertEquals(ExitCodes.PROBLEMS, run.exit());
        JsonNode o = JsonInput.readValue(run.out(), "compact");
        assertEquals(3, o.get("bad_lines").asLong());
        assertEquals(7, o.get("keys").asLong());
        assertEquals(10, o.get("checkpoint_revision").asLong());
        assertEquals(1, o.get("files_before").asLong());
        assertEquals(3, o.get("files_after").asLong());
        assertEquals(Fixtures.size(journal), o.get("after").get("active_bytes").asLong());
        assertEquals(LayoutSizes.of(JournalLayout.read(journal)).totalBytes(), o.get("bytes_after").asLong());
        assertTrue(o.get("after").get("checkpoint_bytes").asLong() > 0, o.toString());
    }

    @Test
    void compactAndReapStrictRefuseAJournalWithBadLinesWithExitOneAndLeaveItAlone() {
        Path journal = Fixtures.malformed(dir);
        List<String> before = Fixtures.lines(journal);
        Cli.run("compact", "--strict", journal.toString())
                .failsWith(ExitCodes.PROBLEMS, "holds 3 bad lines (clean.jsonl line 10: malformed JSON")
                .failsWith(ExitCodes.PROBLEMS, "compact --strict changes no journal with bad lines, and nothing was changed");
        Cli.run("reap", "--strict", journal.toString(), "--now", "2030-01-01T00:00:00Z")
                .failsWith(ExitCodes.PROBLEMS, "reap --strict changes no journal with bad lines");
        assertEquals(before, Fixtures.lines(journal));
        assertFalse(Files.exists(dir.resolve("clean.jsonl.d")), "no checkpoint was taken");
    }

    @Test
    void compactAndReapStrictChangeACleanJournal() throws Exception {
        Path journal = Fixtures.clean(Files.createDirectory(dir.resolve("clean")));
        assertTrue(Cli.run("compact", "--strict", journal.toString()).succeeds().out()
                .contains("a checkpoint after rev 9 holds 6 live keys"));
        assertTrue(Cli.run("reap", "--strict", journal.toString(), "--now", "2030-01-01T00:00:00Z").succeeds()
                .out().contains("reaped 2 keys"));
    }

    @Test
    void reapDropsKeysExpiredAtNowAndCompacts() {
        Path journal = Fixtures.clean(dir);
        long bytesBefore = Fixtures.size(journal);
        Cli.Run run = Cli.run("reap", journal.toString(), "--now", "2026-01-02T03:04:30Z").succeeds();
        assertTrue(run.out().contains("reaped 1 key expired at 2026-01-02T03:04:30Z:"), run.out());
        assertTrue(run.outLines().contains("  cache:q"), run.out());
        assertTrue(run.out().contains(Text.bytes(bytesBefore) + " -> " + Text.bytes(Fixtures.size(journal))
                + " (one delete line appended per key)"), run.out());
        assertFalse(export(journal).has("cache:q"));
        assertTrue(export(journal).has("tenant:acme:session"));

        Cli.Run later = Cli.run("reap", journal.toString(), "--now", "2026-01-02T03:05:08Z").succeeds();
        assertTrue(later.outLines().contains("  tenant:acme:session"), later.out());
    }

    @Test
    void reapWithNothingExpiredSaysSo() {
        Path journal = Fixtures.carState(dir);
        Cli.Run run = Cli.run("reap", journal.toString(), "--now", "2026-01-02T03:04:36Z").succeeds();
        assertTrue(run.out().contains("nothing expired at 2026-01-02T03:04:36Z: no key reaped"), run.out());
        assertEquals(List.of("task", "tenant:acme:lease"), Cli.run("keys", journal.toString()).succeeds().outLines());
    }

    @Test
    void writingCommandsFailWithOneLineWhileAStoreHoldsTheJournal() throws Exception {
        Path journal = Fixtures.clean(dir);
        Path file = dir.resolve("in.json");
        Files.writeString(file, "{\"a\":1}");
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            List<String> before = Fixtures.lines(journal);
            for (String[] args : List.of(new String[] {"compact", journal.toString()},
                    new String[] {"reap", journal.toString(), "--now", "2030-01-01T00:00:00Z"},
                    new String[] {"import", journal.toString(), file.toString()})) {
                Cli.Run run = Cli.run(args);
                assertEquals(ExitCodes.IO, run.exit(), args[0] + ": " + run.err());
                assertEquals(1, run.errLines().size(), args[0] + ": " + run.err());
                assertTrue(run.err().startsWith("statestore " + args[0] + ": "), run.err());
                assertTrue(run.err().contains(journal.getFileName().toString()), run.err());
                assertFalse(run.err().contains("\tat "), run.err());
            }
            assertEquals(before, Fixtures.lines(journal));
            store.set("still", Fixtures.JSON.numberNode(1), "service");
        }
    }

    @Test
    void importSetsEachKeyWithActionIdImportAndSkipsEqualValues() throws Exception {
        Path journal = Fixtures.clean(dir);
        Path file = dir.resolve("in.json");
        Files.writeString(file, "{\"plan\":{\"step\":2},\"goal\":\"ship\"}");
        Cli.Run run = Cli.run("import", journal.toString(), file.toString(), "--tenant", "acme").succeeds();
        assertTrue(run.out().contains("imported 2 keys into " + journal + ": 1 set (action id import), 1 already equal"),
                run.out());
        assertEquals("\"ship\"", Cli.run("get", journal.toString(), "goal", "--tenant", "acme").succeeds().out().strip());
        assertTrue(Cli.run("history", journal.toString(), "goal", "--tenant", "acme").succeeds().out()
                .contains("by import"));
        assertEquals(Fixtures.CLEAN_LINES + 1, Fixtures.lines(journal).size());
        assertTrue(export(journal).has("config"), "keys absent from the file are kept");
    }

    @Test
    void importRoundTripsAnExportIntoANewJournal() throws Exception {
        Path journal = Fixtures.clean(dir);
        Path file = dir.resolve("state.json");
        Files.writeString(file, Cli.run("export", journal.toString()).succeeds().out());
        Path copy = dir.resolve("copy.jsonl");
        Cli.run("import", copy.toString(), file.toString()).succeeds();
        assertEquals(export(journal), export(copy));
    }

    @Test
    void importReplaceMakesTheStateExactlyTheFileWithoutTransitions() throws Exception {
        Path journal = Fixtures.clean(dir);
        Path file = dir.resolve("in.json");
        Files.writeString(file, "{\"only\":[1,2]}");
        Cli.Run run = Cli.run("import", "--replace", journal.toString(), file.toString()).succeeds();
        assertTrue(run.out().contains("6 keys -> 1 key"), run.out());
        assertEquals(List.of("only"), Cli.run("keys", journal.toString()).succeeds().outLines());
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            assertEquals(List.of("only"), store.keys());
            assertTrue(store.getVersioned("only").orElseThrow().expiresAt().isEmpty());
        }
        assertTrue(Cli.run("inspect", journal.toString()).succeeds().outLines().contains("TTL'd keys   0"),
                "replaceAll clears TTLs");
        JournalLayout layout = JournalLayout.read(journal);
        assertEquals(List.of(), Fixtures.lines(journal), "replaceAll cuts the history from the active file");
        assertEquals(1, Fixtures.lines(layout.checkpoint().orElseThrow()).size(), "a checkpoint of the one key");
    }

    @Test
    void importOfANonObjectOrBrokenFileChangesNothing() throws Exception {
        Path journal = Fixtures.clean(dir);
        List<String> before = Fixtures.lines(journal);
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[1,2]");
        Cli.run("import", journal.toString(), array.toString()).failsWith(ExitCodes.USAGE, "must hold one JSON object");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"a\":");
        Cli.run("import", journal.toString(), broken.toString()).failsWith(ExitCodes.USAGE, "is not valid JSON");
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        Cli.run("import", journal.toString(), empty.toString()).failsWith(ExitCodes.USAGE, "is empty");
        Cli.run("import", journal.toString(), dir.resolve("absent.json").toString())
                .failsWith(ExitCodes.USAGE, "no such file");
        Cli.run("import", "--replace", "--tenant", "acme", journal.toString(), array.toString())
                .failsWith(ExitCodes.USAGE, "cannot be combined with --tenant");
        assertEquals(before, Fixtures.lines(journal));
    }
}
