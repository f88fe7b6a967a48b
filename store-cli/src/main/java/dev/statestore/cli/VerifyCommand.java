package dev.statestore.cli;

import dev.statestore.jsonl.SkippedLine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Returns whether every line of a journal is a valid transition, listing those that are not. Read-only. */
@Command(name = "verify",
        header = "Check every line of a journal",
        description = {
            "Checks every line of a journal: that it is JSON, that its crc32c checksum matches (lines "
                    + "without one, such as car-state's, pass), and that its fields have the right types. Exit "
                    + "0 when every line is valid; exit 1 listing each bad line and any torn (unfinished) last "
                    + "line (the first 100 bad lines listed, the rest counted). -o json / jsonl: one object with the "
                    + "counts and the first bad lines. Read-only: takes no lock, repairs nothing.",
        })
final class VerifyCommand extends BaseCommand {

    /** How many bad line numbers the summary line names. */
    static final int LISTED = 20;

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        Journals.Scan r = Journals.read(journal, progress(), line -> { });
        BadLines bad = r.bad();
        boolean ok = bad.count() == 0 && r.tornBytes() == 0;
        if (output.format() != OutputFormat.Format.TEXT) {
            ObjectNode o = Json.NODES.objectNode();
            o.put("journal", journal.toString());
            o.put("ok", ok);
            o.put("lines", r.linesRead());
            o.put("valid", r.applied());
            o.put("bad_lines", bad.count());
            ArrayNode first = o.putArray("first_bad_lines");
            bad.first().forEach(s -> first.addObject().put("line", s.lineNumber()).put("reason", s.reason()));
            o.put("torn_bytes", r.tornBytes());
            new Output(out(), output.format()).document(o);
            return ok ? ExitCodes.OK : ExitCodes.PROBLEMS;
        }
        PrintWriter out = out();
        for (SkippedLine s : bad.first()) {
            out.println("line " + s.lineNumber() + ": " + Text.oneLine(s.reason()));
        }
        if (bad.count() > bad.first().size()) {
            out.println("... and " + Text.plural(bad.count() - bad.first().size(), "more bad line", "more bad lines")
                    + " (only the first " + BadLines.KEPT + " are listed)");
        }
        if (r.tornBytes() > 0) {
            out.println("line " + (r.linesRead() + 1) + ": torn: " + Text.bytes(r.tornBytes())
                    + " without a final newline (an unfinished write)");
        }
        if (ok) {
            out.println("ok: " + journal + ": " + Text.plural(r.linesRead(), "line", "lines") + ", all valid");
            out.flush();
            return ExitCodes.OK;
        }
        StringJoiner numbers = new StringJoiner(", ");
        bad.first().stream().limit(LISTED).forEach(s -> numbers.add(Long.toString(s.lineNumber())));
        if (bad.count() > LISTED) {
            numbers.add("...");
        }
        if (r.tornBytes() > 0) {
            numbers.add((r.linesRead() + 1) + " (torn)");
        }
        long count = bad.count() + (r.tornBytes() > 0 ? 1 : 0);
        out.println("FAILED: " + journal + ": " + Text.plural(count, "bad line", "bad lines") + " of "
                + Text.count(r.linesRead() + (r.tornBytes() > 0 ? 1 : 0)) + ": " + numbers);
        out.flush();
        return ExitCodes.PROBLEMS;
    }
}
