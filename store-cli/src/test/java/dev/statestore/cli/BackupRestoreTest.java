package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import dev.statestore.jsonl.JsonlStateStore;
import dev.statestore.tck.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** export -o jsonl is a backup: import restores values, TTL deadlines, timestamps, action ids, revisions and versions. */
class BackupRestoreTest {

    static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    Path dir;

    /** A journal with overwrites, deletes, TTLs (one expired), tenants and a value beyond a double. */
    private Path source() {
        Path journal = dir.resolve("source.jsonl");
        MutableClock clock = new MutableClock(T0);
        try (JsonlStateStore store = JsonlStateStore.builder(journal).clock(clock).open()) {
            store.set("config", Fixtures.JSON.objectNode().put("mode", "fast"), "init");
            clock.advance(java.time.Duration.ofSeconds(1));
            store.set("config", Fixtures.JSON.objectNode().put("mode", "safe"), "ops");
            store.setWithTtl("tenant:acme:session", Fixtures.JSON.stringNode("s-1"), "login", 3600);
            store.setWithTtl("cache:old", Fixtures.JSON.numberNode(1), "search", 0);
            store.set("tmp", Fixtures.JSON.numberNode(2), "agent");
            store.delete("tmp", "cleanup");
            clock.advance(java.time.Duration.ofSeconds(5));
            store.set("tenant:globex:plan", JsonInput.readValue("{\"step\":3,\"cost\":1E-400}", "v"), "planner");
            store.set("config", Fixtures.JSON.objectNode().put("mode", "safer"), "ops");
            store.delete("config", "ops");
            store.set("config", Fixtures.JSON.objectNode().put("mode", "back"), "ops");
        }
        return journal;
    }

