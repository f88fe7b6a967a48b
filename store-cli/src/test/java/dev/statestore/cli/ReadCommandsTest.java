package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.jsonl.JsonlStateStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** inspect, get, keys, history, verify and export on fixture journals. */
class ReadCommandsTest {

    @TempDir
    Path dir;

    private static String row(Cli.Run run, String label) {
        return run.outLines().stream().filter(l -> l.startsWith(label + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + label + "' in: " + run.out()));
    }

    @Test
    void inspectSummarizesACleanJournal() {
        Path journal = Fixtures.clean(dir);
        Cli.Run run = Cli.run("inspect", journal.toString(), "--now", "2026-01-02T03:04:30Z").succeeds();
        assertTrue(row(run, "lines").contains(" 9 (complete lines"), run.out());
        assertTrue(row(run, "bad lines").endsWith(" 0"), run.out());
        assertTrue(row(run, "files").contains("one file (no checkpoint yet"), run.out());
        assertTrue(row(run, "revisions").contains("1 to 9 (the history on disk)"), run.out());
        assertTrue(row(run, "torn bytes").endsWith(" 0"), run.out());
        assertTrue(row(run, "keys").contains("6 (unscoped 3)"), run.out());
        assertTrue(row(run, "tenants").contains("2: acme (2), globex (1)"), run.out());
        // cache:q (TTL 0) has expired; the session (T0+3s + 60s) is the next expiry.
        assertTrue(row(run, "TTL'd keys").contains("2 (1 expired at 2026-01-02T03:04:30Z"), run.out());
        assertTrue(row(run, "TTL'd keys").contains("next expiry 2026-01-02T03:05:08Z (tenant:acme:session)"), run.out());
        assertTrue(row(run, "file size").contains(Text.bytes(Fixtures.size(journal))), run.out());
        assertTrue(row(run, "live data").contains(" of " + Text.bytes(Fixtures.size(journal))), run.out());
    }

    @Test
    void inspectListsSkippedLinesByNumber() {
        Path journal = Fixtures.malformed(dir);
        Cli.Run run = Cli.run("inspect", journal.toString()).succeeds();
        assertTrue(row(run, "lines").contains(" 13 (complete lines"), run.out());
        assertTrue(row(run, "bad lines").contains(" 3 (skipped"), run.out());
        assertTrue(run.out().contains("clean.jsonl line 10: malformed JSON"), run.out());
        assertTrue(run.out().contains("clean.jsonl line 11: "), run.out());
        assertTrue(run.out().contains("clean.jsonl line 12: checksum mismatch"), run.out());
        assertTrue(row(run, "keys").contains("7 (unscoped 4)"), run.out());
    }

    @Test
    void inspectReportsTornBytesWithoutCuttingThem() {
        Path journal = Fixtures.torn(dir);
        long size = Fixtures.size(journal);
        Cli.Run run = Cli.run("inspect", journal.toString()).succeeds();
        assertTrue(row(run, "torn bytes").contains(Text.bytes(Fixtures.TORN_TAIL.length())), run.out());
        assertEquals(size, Fixtures.size(journal), "inspect must not repair the journal");
    }

    @Test
    void getPrintsTheCurrentValueAsJson() {
        Path journal = Fixtures.clean(dir);
        Cli.Run run = Cli.run("get", journal.toString(), "plan", "--tenant", "acme").succeeds();
        assertEquals(Fixtures.JSON.objectNode().put("step", 2), Json.MAPPER.readTree(run.out()));
        JsonNode entry = Json.MAPPER.readTree(Cli.run("get", journal.toString(), "tenant:acme:plan", "-o", "jsonl")
                .succeeds().out());
        assertEquals("tenant:acme:plan", entry.get("key").asString());
        assertEquals(2, entry.get("value").get("step").asInt());
        assertEquals(3, entry.get("revision").asLong());
        assertEquals(2, entry.get("version").asLong());
        assertEquals("planner", entry.get("action_id").asString());
        assertEquals(1, Cli.run("get", journal.toString(), "plan", "--tenant", "acme", "-o", "jsonl").succeeds().outLines().size());
        assertEquals("null", Cli.run("get", journal.toString(), "nothing").succeeds().out().strip());
    }

