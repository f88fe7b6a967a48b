package dev.statestore.cli;

import dev.statestore.StateTransition;
import dev.statestore.jsonl.JsonlStateStore;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** Returns a journal in which one key, value unchanged, expires after a given time. */
@Command(name = "expire",
        header = "Give a key a TTL, keeping its value",
        description = {
            "Writes <key>'s current value again with a TTL of <seconds> from now (0: expired at once, "
                    + "reapable by the next reap), as one transition with action id 'expire' (--action-id), "
                    + "and prints it. A plain put of the value removes a TTL. Exit 1, writing nothing, when the "
                    + "key is absent. Opens the journal for writing with durability synced: fails with exit 3 "
                    + "while another store holds it.",
        })
final class ExpireCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Parameters(index = "1", paramLabel = "<key>", description = "the key (the full stored key without --tenant)")
    String key;

    @Parameters(index = "2", paramLabel = "<seconds>", description = "the TTL in seconds from now, >= 0")
    long seconds;

    @Option(names = "--tenant", paramLabel = "T", description = "the key of tenant T")
    String tenant;

    @Option(names = "--action-id", paramLabel = "ID", description = "the transition's action id (default: ${DEFAULT-VALUE})")
    String actionId = "expire";

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        String stored = Keys.stored(tenant, key);
        if (seconds < 0) {
            throw CliException.usage("<seconds> must be >= 0, was " + seconds);
        }
        Journals.existing(journal);
        Writers.checkForWrite(journal, "expire");
        StateTransition t;
        try (JsonlStateStore store = Writers.open(journal, Writers.OPERATOR_WRITE)) {
            Optional<JsonNode> value = store.get(stored);
            if (value.isEmpty()) {
                throw CliException.notFound(Keys.describe(tenant, key) + " not found in " + journal + "; nothing written");
            }
            t = Writers.refusedAsUsage(() -> store.setWithTtl(stored, value.get(), actionId, seconds));
        }
        Writers.printWrite(out(), output.format(), t);
        return ExitCodes.OK;
    }
}
