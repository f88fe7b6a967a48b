package dev.statestore.cli;

import dev.statestore.jsonl.ReplayReport;
import dev.statestore.jsonl.SkippedLine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Returns whether every line of a journal is a valid transition, listing those that are not. Read-only. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Checks every line of a journal: that it is JSON, that its crc32c checksum matches (lines "
                    + "without one, such as car-state's, pass), and that its fields have the right types. Exit "
                    + "0 when every line is valid; exit 1 listing each bad line and any torn (unfinished) last "
                    + "line. Read-only: takes no lock, repairs nothing.",
        })
final class VerifyCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Override
    public Integer call() {
        ReplayReport r = Journals.read(journal, progress(), line -> { });
        PrintWriter out = out();
        for (SkippedLine s : r.skipped()) {
            out.println("line " + s.lineNumber() + ": " + s.reason());
        }
        long unlisted = r.skippedCount() - r.skipped().size();
        if (unlisted > 0) {
            out.println("... and " + Text.plural(unlisted, "more bad line", "more bad lines") + " (the first "
                    + Text.count(r.skipped().size()) + " are listed)");
        }
        if (r.tornBytes() > 0) {
            out.println("line " + (r.linesRead() + 1) + ": torn: " + Text.bytes(r.tornBytes())
                    + " without a final newline (an unfinished write)");
        }
        if (r.skippedCount() == 0 && r.tornBytes() == 0) {
            out.println("ok: " + journal + ": " + Text.plural(r.linesRead(), "line", "lines") + ", all valid");
            out.flush();
            return ExitCodes.OK;
        }
        StringJoiner bad = new StringJoiner(", ");
        r.skipped().forEach(s -> bad.add(Long.toString(s.lineNumber())));
        if (unlisted > 0) {
            bad.add("...");
        }
        if (r.tornBytes() > 0) {
            bad.add((r.linesRead() + 1) + " (torn)");
        }
        long count = r.skippedCount() + (r.tornBytes() > 0 ? 1 : 0);
        out.println("FAILED: " + journal + ": " + Text.plural(count, "bad line", "bad lines") + " of "
                + Text.count(r.linesRead() + (r.tornBytes() > 0 ? 1 : 0)) + ": " + bad);
        out.flush();
        return ExitCodes.PROBLEMS;
    }
}
