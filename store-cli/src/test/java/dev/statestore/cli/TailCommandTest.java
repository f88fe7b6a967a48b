package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.jsonl.JsonlStateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
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
    void tailPrintsTheLastTransitionsWithTheirLineNumbers() {
        Path journal = Fixtures.clean(dir);
        List<String> lines = Cli.run("tail", "-n", "2", journal.toString()).succeeds().outLines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("line 8  rev 8  2026-01-02T03:04:12Z  set  cache:q  {\"hits\":3}  by search  ttl 0s"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("line 9  "), lines.get(1));
        assertEquals(Fixtures.CLEAN_LINES, Cli.run("tail", "-n", "100", journal.toString()).succeeds().outLines().size());
    }

    @Test
    void tailReportsBadLinesOnStderrAndGoesOn() {
        Path journal = Fixtures.malformed(dir);
        Cli.Run run = Cli.run("tail", "-n", "1", "-o", "jsonl", journal.toString()).succeeds();
        assertTrue(run.out().contains("\"key\":\"late\""), run.out());
        assertEquals(List.of("tail: " + journal + " holds 3 bad lines, skipped (first: line 10: malformed JSON: Unrecognized"
                + " token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'));"
                + " verify lists them"), run.errLines());
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
            await(() -> out.toString().contains("line 11"), out);
        } finally {
            ((TailCommand) cl.getSubcommands().get("tail").getCommand()).stop();
        }
        assertEquals(ExitCodes.OK, exit.get(5, TimeUnit.SECONDS));
        List<String> lines = out.toString().lines().toList();
        assertEquals(3, lines.size(), out.toString());
        assertTrue(lines.get(1).startsWith("line 10  ") && lines.get(1).contains("update  tenant:acme:plan"), lines.get(1));
        assertTrue(lines.get(2).startsWith("line 11  ") && lines.get(2).contains("delete  config"), lines.get(2));
        assertEquals("", err.toString());
    }

    @Test
    void tailFollowNoticesARewriteAndFollowsTheNewFile() throws Exception {
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
            store.compact();
            await(() -> err.toString().contains("was rewritten"), err);
            store.set("fresh", Fixtures.JSON.numberNode(1), "agent");
            await(() -> out.toString().contains("fresh"), out);
        } finally {
            ((TailCommand) cl.getSubcommands().get("tail").getCommand()).stop();
        }
        assertEquals(ExitCodes.OK, exit.get(5, TimeUnit.SECONDS));
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        assertTrue(lines.get(0).startsWith("line 9  "), lines.get(0));
        // The compacted file holds the 6 live keys; the write after it is its line 7.
        assertTrue(lines.get(1).startsWith("line 7  ") && lines.get(1).contains("fresh"), lines.get(1));
    }

    @Test
    void tailFollowSeesTwoRewritesBetweenPollsAndPrintsWhatTheyKeptOnce() throws Exception {
        // ext4 hands a freed inode number out again: after two rewrites between polls the path
        // can show the number the follower saw before. The follower must still see the rewrite.
        Path journal = Fixtures.clean(dir);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("tail", "-f", "-n", "1", "--interval", "4000", journal.toString()));
        try (JsonlStateStore store = JsonlStateStore.open(journal)) {
            await(() -> out.toString().contains("nothing"), out);
            store.compact();
            for (int i = 0; i < 20; i++) {
                store.set("k" + i, Fixtures.JSON.stringNode("a value long enough to outgrow the old file " + i), "agent");
            }
            store.compact();
            store.set("after", Fixtures.JSON.numberNode(1), "agent");
            await(() -> err.toString().contains("was rewritten"), err);
            await(() -> out.toString().contains("after"), out);
        } finally {
            ((TailCommand) cl.getSubcommands().get("tail").getCommand()).stop();
        }
        assertEquals(ExitCodes.OK, exit.get(10, TimeUnit.SECONDS));
        assertTrue(!err.toString().contains("skipped"), "no line of the new file may be read from the old offset: " + err);
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("line 9  ") && lines.get(0).contains("nothing"), out.toString());
        List<String> later = lines.subList(1, lines.size());
        assertEquals(21, later.size(), out.toString());
        for (int i = 0; i < 20; i++) {
            String key = "  k" + i + "  ";
            assertEquals(1, later.stream().filter(l -> l.contains(key)).count(), key + " once in: " + out);
        }
        assertTrue(later.get(20).contains("set  after  1"), out.toString());
        assertTrue(later.stream().noneMatch(l -> l.contains("config") || l.contains("tenant:acme:plan")),
                "writes seen before the rewrites must not come back as new: " + out);
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

    /** Returns the key of each text line of a tail run (the 6th field, after line, rev, time and kind). */
    private static List<String> keysOf(Cli.Run run) {
        return run.outLines().stream().map(l -> l.split("  ")[4]).toList();
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
