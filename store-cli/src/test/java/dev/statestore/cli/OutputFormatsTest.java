package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** One output switch, -o text|json|jsonl, for every command that prints data; --json and --compact are gone. */
class OutputFormatsTest {

    @TempDir
    Path dir;

    /** The data commands and their arguments after the journal. */
    private static List<List<String>> commands(Path journal) {
        String j = journal.toString();
        return List.of(List.of("inspect", j, "--now", "2026-01-02T03:04:30Z"), List.of("get", j, "config"),
                List.of("keys", j), List.of("history", j, "plan", "--tenant", "acme"), List.of("verify", j),
                List.of("export", j), List.of("tail", j, "-n", "3"));
    }

    private static Cli.Run run(List<String> args, String format) {
        List<String> all = new ArrayList<>(args);
        all.add("-o");
        all.add(format);
        return Cli.run(all.toArray(String[]::new)).succeeds();
    }

    @Test
    void jsonIsOneDocumentAndJsonlOneValuePerLine() {
        Path journal = Fixtures.clean(dir);
        for (List<String> args : commands(journal)) {
            JsonNode doc = JsonInput.readValue(run(args, "json").out(), args.get(0) + " -o json");
            assertTrue(doc.isObject() || doc.isArray(), args + ": " + doc);
            Cli.Run lines = run(args, "jsonl");
            assertTrue(lines.outLines().size() >= 1, args.toString());
            for (String line : lines.outLines()) {
                JsonNode value = JsonInput.readValue(line, args.get(0) + " -o jsonl");
                assertTrue(!value.isMissingNode(), line);
            }
            if (doc.isArray()) {
                assertEquals(doc.size(), lines.outLines().size(), args + ": a list is the same items either way");
            }
        }
    }

    @Test
    void listsAreTheSameItemsInEveryFormat() {
        Path journal = Fixtures.clean(dir);
        JsonNode keys = JsonInput.readValue(run(List.of("keys", journal.toString()), "json").out(), "keys");
        List<String> asJson = new ArrayList<>();
        keys.forEach(k -> asJson.add(k.asString()));
        assertEquals(Fixtures.CLEAN_KEYS, asJson);
        assertEquals(Fixtures.CLEAN_KEYS, Cli.run("keys", journal.toString()).succeeds().outLines());

        JsonNode history = JsonInput.readValue(run(List.of("history", journal.toString(), "scratch"), "json").out(), "h");
        assertEquals(2, history.size());
        assertEquals("set", history.get(0).get("op").asString());
        assertEquals(6, history.get(0).get("revision").asLong());
        assertEquals(1, history.get(0).get("version").asLong());
        assertEquals(0, history.get(1).get("version").asLong(), "a delete's version");
        assertEquals("delete", history.get(1).get("op").asString());
        assertEquals("[ ]", run(List.of("keys", journal.toString(), "--prefix", "none-such"), "json").out().strip());
    }

    @Test
    void inspectAndVerifyAsJsonCarryTheirFigures() {
        Path journal = Fixtures.malformed(dir);
        JsonNode inspect = JsonInput.readValue(run(List.of("inspect", journal.toString()), "json").out(), "inspect");
        assertEquals(13, inspect.get("lines").asLong());
        assertEquals(3, inspect.get("skipped").asLong());
        assertEquals(10, inspect.get("first_skipped").get(0).get("line").asLong());
        assertEquals(journal.toAbsolutePath().toString(), inspect.get("first_skipped").get(0).get("file").asString());
        assertEquals(10, inspect.get("revision").asLong());
        assertEquals(1, inspect.get("files").get("count").asLong());
        assertEquals(Fixtures.size(journal), inspect.get("files").get("active_bytes").asLong());
        assertEquals(2, inspect.get("tenants").get("acme").asInt());
        Cli.Run verify = Cli.run("verify", journal.toString(), "-o", "jsonl");
        assertEquals(ExitCodes.PROBLEMS, verify.exit());
        JsonNode v = JsonInput.readValue(verify.out(), "verify");
        assertEquals(false, v.get("ok").asBoolean());
        assertEquals(3, v.get("bad_lines").asLong());
        assertEquals(12, v.get("first_bad_lines").get(2).get("line").asLong());
        assertEquals(journal.toAbsolutePath().toString(), v.get("first_bad_lines").get(2).get("file").asString());
        assertEquals(3, v.get("bad_lines_per_file").get(0).get("bad_lines").asLong());
        assertEquals(13, v.get("lines").asLong());
    }

    @Test
    void theOldSwitchesAreGoneAndABadFormatIsAUsageError() {
        Path journal = Fixtures.clean(dir);
        Cli.run("history", journal.toString(), "config", "--json").failsWith(ExitCodes.USAGE, "--json");
        Cli.run("tail", "--json", journal.toString()).failsWith(ExitCodes.USAGE, "--json");
        Cli.run("get", journal.toString(), "config", "--compact").failsWith(ExitCodes.USAGE, "--compact");
        Cli.run("export", journal.toString(), "--compact").failsWith(ExitCodes.USAGE, "--compact");
        Cli.run("keys", journal.toString(), "-o", "xml").failsWith(ExitCodes.USAGE, "xml");
        Cli.run("tail", "-f", "-o", "json", journal.toString()).failsWith(ExitCodes.USAGE, "use -o jsonl");
        assertEquals(Cli.run("keys", journal.toString(), "-o", "JSONL").succeeds().out(),
                Cli.run("keys", journal.toString(), "--output", "jsonl").succeeds().out());
    }

    @Test
    void exportAsTextIsOneEscapedLinePerKey() {
        Path journal = Fixtures.clean(dir);
        List<String> lines = Cli.run("export", journal.toString(), "-o", "text").succeeds().outLines();
        assertEquals(Fixtures.CLEAN_KEYS.size(), lines.size(), lines.toString());
        assertTrue(lines.contains("config = {\"mode\":\"fast\"}"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("tenant:acme:session = \"s-1\"  (ttl 60s, expires ")), lines.toString());
    }
}
