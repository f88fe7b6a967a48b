package dev.statestore.cli;

import dev.statestore.StateTransition;
import dev.statestore.jsonl.JournalLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns the audit trail of one key: every transition of it the journal's files hold, oldest first. Read-only. */
@Command(name = "history",
        header = "Print every transition of a key: its audit trail",
        description = {
            "Prints every transition of a key that the journal's files hold (the sealed segments and the "
                    + "active file), oldest first: revision, timestamp, set/update/delete, old -> new value, "
                    + "action id and TTL. --after R starts after revision R, found through the segments' "
                    + "indexes without reading what comes before. Exit 1 when the journal holds none. -o json "
                    + "prints an array of transition objects, -o jsonl one object per line, values in full. "
                    + "With a bounded history option the store removes old segments, and their transitions "
                    + "with them. Read-only: takes no lock, repairs nothing.",
        })
final class HistoryCommand extends BaseCommand {

    /** How many transitions one read of the history returns. */
    static final int PAGE = 4096;

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Parameters(index = "1", paramLabel = "<key>", description = "the key (the full stored key without --tenant)")
    String key;

    @Option(names = "--tenant", paramLabel = "T", description = "the key of tenant T")
    String tenant;

    @Option(names = "--after", paramLabel = "R", description = "only transitions after revision R (default: all)")
    long after;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        if (after < 0) {
            throw CliException.usage("--after must be >= 0, was " + after);
        }
        String stored = Keys.stored(tenant, key);
        Journals.existing(journal);
        List<StateTransition> found = progress().during("reading the history of " + journal.getFileName(),
                () -> Journals.stable(journal, layout -> of(layout, stored, after)));
        if (found.isEmpty()) {
            throw CliException.notFound(Keys.describe(tenant, key) + " has no transitions in " + journal
                    + (after > 0 ? " after revision " + after : ""));
        }
        PrintWriter out = out();
        if (output.format() == OutputFormat.Format.TEXT) {
            found.forEach(t -> out.println(Text.transition(t, false)));
        } else {
            try (Output json = new Output(out, output.format())) {
                found.forEach(t -> json.item(Json.transition(0, t)));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Returns the transitions of {@code stored} after revision {@code after}, oldest first, page by page. */
    static List<StateTransition> of(JournalLayout layout, String stored, long after) {
        List<StateTransition> found = new ArrayList<>();
        long next = after;
        while (true) {
            List<StateTransition> page = layout.history(next, PAGE);
            if (page.isEmpty()) {
                return found;
            }
            for (StateTransition t : page) {
                if (t.key().equals(stored)) {
                    found.add(t);
                }
            }
            long last = page.get(page.size() - 1).revision();
            if (last <= next) {
                return found; // revisions that do not grow: nothing further can be read by revision
            }
            next = last;
        }
    }
}
