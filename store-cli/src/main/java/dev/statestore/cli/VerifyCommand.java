package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.jsonl.JournalLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Returns whether every file of a journal is sound, listing the problems of each. Read-only. */
@Command(name = "verify",
        header = "Check every file of a journal",
        description = {
            "Checks every file of a journal: the manifest (intact, naming a checkpoint that exists), the "
                    + "checkpoint (each line, and its size, line count and CRC-32C against the manifest), each "
                    + "sealed segment (each line, no unfinished last line, no revisions missing before the next "
                    + "file) and the active file (each line; an unfinished last line). A line is checked for "
                    + "JSON, its crc32c checksum (lines without one, such as car-state's, pass) and the types of "
                    + "its fields. Exit 0 when every file is sound; exit 1 listing each problem with its file and "
                    + "line (the first 100 listed, the rest counted) and how many each file has. -o json / jsonl: "
                    + "one object with the files, the counts and the first problems. Read-only: takes no lock, "
                    + "repairs nothing.",
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
        JournalLayout layout = Journals.layout(journal);
        LayoutSizes sizes = LayoutSizes.of(layout);
        BadLines bad = new BadLines();
        Map<Path, Long> perFile = new LinkedHashMap<>();
        try {
            progress().during("verifying " + journal.getFileName(), () -> {
                layout.verify(p -> {
                    bad.add(p);
                    perFile.merge(p.file(), 1L, Long::sum);
                });
                return null;
            });
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
        boolean ok = bad.count() == 0;
        if (output.format() != OutputFormat.Format.TEXT) {
            ObjectNode o = Json.NODES.objectNode();
            o.put("journal", journal.toString());
            o.put("ok", ok);
            sizes.addTo(o);
            o.put("bad_lines", bad.count());
            ArrayNode files = o.putArray("bad_lines_per_file");
            perFile.forEach((file, n) -> files.addObject().put("file", file.toString()).put("bad_lines", n));
            ArrayNode first = o.putArray("first_bad_lines");
            bad.first().forEach(p -> first.addObject().put("file", p.file().toString()).put("line", p.lineNumber())
                    .put("reason", p.reason()));
            o.put("torn_bytes", JournalFigures.tornBytes(journal));
            long lines = 0;
            for (Path file : layout.files()) {
                lines += JournalFigures.countLines(file);
            }
            o.put("lines", lines);
            new Output(out(), output.format()).document(o);
            return ok ? ExitCodes.OK : ExitCodes.PROBLEMS;
        }
        PrintWriter out = out();
        for (JournalLayout.Problem p : bad.first()) {
            out.println(BadLines.describe(p));
        }
        if (bad.count() > bad.first().size()) {
            out.println("... and " + Text.plural(bad.count() - bad.first().size(), "more problem", "more problems")
                    + " (only the first " + BadLines.KEPT + " are listed)");
        }
        long lines = 0;
        for (Path file : layout.files()) {
            lines += JournalFigures.countLines(file);
        }
        String of = Text.plural(lines, "line", "lines") + " in " + sizes.describe();
        if (ok) {
            out.println("ok: " + journal + ": " + of + ", all valid");
            out.flush();
            return ExitCodes.OK;
        }
        Map<Path, StringJoiner> numbers = new LinkedHashMap<>();
        int listed = 0;
        for (JournalLayout.Problem p : bad.first()) {
            if (listed++ == LISTED) {
                break;
            }
            numbers.computeIfAbsent(p.file(), f -> new StringJoiner(", "))
                    .add(p.lineNumber() > 0 ? Long.toString(p.lineNumber()) : "the file");
        }
        StringJoiner where = new StringJoiner("; ");
        numbers.forEach((file, n) -> where.add(Text.escape(String.valueOf(file.getFileName())) + ": " + n));
        out.println("FAILED: " + journal + ": " + Text.plural(bad.count(), "problem", "problems") + " in "
                + Text.plural(perFile.size(), "file", "files") + " of " + of + ": " + where
                + (bad.count() > LISTED ? ", ..." : ""));
        out.flush();
        return ExitCodes.PROBLEMS;
    }
}
