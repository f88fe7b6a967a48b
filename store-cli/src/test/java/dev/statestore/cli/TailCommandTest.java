package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JsonlStateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** tail and tail -f: the last transitions, then each one appended by a running store. */
class TailCommandTest {

    @TempDir
    Path dir;

    @Test
    void tailPrintsTheLastTransitionsWithTheirRevisions() {
        Path journal = Fixtures.clean(dir);
        List<String> lines = Cli.run("tail", "-n", "2", journal.toString()).succeeds().outLines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("rev 8  2026-01-02T03:04:12Z  set  cache:q  {\"hits\":3}  by search  ttl 0s"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("rev 9  "), lines.get(1));
        assertEquals(Fixtures.CLEAN_LINES, Cli.run("tail", "-n", "100", journal.toString()).succeeds().outLines().size());
    }

    @Test
    void tailReportsBadLinesOnStderrAndGoesOn() throws Exception {
        long cleanSize = Fixtures.size(Fixtures.clean(java.nio.file.Files.createDirectory(dir.resolve("c"))));
        Path journal = Fixtures.malformed(dir);
        Cli.Run run = Cli.run("tail", "-n", "1", "-o", "jsonl", journal.toString()).succeeds();
        assertTrue(run.out().contains("\"key\":\"late\""), run.out());
        assertEquals(List.of("tail: skipped 3 bad lines among the lines read (first: clean.jsonl at byte " + cleanSize
                + ": malformed JSON: Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or"
                + " token 'null', 'true' or 'false')); verify lists them"), run.errLines());
    }