    @Test
    void getOfAbsentOrDeletedKeyIsOneLineNotFound() {
        Path journal = Fixtures.clean(dir);
        Cli.run("get", journal.toString(), "scratch").failsWith(ExitCodes.PROBLEMS, "key 'scratch' not found");
        Cli.run("get", journal.toString(), "plan", "--tenant", "initech")
                .failsWith(ExitCodes.PROBLEMS, "key 'plan' of tenant 'initech' not found");
    }

    @Test
    void keysListsAllOrOneTenantsOrAPrefix() {
        Path journal = Fixtures.clean(dir);
        assertEquals(Fixtures.CLEAN_KEYS, Cli.run("keys", journal.toString()).succeeds().outLines());
        assertEquals(List.of("plan", "session"),
                Cli.run("keys", journal.toString(), "--tenant", "acme").succeeds().outLines());
        assertEquals(List.of("session"),
                Cli.run("keys", journal.toString(), "--tenant", "acme", "--prefix", "s").succeeds().outLines());
        assertEquals(List.of("tenant:acme:plan", "tenant:acme:session", "tenant:globex:plan"),
                Cli.run("keys", journal.toString(), "--prefix", "tenant:").succeeds().outLines());
    }

    @Test
    void historyPrintsEveryTransitionOfTheKeyOldestFirst() {
        Path journal = Fixtures.clean(dir);
        List<String> lines = Cli.run("history", journal.toString(), "scratch").succeeds().outLines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("rev 6  2026-01-02T03:04:10Z  set  [1,2,3]  by agent"), lines.get(0));
        assertTrue(lines.get(1).startsWith("rev 7  2026-01-02T03:04:11Z  delete  was [1,2,3]  by cleanup"), lines.get(1));

