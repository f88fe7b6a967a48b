package dev.statestore.cli;

import dev.statestore.StateTransition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns the audit trail of one key: every transition of it in the journal, oldest first. Read-only. */
@Command(name = "history",
        header = "Print every transition of a key: its audit trail",
        description = {
            "Prints every transition of a key that the journal holds, oldest first: line number, "
                    + "timestamp, set/update/delete, old -> new value, action id and TTL. Exit 1 when the "
                    + "journal holds none. A compacted journal keeps only each live key's latest write. "
                    + "Read-only: takes no lock, repairs nothing.",
        })
final class HistoryCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Parameters(index = "1", paramLabel = "<key>", description = "the key (the full stored key without --tenant)")
    String key;

    @Option(names = "--tenant", paramLabel = "T", description = "the key of tenant T")
    String tenant;

    @Option(names = "--json", description = "print each transition as one JSON object, values in full")
    boolean json;

    @Override
    public Integer call() {
        String stored = Keys.stored(tenant, key);
        List<Found> found = new ArrayList<>();
        Journals.read(journal, progress(), line -> line.transition().ifPresent(t -> {
            if (t.key().equals(stored)) {
                found.add(new Found(line.lineNumber(), t));
            }
        }));
        if (found.isEmpty()) {
            throw CliException.notFound(Keys.describe(tenant, key) + " has no transitions in " + journal);
        }
        PrintWriter out = out();
        for (Found f : found) {
            out.println(json ? Json.compact(Json.transition(f.line(), f.transition()))
                    : Text.transition(f.line(), f.transition(), false));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private record Found(long line, StateTransition transition) {
    }
}
