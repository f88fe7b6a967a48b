package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.jsonl.ReplayReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify and inspect count every bad line, also past the {@link ReplayReport#MAX_SKIPPED_KEPT} that a
 * report lists with line numbers and reasons.
 */
class BadLineCountTest {

    private static final int BAD = ReplayReport.MAX_SKIPPED_KEPT + 5;

    @TempDir
    Path dir;

    private Path journal() throws IOException {
        Path journal = dir.resolve("bad.jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < BAD; i++) {
            text.append("not json ").append(i).append('\n');
        }
        Files.writeString(journal, text);
        return journal;
    }

    @Test
    void verifyCountsEveryBadLineAndSaysHowManyItDoesNotList() throws IOException {
        Cli.Run run = Cli.run("verify", journal().toString());
        assertEquals(ExitCodes.PROBLEMS, run.exit(), run.err());
        assertTrue(run.out().contains("... and 5 more bad lines (the first "
                + Text.count(ReplayReport.MAX_SKIPPED_KEPT) + " are listed)"), run.out());
        assertTrue(run.out().contains("FAILED: ") && run.out().contains(Text.count(BAD) + " bad lines of "
                + Text.count(BAD)), run.out());
    }

    @Test
    void inspectCountsEveryBadLine() throws IOException {
        Cli.Run run = Cli.run("inspect", journal().toString()).succeeds();
        assertTrue(run.out().contains("(valid 0, skipped " + Text.count(BAD) + ")"), run.out());
    }
}