        List<String> plan = Cli.run("history", journal.toString(), "plan", "--tenant", "acme").succeeds().outLines();
        assertEquals(2, plan.size());
        assertTrue(plan.get(1).contains("update  {\"step\":1} -> {\"step\":2}"), plan.get(1));
    }

    @Test
    void historyAsJsonCarriesCarStateFieldNames() {
        Path journal = Fixtures.clean(dir);
        String line = Cli.run("history", journal.toString(), "session", "--tenant", "acme", "-o", "jsonl")
                .succeeds().out().strip();
        JsonNode t = Json.MAPPER.readTree(line);
        assertEquals("tenant:acme:session", t.get("key").asString());
        assertEquals("s-1", t.get("new_value").asString());
        assertEquals(60, t.get("ttl_secs").asLong());
        assertEquals("2026-01-02T03:05:08Z", t.get("expires_at").asString());
        assertEquals("login", t.get("action_id").asString());
    }

    @Test
    void historyOfUnknownKeyIsOneLineNotFound() {
        Path journal = Fixtures.clean(dir);
        Cli.run("history", journal.toString(), "nope").failsWith(ExitCodes.PROBLEMS, "key 'nope' has no transitions");
    }

    @Test
    void verifyPassesCleanAndCarStateJournals() {
        Cli.Run clean = Cli.run("verify", Fixtures.clean(dir).toString()).succeeds();
        assertTrue(clean.out().startsWith("ok: "), clean.out());
        assertTrue(clean.out().contains(": 9 lines in one file (no checkpoint yet"), clean.out());
        assertTrue(clean.out().strip().endsWith("all valid"), clean.out());
        Cli.Run car = Cli.run("verify", Fixtures.carState(dir).toString()).succeeds();
        assertTrue(car.out().contains(": 5 lines in one file"), car.out());
    }

    @Test
    void verifyFailsWithTheBadLineNumbers() {
        Cli.Run run = Cli.run("verify", Fixtures.malformed(dir).toString());
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.out());
        assertTrue(run.out().contains("FAILED: "), run.out());
        assertTrue(run.out().contains("3 problems in 1 file of 13 lines in one file"), run.out());
        assertTrue(run.out().contains(": clean.jsonl: 10, 11, 12"), run.out());
    }

    @Test
    void verifyFailsOnATornTailWithoutCuttingIt() {
        Path journal = Fixtures.torn(dir);
        long size = Fixtures.size(journal);
        Cli.Run run = Cli.run("verify", journal.toString());
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.out());
        assertTrue(run.out().contains("clean.jsonl line 10: the file ends in 32 bytes of an unfinished line"), run.out());
        assertEquals(size, Fixtures.size(journal));
    }

    @Test
    void exportPrintsTheStateAsOneJsonObject() {
        Path journal = Fixtures.clean(dir);
        JsonNode all = Json.MAPPER.readTree(Cli.run("export", journal.toString()).succeeds().out());
        assertEquals(Fixtures.CLEAN_KEYS, List.copyOf(all.propertyNames()));
        assertEquals(2, all.get("tenant:acme:plan").get("step").asInt());
        assertTrue(all.get("nothing").isNull());

        JsonNode acme = Json.MAPPER.readTree(Cli.run("export", journal.toString(), "--tenant", "acme").succeeds().out());
        assertEquals(List.of("plan", "session"), List.copyOf(acme.propertyNames()));
    }

    @Test
    void carStateJournalIsReadWithDeletesAndTtls() {
        Path journal = Fixtures.carState(dir);
        assertEquals(List.of("task", "tenant:acme:lease"), Cli.run("keys", journal.toString()).succeeds().outLines());
        assertEquals("{\"status\":\"done\"}", Cli.run("get", journal.toString(), "task", "-o", "jsonl").succeeds().out().strip()
                .replaceAll(".*\"value\":(\\{[^}]*\\}).*", "$1"));
        Cli.Run inspect = Cli.run("inspect", journal.toString(), "--now", "2026-01-02T03:04:10Z").succeeds();
        assertTrue(row(inspect, "TTL'd keys").contains("next expiry 2026-01-02T03:04:37Z (tenant:acme:lease)"), inspect.out());
        List<String> tmp = Cli.run("history", journal.toString(), "tmp").succeeds().outLines();
        assertEquals(2, tmp.size());
        assertTrue(tmp.get(0).contains("2026-01-02T03:04:08Z  set  1"), tmp.get(0));
        assertTrue(tmp.get(1).contains("delete  was 1  by b"), tmp.get(1));
    }

    @Test
    void readOnlyCommandsWorkWhileAStoreHoldsTheJournalOpen() {
        Path journal = Fixtures.clean(dir);
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            store.set("live", Fixtures.JSON.numberNode(7), "service");
            String j = journal.toString();
            assertTrue(row(Cli.run("inspect", j).succeeds(), "revisions").contains("1 to 10 "));
            assertEquals("7", Cli.run("get", j, "live").succeeds().out().strip());
            assertTrue(Cli.run("keys", j).succeeds().outLines().contains("live"));
            assertEquals(1, Cli.run("history", j, "live").succeeds().outLines().size());
            Cli.run("verify", j).succeeds();
            assertTrue(Cli.run("export", j).succeeds().out().contains("\"live\""));
            assertTrue(Cli.run("tail", j, "-n", "1").succeeds().out().contains("live"));
            // ...and the store is still usable: nobody took its lock or rewrote its file.
            store.set("after", Fixtures.JSON.numberNode(8), "service");
            assertEquals(2, store.transitionsSince(store.transitionCount() - 2).size());
        }
        assertEquals("8", Cli.run("get", journal.toString(), "after").succeeds().out().strip());
    }
}