    private static Map<String, Versioned> versioned(Path journal) {
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            Map<String, Versioned> all = new TreeMap<>();
            for (String k : store.keys()) {
                all.put(k, store.getVersioned(k).orElseThrow());
            }
            return all;
        }
    }

    private static Map<String, StateTransition> latest(Path journal) {
        Map<String, StateTransition> latest = new TreeMap<>();
        latest.putAll(Journals.state(journal, new Progress(new java.io.PrintWriter(new java.io.StringWriter()), false))
                .entries());
        return latest;
    }

    private Path backup(Path journal, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("export", journal.toString(), "-o", "jsonl"));
        args.addAll(List.of(more));
        Path file = Files.createTempFile(dir, "backup", ".jsonl");
        Files.writeString(file, Cli.run(args.toArray(String[]::new)).succeeds().out());
        return file;
    }

    @Test
    void exportThenImportRestoresAStoreExactly() throws Exception {
        Path source = source();
        Path backup = backup(source);
        List<String> lines = Fixtures.lines(backup);
        JsonNode header = JsonInput.readValue(lines.get(0), "header");
        assertEquals(1, header.get("statestore_export").asInt());
        assertEquals(4, header.get("keys").asInt());
        assertEquals(10, header.get("revision").asLong(), "the highest revision read");

        Path restored = dir.resolve("restored.jsonl");
        Cli.Run run = Cli.run("import", restored.toString(), backup.toString()).succeeds();
        assertTrue(run.out().startsWith("restored 4 keys into " + restored), run.out());

        assertEquals(versioned(source), versioned(restored), "values, revisions, versions and expiry equal");
        Map<String, StateTransition> before = latest(source);
        Map<String, StateTransition> after = latest(restored);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            StateTransition a = before.get(k);
            StateTransition b = after.get(k);
            assertEquals(a.newValue(), b.newValue(), k);
            assertEquals(a.timestamp(), b.timestamp(), k);
            assertEquals(a.actionId(), b.actionId(), k);
            assertEquals(a.ttlSecs(), b.ttlSecs(), k);
            assertEquals(a.revision(), b.revision(), k);
            assertEquals(a.version(), b.version(), k);
        }
        assertEquals(Fixtures.lines(backup).subList(1, 5), Fixtures.lines(backup(restored)).subList(1, 5),
                "a backup of the restored journal holds the same records");
        assertEquals(List.of("  cache:old"), Cli.run("reap", "--dry-run", restored.toString(), "--now",
                T0.plusSeconds(1).toString()).succeeds().outLines().subList(1, 2), "the expired key is still reapable");
        try (JsonlStateStore store = JsonlStateStore.open(restored)) {
            assertEquals(11, store.set("new", Fixtures.JSON.numberNode(1), "w").revision(),
                    "a write after the restore follows the highest revision the backup read");
        }
    }

    @Test
    void aRestoreNumbersOnAfterTheBackupsLastRevisionEvenWhenThatWasADelete() throws Exception {
        Path source = source();
        try (JsonlStateStore store = JsonlStateStore.open(source)) {
            store.set("gone", Fixtures.JSON.numberNode(1), "w");
            store.delete("gone", "w");
        }
        Path restored = dir.resolve("restored.jsonl");
        Cli.run("import", restored.toString(), backup(source).toString()).succeeds();
        long expected;
        try (JsonlStateStore store = JsonlStateStore.open(source)) {
            expected = store.set("next", Fixtures.JSON.numberNode(1), "w").revision();
        }
        try (JsonlStateStore store = JsonlStateStore.open(restored)) {
            assertEquals(expected, store.set("next", Fixtures.JSON.numberNode(1), "w").revision());
        }
    }

    @Test
    void aBackupDoesNotOverwriteAJournalWithKeysUnlessReplace() throws Exception {
        Path backup = backup(source());
        Path target = Fixtures.malformed(Files.createDirectory(dir.resolve("t")));
        List<String> before = Fixtures.lines(target);
        Cli.run("import", target.toString(), backup.toString()).failsWith(ExitCodes.USAGE, "holds 7 keys; a backup"
                + " restores a whole store: import it into a new journal, or add --replace");
        assertEquals(before, Fixtures.lines(target));

        Cli.Run run = Cli.run("import", "--replace", target.toString(), backup.toString());
        assertEquals(ExitCodes.PROBLEMS, run.exit(), "the replaced journal's bad lines were dropped: " + run.err());
        assertTrue(run.out().contains("note: 3 bad lines of the replaced journal kept byte for byte in"),
                run.out());
        assertTrue(run.out().contains("restored 4 keys into " + target + " from the backup " + backup
                + ", replacing its 7 keys"), run.out());
        assertEquals(List.of("cache:old", "config", "tenant:acme:session", "tenant:globex:plan"),
                Cli.run("keys", target.toString()).succeeds().outLines());
    }

    @Test
    void aTenantsBackupRestoresAsAnotherTenant() throws Exception {
        Path backup = backup(source(), "--tenant", "acme");
        assertEquals("acme", JsonInput.readValue(Fixtures.lines(backup).get(0), "h").get("tenant").asString());
        Path target = dir.resolve("t.jsonl");
        Cli.run("import", "--tenant", "initech", target.toString(), backup.toString()).succeeds();
        assertEquals(List.of("tenant:initech:session"), Cli.run("keys", target.toString()).succeeds().outLines());
        Path same = dir.resolve("same.jsonl");
        Cli.run("import", same.toString(), backup.toString()).succeeds();
        assertEquals(List.of("tenant:acme:session"), Cli.run("keys", same.toString()).succeeds().outLines());
    }

    @Test
    void aDamagedBackupIsRefusedAndNothingIsCreated() throws Exception {
        Path backup = backup(source());
        List<String> lines = Fixtures.lines(backup);
        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, 3));
        Path target = dir.resolve("target.jsonl");
        Cli.run("import", target.toString(), cut.toString())
                .failsWith(ExitCodes.USAGE, "is incomplete: its header announces 4 keys and it holds 2; nothing was restored");
        Path twice = dir.resolve("twice.jsonl");
        Files.write(twice, List.of(lines.get(0).replace("\"keys\":4", "\"keys\":2"), lines.get(1), lines.get(1)));
        Cli.run("import", target.toString(), twice.toString()).failsWith(ExitCodes.USAGE, "appears twice in the backup");
        Path noKey = dir.resolve("nokey.jsonl");
        Files.write(noKey, List.of(lines.get(0), "{\"value\":1}"));
        Cli.run("import", target.toString(), noKey.toString()).failsWith(ExitCodes.USAGE, "line 2 is not a backup record");
        Path future = dir.resolve("future.jsonl");
        Files.write(future, List.of(lines.get(0).replace("\"statestore_export\":1", "\"statestore_export\":2")));
        Cli.run("import", target.toString(), future.toString()).failsWith(ExitCodes.USAGE, "which this version does not know");
        assertFalse(Files.exists(target), "nothing may be created for a refused backup");
        Path two = dir.resolve("two.json");
        Files.writeString(two, "{\"a\":1}\n{\"b\":2}\n");
        Cli.run("import", target.toString(), two.toString()).failsWith(ExitCodes.USAGE, "holds more than one JSON value, and is no backup");
    }

    @Test
    void theEdgeValuesGoThroughABackupToo() throws Exception {
        Path journal = dir.resolve("edge.jsonl");
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            store.set(StoreLimitsRoundTripTest.LONG_KEY, Fixtures.JSON.numberNode(1), "w");
            store.set("deep", StoreLimitsRoundTripTest.nested(StoreRules.VALUE_DEPTH), "w");
            store.set("huge", JsonInput.readValue("1E+400", "v"), "w");
        }
        Path restored = dir.resolve("edge-restored.jsonl");
        Cli.run("import", restored.toString(), backup(journal).toString()).succeeds();
        assertEquals(versioned(journal), versioned(restored));
    }
}
