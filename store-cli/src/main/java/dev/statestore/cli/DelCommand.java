package dev.statestore.cli;

import dev.statestore.StateTransition;
import dev.statestore.jsonl.JsonlStateStore;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns a journal with one key deleted, as an operator's audited write through the store. */
@Command(name = "del",
        header = "Delete a key",
        description = {
            "Deletes <key> through the store, as one delete transition with action id 'del' "
                    + "(--action-id), and prints it. Exit 1, writing nothing, when the key is absent. Opens the "
                    + "journal for writing with durability synced: fails with exit 3 while another store holds it.",
        })
final class DelCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Parameters(index = "1", paramLabel = "<key>", description = "the key (the full stored key without --tenant)")
    String key;

    @Option(names = "--tenant", paramLabel = "T", description = "delete the key of tenant T")
    String tenant;

    @Option(names = "--action-id", paramLabel = "ID", description = "the transition's action id (default: ${DEFAULT-VALUE})")
    String actionId = "del";

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        String stored = Keys.stored(tenant, key);
        Journals.existing(journal);
        Writers.checkForWrite(journal, "del");
        Optional<StateTransition> t;
        try (JsonlStateStore store = Writers.open(journal, Writers.OPERATOR_WRITE)) {
            t = Writers.refusedAsUsage(() -> store.delete(stored, actionId));
        }
        if (t.isEmpty()) {
            throw CliException.notFound(Keys.describe(tenant, key) + " not found in " + journal + "; nothing written");
        }
        Writers.printWrite(out(), output.format(), t.get());
        return ExitCodes.OK;
    }
}
