package dev.statestore.cli;

import dev.statestore.StateTransition;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns the current value of one key of a journal on standard output. Read-only. */
@Command(name = "get",
        header = "Print a key's current value",
        description = {
            "Prints the current value of a key (exit 1 when the key is absent). Without --tenant, <key> "
                    + "is the full stored key (a tenant's keys are tenant:<t>:<key>). -o text: the value as "
                    + "indented JSON; -o json / jsonl: an object with key, value, revision, version, timestamp, "
                    + "action_id and, for a key with a TTL, ttl_secs and expires_at (indented / on one line). "
                    + "The value is the one a store opening the journal would hold: the key's newest line after "
                    + "the checkpoint, read from the end of the active file backwards, or else its line in the "
                    + "checkpoint, found by bisection (the checkpoint is sorted by key). "
                    + "Read-only: takes no lock, repairs nothing.",
        })
final class GetCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Parameters(index = "1", paramLabel = "<key>", description = "the key")
    String key;

    @Option(names = "--tenant", paramLabel = "T", description = "read the key of tenant T")
    String tenant;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        String stored = Keys.stored(tenant, key);
        Journals.layout(journal);
        KeyLookup.Found found = KeyLookup.find(journal, stored);
        StateTransition latest = found.decided() ? found.latest().orElse(null)
                : Journals.state(journal, progress()).entries().get(stored);
        if (latest == null) {
            throw CliException.notFound(Keys.describe(tenant, key) + " not found in " + journal);
        }
        if (output.format() == OutputFormat.Format.TEXT) {
            out().println(Json.pretty(latest.newValue().orElseThrow()));
            out().flush();
        } else {
            new Output(out(), output.format()).document(Json.entry(stored, latest));
        }
        return ExitCodes.OK;
    }
}
