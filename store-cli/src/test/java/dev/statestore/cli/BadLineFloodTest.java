package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal of one valid and then 200,000 bad lines, read by the real tool in a JVM with a small heap: never a
 * raw stack trace, and the tool itself keeps counts and the first lines only.
 */
class BadLineFloodTest {

    static final int LINES = 200_000;
    static final List<String> SMALL_HEAP = List.of("-Xmx16m", "-XX:+UseParallelGC");

    @TempDir
    Path dir;

    /** Returns a journal whose one valid line is followed by {@link #LINES} bad ones. */
    private Path flood() throws IOException {
        Path file = Fixtures.clean(Files.createDirectory(dir.resolve("flood")));
        String first = Fixtures.lines(file).get(0);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(first + "\n");
            for (int i = 0; i < LINES; i++) {
                w.write("x\n");
            }
        }
        return file;
    }

    private static void assertNoStackTrace(ChildCli.Run run) {
        assertFalse(run.timedOut(), "timed out; err: " + run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception in thread"),
                "no stack trace may reach the user: " + run.err());
    }

    @Test
    void verifyOfManyBadLinesUnderASmallHeapReportsWithoutAStackTrace() throws IOException {
        Path flood = flood();
        ChildCli.Run run = ChildCli.run(dir, SMALL_HEAP, 300, "verify", flood.toString());
        assertNoStackTrace(run);
        assertEquals(ExitCodes.PROBLEMS, run.exit(), "verify keeps a count and the first problems: " + run.err());
        List<String> out = run.out().lines().toList();
        assertEquals(BadLines.KEPT + 2, out.size(), "the first " + BadLines.KEPT + " lines, a count, a summary");
        assertTrue(out.get(BadLines.KEPT).startsWith("... and 199,900 more problems"), out.get(BadLines.KEPT));
        assertTrue(out.get(BadLines.KEPT + 1).contains("200,000 problems in 1 file of 200,001 lines in one file"),
                out.get(BadLines.KEPT + 1));
        assertTrue(out.get(BadLines.KEPT + 1).contains(": clean.jsonl: 2, 3, 4"), out.get(BadLines.KEPT + 1));
    }

    @Test
    void inspectOfManyBadLinesUnderASmallHeapCountsThem() throws IOException {
        Path flood = flood();
        ChildCli.Run run = ChildCli.run(dir, SMALL_HEAP, 300, "inspect", flood.toString());
        assertNoStackTrace(run);
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertTrue(run.out().contains("bad lines    200,000 (skipped"), run.out());
    }

    @Test
    void compactOfManyBadLinesUnderASmallHeapReportsWithoutAStackTrace() throws IOException {
        Path flood = flood();
        ChildCli.Run run = ChildCli.run(dir, SMALL_HEAP, 300, "compact", flood.toString());
        assertNoStackTrace(run);
        assertTrue(run.exit() == ExitCodes.OK || run.exit() == ExitCodes.PROBLEMS || run.exit() == ExitCodes.IO,
                "exit " + run.exit() + ": " + run.err());
        if (run.exit() == ExitCodes.IO) {
            assertTrue(run.err().lines().anyMatch(l -> l.startsWith("statestore compact: out of memory")), run.err());
        }
    }

    @Test
    void verifyListsTheFirstBadLinesAndCountsTheRest() throws IOException {
        Path journal = Fixtures.clean(dir);
        StringBuilder bad = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            bad.append("not json ").append(i).append('\n');
        }
        Fixtures.append(journal, bad.toString());
        Cli.Run run = Cli.run("verify", journal.toString());
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.err());
        List<String> out = run.outLines();
        assertEquals(BadLines.KEPT + 2, out.size(), run.out());
        assertTrue(out.get(0).startsWith("clean.jsonl line 10: malformed JSON"), out.get(0));
        assertEquals("... and 150 more problems (only the first 100 are listed)", out.get(BadLines.KEPT));
        assertTrue(out.get(BadLines.KEPT + 1).contains("250 problems in 1 file of 259 lines in one file"),
                out.get(BadLines.KEPT + 1));
        assertTrue(out.get(BadLines.KEPT + 1).endsWith(": clean.jsonl: 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,"
                + " 21, 22, 23, 24, 25, 26, 27, 28, 29, ..."), out.get(BadLines.KEPT + 1));
        Cli.Run inspect = Cli.run("inspect", journal.toString()).succeeds();
        assertTrue(inspect.out().contains("bad lines    250 (skipped"), inspect.out());
        assertTrue(inspect.out().contains("... and 230 more (verify lists them)"), inspect.out());
    }
}
