package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** The command tree, help, exit codes and the one-line error reporting shared by every subcommand. */
class CliBasicsTest {

    static final List<String> SUBCOMMANDS = List.of("demo", "bench", "inspect", "get", "keys", "history",
            "verify", "compact", "reap", "export", "import", "tail", "put", "del", "expire", "completion");

    @TempDir
    Path dir;

    @Test
    void everySubcommandHasHelpListingTheExitCodes() {
        for (String sub : SUBCOMMANDS) {
            Cli.Run run = Cli.run(sub, "--help").succeeds();
            assertTrue(run.out().contains("Usage: statestore " + sub), sub + ": " + run.out());
            assertTrue(run.out().contains("Exit codes:"), sub);
            assertTrue(run.out().contains("3   I/O error, or the journal is locked"), sub + ": " + run.out());
        }
    }

    @Test
    void topLevelHelpListsEverySubcommand() {
        Cli.Run run = Cli.run("--help").succeeds();
        for (String sub : SUBCOMMANDS) {
            assertTrue(run.out().contains("  " + sub + " "), sub + " missing from: " + run.out());
        }
    }

    @Test
    void topLevelHelpGivesEachCommandOneLine() {
        List<String> lines = Cli.run("--help").succeeds().outLines();
        int start = lines.indexOf("Commands:");
        assertTrue(start > 0, lines.toString());
        List<String> commands = new java.util.ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank()) {
                break;
            }
            assertTrue(line.matches("  [a-z]+ +\\S.*"), "one line per command, each starting with its name: " + line);
            assertTrue(line.length() <= 80, line);
            commands.add(line.trim().split(" ")[0]);
        }
        List<String> expected = new java.util.ArrayList<>(SUBCOMMANDS);
        expected.add(0, "help");
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(commands));
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Cli.run("verfy", "j.jsonl").failsWith(ExitCodes.USAGE, "did you mean 'verify'?");
        Cli.run("inspct", "j.jsonl").failsWith(ExitCodes.USAGE, "did you mean 'inspect'");
    }

    @Test
    void versionIsAnOptionOfTheRootOnly() {
        Cli.Run root = Cli.run("-V").succeeds();
        assertTrue(root.out().startsWith("statestore "), root.out());
        for (String sub : SUBCOMMANDS) {
            assertEquals(ExitCodes.USAGE, Cli.run(sub, "-V").exit(), sub);
            String help = Cli.run(sub, "--help").out();
            assertTrue(!help.contains("--version") && !help.contains("-V"), sub + ": " + help);
        }
    }

    @Test
    void completionScriptCompletesCommandsInBash() throws Exception {
        Path script = dir.resolve("statestore.bash");
        java.nio.file.Files.writeString(script, Cli.run("completion", "bash").succeeds().out());
        assertEquals(Cli.run("completion", "bash").out(), Cli.run("completion", "zsh").succeeds().out(),
                "one script serves both shells");
        String probe = "source '" + script + "'; f=$(complete -p statestore | sed -E 's/.*-F ([^ ]+).*/\\1/');"
                + " COMP_WORDS=(./statestore ver); COMP_CWORD=1; COMP_LINE='./statestore ver'; COMP_POINT=${#COMP_LINE};"
                + " $f; echo \"${COMPREPLY[@]}\"";
        Process p;
        try {
            p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no bash here: " + e);
            return;
        }
        String shown = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), shown);
        assertEquals("verify", shown.strip());
        Cli.run("completion", "fish").failsWith(ExitCodes.USAGE, "fish");
    }

    @Test
    void noSubcommandPrintsUsageToStderrWithUsageExit() {
        Cli.Run run = Cli.run();
        assertEquals(ExitCodes.USAGE, run.exit());
        assertTrue(run.err().contains("Usage: statestore"));
        assertEquals("", run.out());
    }

    @Test
    void unknownSubcommandIsOneLineUsageError() {
        Cli.run("frobnicate").failsWith(ExitCodes.USAGE, "frobnicate");
    }

    @Test
    void unknownOptionIsOneLineUsageErrorPointingToHelp() {
        Cli.run("inspect", "--frobnicate", "x.jsonl").failsWith(ExitCodes.USAGE, "'--frobnicate'")
                .failsWith(ExitCodes.USAGE, "statestore inspect --help");
    }

    @Test
    void missingParameterIsOneLineUsageError() {
        Cli.run("get", "journal.jsonl").failsWith(ExitCodes.USAGE, "<key>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inspect", "verify", "export", "tail", "keys", "compact", "reap"})
    void missingJournalFileIsOneLineUsageError(String sub) {
        Path missing = dir.resolve("missing.jsonl");
        Cli.run(sub, missing.toString()).failsWith(ExitCodes.USAGE, "no such journal file: " + missing);
    }

    @Test
    void directoryGivenAsJournalIsOneLineUsageError() {
        Cli.run("inspect", dir.toString()).failsWith(ExitCodes.USAGE, "is a directory");
    }

    @Test
    void badInstantIsOneLineUsageErrorNamingTheOption() {
        Cli.run("reap", dir.resolve("j.jsonl").toString(), "--now", "yesterday")
                .failsWith(ExitCodes.USAGE, "'yesterday' is not an instant")
                .failsWith(ExitCodes.USAGE, "--now");
    }

    @Test
    void instantConverterAcceptsInstantsAndOffsetsAndRejectsTheRest() {
        InstantConverter c = new InstantConverter();
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), c.convert("2026-01-02T03:04:05Z"));
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), c.convert("2026-01-02T05:04:05+02:00"));
        assertThrows(TypeConversionException.class, () -> c.convert("2026-01-02"));
    }

    @Test
    void tenantWithColonIsOneLineUsageError() {
        Path journal = Fixtures.clean(dir);
        Cli.run("keys", journal.toString(), "--tenant", "a:b").failsWith(ExitCodes.USAGE, "contains ':'");
    }

    @Test
    void failuresMapToTheirExitCodesAsOneLine() {
        record Case(Exception failure, int code, String text) {
        }
        for (Case c : List.of(
                new Case(new IllegalStateException("boom"), ExitCodes.INTERNAL,
                        "internal error: java.lang.IllegalStateException: boom (STATESTORE_DEBUG=1 prints the stack trace)"),
                new Case(new StateStoreException("journal j is locked"), ExitCodes.IO, "journal j is locked"),
                new Case(new IllegalArgumentException("bad value\nsecond line"), ExitCodes.USAGE, "bad value; second line"),
                new Case(new UncheckedIOException(new IOException("disk full")), ExitCodes.IO, "I/O error: java.io.IOException: disk full"),
                new Case(CliException.notFound("key 'k' not found"), ExitCodes.PROBLEMS, "key 'k' not found"))) {
            CommandLine cl = Main.commandLine().getSubcommands().get("get");
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err, true));
            assertEquals(c.code(), new ErrorHandler().handleExecutionException(c.failure(), cl, null), c.text());
            assertEquals(List.of("statestore get: " + c.text()), err.toString().lines().toList());
        }
    }

    @Test
    void progressPrintsOnlyWhenEnabledAndErasesItsLine() {
        StringWriter shown = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(shown), true)) {
            p.update("reading 10%");
        }
        assertTrue(shown.toString().startsWith("\rreading 10%"));
        assertTrue(shown.toString().endsWith("\r"));

        StringWriter hidden = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(hidden), false)) {
            p.update("reading 10%");
        }
        assertEquals("", hidden.toString());
    }

    @Test
    void progressTicksTheSecondsOfALongCallAndErasesItsLine() throws Exception {
        StringWriter shown = new StringWriter();
        Progress p = new Progress(new PrintWriter(shown), true);
        try (Progress.Ticking t = p.ticking("compact: rewriting j.jsonl")) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!shown.toString().contains(" s") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertTrue(shown.toString().startsWith("\rcompact: rewriting j.jsonl ... 0."), shown.toString());
        assertTrue(shown.toString().endsWith("\r"), "the line is erased at the end");
        StringWriter hidden = new StringWriter();
        try (Progress.Ticking t = new Progress(new PrintWriter(hidden), false).ticking("x")) {
            Thread.sleep(150);
        }
        assertEquals("", hidden.toString());
    }

    @Test
    void progressIsOffWithoutATerminal() {
        // Surefire's forked JVM has no console, like a pipe: no progress noise on stderr.
        assertFalse(Progress.isTerminal());
    }
}
