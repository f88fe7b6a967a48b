package dev.statestore.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** Returns the state a journal replays to as one JSON object on standard output. Read-only. */
@Command(name = "export",
        header = "Print the state as JSON",
        description = {
            "Prints the current state as one JSON object, key -> value, keys sorted. Without --tenant "
                    + "it holds every stored key (tenants' as tenant:<t>:<key>); with --tenant only that "
                    + "tenant's keys, unprefixed. TTLs and history are not exported. 'import' reads it back. "
                    + "Read-only: takes no lock, repairs nothing.",
        })
final class ExportCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--tenant", paramLabel = "T", description = "export only the keys of tenant T")
    String tenant;

    @Option(names = "--compact", description = "print the object on one line instead of indented")
    boolean compact;

    @Override
    public Integer call() {
        Keys.prefix(tenant);
        ObjectNode state = Json.NODES.objectNode();
        for (Map.Entry<String, Journals.Entry> e : Journals.replay(journal, progress()).scoped(tenant).entrySet()) {
            state.set(e.getKey(), e.getValue().latest().newValue().orElseThrow());
        }
        out().println(compact ? Json.compact(state) : Json.pretty(state));
        out().flush();
        return ExitCodes.OK;
    }
}
