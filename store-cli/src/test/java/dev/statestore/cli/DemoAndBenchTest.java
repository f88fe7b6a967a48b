package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo (twice, the second continuing from the first's journal) and a very short bench. */
class DemoAndBenchTest {

    @TempDir
    Path dir;

    @Test
    void demoRunsEndToEndAndASecondRunContinuesFromTheJournal() {
        Path journal = dir.resolve("data").resolve("demo.jsonl");
        Cli.Run first = Cli.run("demo", "--journal", journal.toString(), "--rounds", "12").succeeds();
        assertTrue(first.out().contains("new journal; this is run 1"), first.out());
        assertTrue(first.out().contains("reopen check: state and TTLs match"), first.out());
        assertTrue(first.out().contains("audit trail of tenant:acme:agent:planner:status"), first.out());
        // The reap runs after round 6 of 12; rounds 0 and 3 wrote every agent's cache slot with
        // TTL 0: 2 slots x 9 agents.
        assertTrue(first.out().contains("reap after round 6 of 12, at "), first.out());
        assertTrue(first.out().contains(": 18 keys whose TTL had run out:"), first.out());
        assertTrue(first.out().contains("history " + journal + " agent:planner:status --tenant acme"
                + "   (its audit trail: 12 writes)"), first.out());
        assertEquals("", first.err());
        assertTrue(Files.exists(journal));
        assertEquals("1", Cli.run("get", journal.toString(), "demo:runs").succeeds().out().strip());

        Cli.Run second = Cli.run("demo", "--journal", journal.toString(), "--rounds", "12").succeeds();
        assertTrue(second.out().contains("continuing from the existing journal"), second.out());
        assertTrue(second.out().contains("this is run 2"), second.out());
        assertTrue(second.out().contains("reopen check: state and TTLs match"), second.out());
        assertEquals("2", Cli.run("get", journal.toString(), "demo:runs").succeeds().out().strip());
        Cli.run("verify", journal.toString()).succeeds();
    }

    @Test
    void theHistoryTheDemoPointsToShowsEveryWriteOfTheKey() {
        Path journal = dir.resolve("demo.jsonl");
        Cli.run("demo", "--journal", journal.toString(), "--rounds", "12").succeeds();
        List<String> history = Cli.run("history", journal.toString(), "agent:planner:status", "--tenant", "acme")
                .succeeds().outLines();
        assertEquals(12, history.size(), String.join("\n", history));
        assertTrue(history.get(0).contains("  set  {\"run\":1,\"round\":0,"), history.get(0));
        for (int i = 1; i < 12; i++) {
            assertTrue(history.get(i).contains("  update  {\"run\":1,\"round\":" + (i - 1) + ",")
                    && history.get(i).contains(" -> {\"run\":1,\"round\":" + i + ","), history.get(i));
        }
        Cli.Run inspect = Cli.run("inspect", journal.toString()).succeeds();
        assertTrue(inspect.out().contains("(18 expired at "), inspect.out());
    }

    @Test
    void demoRefusesAJournalHeldByAnotherStore() {
        Path journal = Fixtures.clean(dir);
        try (var store = dev.statestore.jsonl.JsonlStateStore.open(journal)) {
            Cli.Run run = Cli.run("demo", "--journal", journal.toString(), "--rounds", "1");
            assertEquals(ExitCodes.IO, run.exit(), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
            store.sync();
        }
    }

    @Test
    void benchPrintsOneRowPerDurabilityModeAndCleansUp() throws Exception {
        Path where = dir.resolve("b");
        Cli.Run run = Cli.run("bench", "--seconds", "0.1", "--max-writes", "300", "--dir", where.toString())
                .succeeds();
        try (var left = Files.list(where)) {
            assertEquals(List.of(), left.toList(), "bench must delete what it wrote");
        }
        List<String> lines = run.outLines();
        assertTrue(lines.get(1).startsWith("mode "), run.out());
        for (int i = 0; i < 3; i++) {
            String[] cells = lines.get(2 + i).trim().split("\\s+");
            assertEquals(List.of("buffered", "flushed", "synced").get(i), cells[0], run.out());
            long writes = Long.parseLong(cells[1].replace(",", ""));
            assertTrue(writes > 0 && writes <= 300, run.out());
        }
    }

    @Test
    void benchAsJsonlPrintsOneObjectPerMode() {
        Cli.Run run = Cli.run("bench", "--seconds", "1", "--max-writes", "100", "--dir", dir.resolve("j").toString(),
                "-o", "jsonl").succeeds();
        List<String> lines = run.outLines();
        assertEquals(3, lines.size(), run.out());
        for (int i = 0; i < 3; i++) {
            var row = JsonInput.readValue(lines.get(i), "bench");
            assertEquals(List.of("buffered", "flushed", "synced").get(i), row.get("mode").asString());
            assertTrue(row.get("writes").asLong() > 0 && row.get("writes").asLong() <= 100, lines.get(i));
            assertTrue(row.get("writes_per_second").asDouble() > 0, lines.get(i));
        }
    }

    @Test
    void benchRejectsANonPositiveDuration() {
        Cli.run("bench", "--seconds", "0").failsWith(ExitCodes.USAGE, "--seconds must be > 0");
    }
}
