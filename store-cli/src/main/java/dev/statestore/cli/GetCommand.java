package dev.statestore.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns the current value of one key of a journal as JSON on standard output. Read-only. */
@Command(name = "get",
        header = "Print a key's current value",
        description = {
            "Prints the current value of a key as JSON (exit 1 when the key is absent). Without "
                    + "--tenant, <key> is the full stored key (a tenant's keys are tenant:<t>:<key>). "
                    + "Read-only: takes no lock, repairs nothing.",
        })
final class GetCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Parameters(index = "1", paramLabel = "<key>", description = "the key")
    String key;

    @Option(names = "--tenant", paramLabel = "T", description = "read the key of tenant T")
    String tenant;

    @Option(names = "--compact", description = "print the value on one line instead of indented")
    boolean compact;

    @Override
    public Integer call() {
        String stored = Keys.stored(tenant, key);
        Journals.Entry entry = Journals.replay(journal, progress()).entries().get(stored);
        if (entry == null) {
            throw CliException.notFound(Keys.describe(tenant, key) + " not found in " + journal);
        }
        var value = entry.latest().newValue().orElseThrow();
        out().println(compact ? Json.compact(value) : Json.pretty(value));
        out().flush();
        return ExitCodes.OK;
    }
}
