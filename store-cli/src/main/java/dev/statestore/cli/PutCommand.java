package dev.statestore.cli;

import dev.statestore.StateTransition;
import dev.statestore.jsonl.JsonlStateStore;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** Returns a journal with one key set, as an operator's audited write through the store. */
@Command(name = "put",
        header = "Set a key to a JSON value",
        description = {
            "Sets <key> to <json> through the store, as one transition with action id 'put' "
                    + "(--action-id), optionally with a TTL, and prints it. The value is read with the store's "
                    + "own rules (1E-400 stays 1E-400); a string needs JSON quotes: '\"text\"'. Creates the "
                    + "journal if it does not exist. Opens the journal for writing with durability synced (the "
                    + "write is on disk when the command returns): fails with exit 3 while another store "
                    + "holds it.",
        })
final class PutCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file (created if missing)")
    Path journal;

    @Parameters(index = "1", paramLabel = "<key>", description = "the key (the full stored key without --tenant)")
    String key;

    @Parameters(index = "2", paramLabel = "<json>", description = "the value, as JSON: 42, true, null, '\"text\"', '{\"a\":1}'")
    String json;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "expire the key SECONDS after the write (0: at once)")
    Long ttl;

    @Option(names = "--tenant", paramLabel = "T", description = "write the key of tenant T")
    String tenant;

    @Option(names = "--action-id", paramLabel = "ID", description = "the transition's action id (default: ${DEFAULT-VALUE})")
    String actionId = "put";

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        String stored = Keys.stored(tenant, key);
        if (ttl != null && ttl < 0) {
            throw CliException.usage("--ttl must be >= 0 seconds, was " + ttl);
        }
        JsonNode value = JsonInput.readValue(json, "<json> '" + Text.escape(json.length() > 60 ? json.substring(0, 57) + "..." : json) + "'");
        Writers.checkForWrite(journal, "put");
        StateTransition t;
        try (JsonlStateStore store = Writers.open(journal, Writers.OPERATOR_WRITE)) {
            t = Writers.refusedAsUsage(() -> ttl == null ? store.set(stored, value, actionId)
                    : store.setWithTtl(stored, value, actionId, ttl));
        }
        Writers.printWrite(out(), output.format(), t);
        return ExitCodes.OK;
    }
}