    @Test
    void tailFollowPrintsTransitionsAsAStoreAppendsThem() throws Exception {
        Path journal = Fixtures.clean(dir);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("tail", "-f", "-n", "1", "--interval", "10", journal.toString()));
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            await(() -> out.toString().contains("nothing"), out);
            store.set("tenant:acme:plan", Fixtures.JSON.objectNode().put("step", 3), "planner");
            store.delete("config", "cleanup");
            await(() -> out.toString().contains("rev 11"), out);
        } finally {
            ((TailCommand) cl.getSubcommands().get("tail").getCommand()).stop();
        }
        assertEquals(ExitCodes.OK, exit.get(5, TimeUnit.SECONDS));
        List<String> lines = out.toString().lines().toList();
        assertEquals(3, lines.size(), out.toString());
        assertTrue(lines.get(1).startsWith("rev 10  ") && lines.get(1).contains("update  tenant:acme:plan"), lines.get(1));
        assertTrue(lines.get(2).startsWith("rev 11  ") && lines.get(2).contains("delete  config"), lines.get(2));
        assertEquals("", err.toString());
    }

    /** Writes 60 transitions, sealing the active file every 10 (compact seals it under a bounded history). */
    private static void writeAcrossSeals(Path journal) {
        try (JsonlStateStore store = JsonlStateStore.open(journal, Map.of("segment-bytes", "100000", "history", "1000000"))) {
            for (int i = 0; i < 60; i++) {
                store.set("k" + (i % 7), Fixtures.JSON.numberNode(i), "agent");
                if (i % 10 == 9) {
                    store.compact();
                }
            }
        }
    }

    private void assertFollowsAcrossSeals(long intervalMillis) throws Exception {
        Path journal = Fixtures.clean(dir);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("tail", "-f", "-n", "1",
                "--interval", Long.toString(intervalMillis), "-o", "jsonl", journal.toString()));
        try {
            await(() -> out.toString().contains("nothing"), out);
            writeAcrossSeals(journal);
            await(() -> out.toString().contains("\"revision\":69,"), out);
        } finally {
            ((TailCommand) cl.getSubcommands().get("tail").getCommand()).stop();
        }
        assertEquals(ExitCodes.OK, exit.get(10, TimeUnit.SECONDS));
        assertTrue(JournalLayout.read(journal).segments().size() >= 5, "the test needs seals");
        List<Long> revisions = out.toString().lines()
                .map(l -> JsonInput.readValue(l, "tail").get("revision").asLong()).toList();
        assertEquals(java.util.stream.LongStream.rangeClosed(9, 69).boxed().toList(), revisions,
                "every transition once, in order, across the seals");
        assertEquals("", err.toString(), "a seal is routine: nothing to say");
    }

    @Test
    void tailFollowKeepsGoingAcrossSealsWithoutLosingOrRepeatingATransition() throws Exception {
        assertFollowsAcrossSeals(10);
    }

    @Test
    void tailFollowReadsTheSegmentsSealedBetweenTwoPolls() throws Exception {
        assertFollowsAcrossSeals(3000);
    }

    @Test
    void tailFollowSaysARestoreRewroteTheFileAndPrintsWhatFollows() throws Exception {
        Path journal = Fixtures.clean(dir);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("tail", "-f", "-n", "1", "--interval", "10", journal.toString()));
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            await(() -> out.toString().contains("nothing"), out);
            store.restore(Map.of("kept", Fixtures.JSON.numberNode(1)), 5);
            await(() -> err.toString().contains("was rewritten"), err);
            store.set("fresh", Fixtures.JSON.numberNode(1), "agent");
            await(() -> out.toString().contains("fresh"), out);
        } finally {
            ((TailCommand) cl.getSubcommands().get("tail").getCommand()).stop();
        }
        assertEquals(ExitCodes.OK, exit.get(5, TimeUnit.SECONDS));
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        assertTrue(lines.get(0).startsWith("rev 9  "), lines.get(0));
        assertTrue(lines.get(1).startsWith("rev 6  ") && lines.get(1).contains("fresh"),
                "the write after a restore to 5: " + lines.get(1));
    }

    @Test
    void tailFiltersByKeyPrefixAndTenantBeforeAndWhileFollowing() throws Exception {
        Path journal = Fixtures.clean(dir);
        String j = journal.toString();
        assertEquals(List.of("tenant:acme:plan", "tenant:acme:plan"), keysOf(Cli.run("tail", j, "--key", "plan",
                "--tenant", "acme").succeeds()));
        assertEquals(List.of("tenant:acme:plan", "tenant:acme:plan", "tenant:acme:session"),
                keysOf(Cli.run("tail", j, "--tenant", "acme").succeeds()));
        assertEquals(List.of("tenant:acme:session"), keysOf(Cli.run("tail", j, "--tenant", "acme", "--prefix", "s").succeeds()));
        assertEquals(List.of("tenant:acme:plan", "tenant:acme:plan", "tenant:acme:session", "tenant:globex:plan"),
                keysOf(Cli.run("tail", j, "--prefix", "tenant:").succeeds()));
        assertEquals(List.of("tenant:globex:plan"), keysOf(Cli.run("tail", j, "--prefix", "tenant:", "-n", "1").succeeds()));
        Cli.run("tail", j, "--key", "a", "--prefix", "b").failsWith(ExitCodes.USAGE, "cannot be combined");

        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("tail", "-f", "-n", "0", "--tenant", "globex", "--interval", "10", "-o", "jsonl", j));
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            Thread.sleep(200);
            store.set("tenant:acme:plan", Fixtures.JSON.numberNode(1), "a");
            store.set("tenant:globex:plan", Fixtures.JSON.numberNode(2), "g");
            store.set("plain", Fixtures.JSON.numberNode(3), "p");
            store.set("tenant:globex:done", Fixtures.JSON.numberNode(4), "g");
            await(() -> out.toString().contains("done"), out);
        } finally {
            ((TailCommand) cl.getSubcommands().get("tail").getCommand()).stop();
        }
        assertEquals(ExitCodes.OK, exit.get(10, TimeUnit.SECONDS));
        List<String> keys = out.toString().lines().map(l -> JsonInput.readValue(l, "tail").get("key").asString()).toList();
        assertEquals(List.of("tenant:globex:plan", "tenant:globex:done"), keys);
    }

    /** Returns the key of each text line of a tail run (the 4th field, after rev, time and kind). */
    private static List<String> keysOf(Cli.Run run) {
        return run.outLines().stream().map(l -> l.split("  ")[3]).toList();
    }

    private static void await(Supplier<Boolean> condition, StringWriter shown) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; output so far: " + shown);
            }
            Thread.sleep(10);
        }
    }
}
