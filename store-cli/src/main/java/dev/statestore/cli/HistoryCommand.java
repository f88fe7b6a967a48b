package dev.statestore.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns the audit trail of one key: every transition of it in the journal, oldest first. Read-only. */
@Command(name = "history",
        header = "Print every transition of a key: its audit trail",
        description = {
            "Prints every transition of a key that the journal holds, oldest first: line number, "
                    + "revision, timestamp, set/update/delete, old -> new value, action id and TTL. Exit 1 when "
                    + "the journal holds none. -o json prints an array of transition objects, -o jsonl one "
                    + "object per line, values in full. A rewrite (compact, import --replace) keeps only each "
                    + "live key's latest write. Read-only: takes no lock, repairs nothing.",
        })
final class HistoryCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Parameters(index = "1", paramLabel = "<key>", description = "the key (the full stored key without --tenant)")
    String key;

    @Option(names = "--tenant", paramLabel = "T", description = "the key of tenant T")
    String tenant;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        String stored = Keys.stored(tenant, key);
        PrintWriter out = out();
        boolean text = output.format() == OutputFormat.Format.TEXT;
        long[] found = {0};
        Output json = text ? null : new Output(out, output.format());
        Journals.read(journal, progress(), line -> line.transition().ifPresent(t -> {
            if (t.key().equals(stored)) {
                found[0]++;
                if (text) {
                    out.println(Text.transition(line.lineNumber(), t, false));
                } else {
                    json.item(Json.transition(line.lineNumber(), t));
                }
            }
        }));
        if (found[0] == 0) {
            throw CliException.notFound(Keys.describe(tenant, key) + " has no transitions in " + journal);
        }
        if (json != null) {
            json.close();
        }
        out.flush();
        return ExitCodes.OK;
    }
}
