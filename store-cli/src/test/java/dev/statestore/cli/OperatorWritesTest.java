package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.Versioned;
import dev.statestore.jsonl.JsonlStateStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** put, del and expire: an operator's writes, each one audited transition, refused while a service holds the journal. */
class OperatorWritesTest {

    @TempDir
    Path dir;

    private static Versioned versioned(Path journal, String key) {
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            return store.getVersioned(key).orElseThrow(() -> new AssertionError(key + " absent"));
        }
    }

    @Test
    void putWritesOneTransitionWithActionIdPutAndPrintsIt() {
        Path journal = Fixtures.clean(dir);
        Cli.Run run = Cli.run("put", journal.toString(), "config", "{\"mode\":\"safe\"}").succeeds();
        assertEquals(1, run.outLines().size(), run.out());
        assertTrue(run.out().startsWith("rev 10  "), run.out());
        assertTrue(run.out().contains("  update  config  {\"mode\":\"fast\"} -> {\"mode\":\"safe\"}  by put"), run.out());
        assertEquals(Fixtures.CLEAN_LINES + 1, Fixtures.lines(journal).size());
        assertEquals("safe", versioned(journal, "config").value().get("mode").asString());
        assertTrue(Cli.run("history", journal.toString(), "config").succeeds().outLines().get(1).contains("by put"));
    }

    @Test
    void putTakesATtlATenantAnActionIdAndTheStoresNumbers() {
        Path journal = Fixtures.clean(dir);
        Instant before = Instant.now();
        JsonNode t = JsonInput.readValue(Cli.run("put", journal.toString(), "limit", "1E-400", "--tenant", "acme",
                "--ttl", "60", "--action-id", "ops-123", "-o", "jsonl").succeeds().out(), "put");
        assertEquals("tenant:acme:limit", t.get("key").asString());
        assertEquals("ops-123", t.get("action_id").asString());
        assertEquals(60, t.get("ttl_secs").asLong());
        assertEquals(10, t.get("revision").asLong());
        assertEquals(1, t.get("version").asLong());
        Versioned v = versioned(journal, "tenant:acme:limit");
        assertEquals(new BigDecimal("1E-400"), v.value().decimalValue());
        Instant expires = v.expiresAt().orElseThrow();
        assertFalse(expires.isBefore(before.plusSeconds(60)) || expires.isAfter(Instant.now().plusSeconds(60)), expires.toString());
    }

    @Test
    void putCreatesAJournalAndRefusesBadInputWithoutWriting() throws Exception {
        Path journal = dir.resolve("new.jsonl");
        Cli.run("put", journal.toString(), "k", "hello").failsWith(ExitCodes.USAGE, "is not valid JSON")
                .failsWith(ExitCodes.USAGE, "a string needs quotes");
        Cli.run("put", journal.toString(), "k", "1 2").failsWith(ExitCodes.USAGE, "more than one JSON value");
        Cli.run("put", journal.toString(), "k", "1", "--ttl", "-1").failsWith(ExitCodes.USAGE, "--ttl must be >= 0");
        Cli.run("put", journal.toString(), "k", "1", "--tenant", "a:b").failsWith(ExitCodes.USAGE, "contains ':'");
        assertFalse(Files.exists(journal), "nothing may be created for refused input");
        Cli.run("put", journal.toString(), "k", "\"hello\"").succeeds();
        assertEquals("hello", versioned(journal, "k").value().asString());
        Cli.run("put", journal.toString(), "bad\ud800key", "1").failsWith(ExitCodes.USAGE, "nothing written");
        assertEquals(1, Fixtures.lines(journal).size());
    }

    @Test
    void delDeletesOneKeyAndSaysWhenItWasAbsent() {
        Path journal = Fixtures.clean(dir);
        Cli.Run run = Cli.run("del", journal.toString(), "plan", "--tenant", "acme").succeeds();
        assertTrue(run.out().contains("  delete  tenant:acme:plan  was {\"step\":2}  by del"), run.out());
        assertFalse(Cli.run("keys", journal.toString()).succeeds().outLines().contains("tenant:acme:plan"));
        List<String> before = Fixtures.lines(journal);
        Cli.run("del", journal.toString(), "plan", "--tenant", "acme")
                .failsWith(ExitCodes.PROBLEMS, "key 'plan' of tenant 'acme' not found in " + journal + "; nothing written");
        assertEquals(before, Fixtures.lines(journal));
        Cli.run("del", dir.resolve("none.jsonl").toString(), "k").failsWith(ExitCodes.USAGE, "no such journal file");
    }

    @Test
    void expireGivesAKeyATtlAndKeepsItsValue() {
        Path journal = Fixtures.clean(dir);
        Instant before = Instant.now();
        Cli.Run run = Cli.run("expire", journal.toString(), "config", "3600").succeeds();
        assertTrue(run.out().contains("  update  config  {\"mode\":\"fast\"} -> {\"mode\":\"fast\"}  by expire  ttl 3600s"),
                run.out());
        Versioned v = versioned(journal, "config");
        assertEquals("fast", v.value().get("mode").asString());
        Duration left = Duration.between(before, v.expiresAt().orElseThrow());
        assertTrue(left.getSeconds() >= 3599 && left.getSeconds() <= 3601, left.toString());

        Cli.run("expire", journal.toString(), "config", "0").succeeds();
        assertTrue(Cli.run("reap", journal.toString()).succeeds().outLines().contains("  config"));
        Cli.run("expire", journal.toString(), "config", "10").failsWith(ExitCodes.PROBLEMS, "not found");
        Cli.run("expire", journal.toString(), "nothing", "-5").failsWith(ExitCodes.USAGE, "<seconds> must be >= 0");
    }

    @Test
    void operatorWritesFailWithExitThreeWhileAServiceHoldsTheJournal() {
        Path journal = Fixtures.clean(dir);
        try (JsonlStateStore service = JsonlStateStore.open(journal)) {
            List<String> before = Fixtures.lines(journal);
            for (String[] args : List.of(new String[] {"put", journal.toString(), "k", "1"},
                    new String[] {"del", journal.toString(), "config"},
                    new String[] {"expire", journal.toString(), "config", "60"})) {
                Cli.Run run = Cli.run(args);
                assertEquals(ExitCodes.IO, run.exit(), args[0] + ": " + run.err());
                assertEquals(1, run.errLines().size(), run.err());
                assertTrue(run.err().startsWith("statestore " + args[0] + ": ") && run.err().contains("clean.jsonl"),
                        run.err());
            }
            assertEquals(before, Fixtures.lines(journal));
            service.set("still", Fixtures.JSON.numberNode(1), "service");
        }
    }
}
