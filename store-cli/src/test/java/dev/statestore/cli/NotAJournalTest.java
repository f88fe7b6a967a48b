package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a journal is said to be one in a line, after a few hundred bad lines, not listed line by line. */
class NotAJournalTest {

    @TempDir
    Path dir;

    private Path logFile(int lines) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append("2026-01-02 03:04:05 INFO request ").append(i).append(" served in 3 ms\n");
        }
        Path file = dir.resolve("app.log");
        Files.writeString(file, b);
        return file;
    }

    @Test
    void verifyOfALogFileStopsWithNotAJournal() throws Exception {
        Path log = logFile(12_000);
        Cli.Run run = Cli.run("verify", log.toString());
        run.failsWith(ExitCodes.PROBLEMS, log + " is not a statestore journal: none of its first 200 lines holds a"
                + " transition (line 1: malformed JSON");
        assertEquals("", run.out(), "nothing listed line by line");
    }

    @Test
    void everyCommandThatReadsAJournalStopsTheSameWayAndWritersChangeNothing() throws Exception {
        Path log = logFile(500);
        List<String> before = Fixtures.lines(log);
        for (String sub : List.of("inspect", "keys", "export", "tail", "compact", "reap")) {
            Cli.run(sub, log.toString()).failsWith(ExitCodes.PROBLEMS, "is not a statestore journal");
        }
        Cli.run("get", log.toString(), "k").failsWith(ExitCodes.PROBLEMS, "is not a statestore journal");
        Path in = Files.createDirectory(dir.resolve("in")).resolve("in.json");
        Files.writeString(in, "{\"a\":1}");
        Cli.run("import", log.toString(), in.toString()).failsWith(ExitCodes.PROBLEMS, "is not a statestore journal");
        Cli.run("demo", "--journal", log.toString(), "--rounds", "1").failsWith(ExitCodes.PROBLEMS, "is not a statestore journal");
        Files.delete(in);
        Files.delete(in.getParent());
        assertEquals(before, Fixtures.lines(log));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(log), files.toList(), "no lock or side file beside it");
        }
    }

    @Test
    void aShortFileWithoutAValidLineIsNotRewritten() throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "buy milk\ncall bob\n");
        Cli.run("compact", notes.toString()).failsWith(ExitCodes.PROBLEMS,
                notes + " is not a statestore journal: none of its 2 lines holds a transition (line 1: malformed JSON");
        Cli.run("reap", notes.toString()).failsWith(ExitCodes.PROBLEMS, "compact changed nothing".replace("compact", "reap"));
        assertEquals("buy milk\ncall bob\n", Files.readString(notes));
        Path empty = dir.resolve("empty.jsonl");
        Files.createFile(empty);
        Cli.run("compact", empty.toString()).succeeds();
    }

    @Test
    void aJournalWhoseFirstLinesAreBadButNotAllIsStillAJournal() throws Exception {
        Path journal = dir.resolve("j.jsonl");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < NOT_A_JOURNAL_MINUS_ONE; i++) {
            b.append("garbage ").append(i).append('\n');
        }
        Files.writeString(journal, b);
        Path clean = Fixtures.clean(Files.createDirectory(dir.resolve("c")));
        Fixtures.append(journal, String.join("\n", Fixtures.lines(clean)) + "\n");
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            more.append("more garbage\n");
        }
        Fixtures.append(journal, more.toString());
        Cli.Run run = Cli.run("verify", journal.toString());
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.err());
        assertTrue(run.out().contains("499 problems in 1 file of 508 lines"), run.out());
    }

    static final int NOT_A_JOURNAL_MINUS_ONE = JournalGuard.LIMIT - 1;
}
