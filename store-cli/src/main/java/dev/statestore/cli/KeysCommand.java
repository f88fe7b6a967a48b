package dev.statestore.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns the live keys of a journal, one per line, sorted. Read-only. */
@Command(name = "keys",
        header = "List the live keys",
        description = {
            "Lists the live keys, sorted, one per line. Without --tenant: every stored key, tenants' "
                    + "keys as tenant:<t>:<key>; with --tenant: that tenant's keys without the prefix. "
                    + "Read-only: takes no lock, repairs nothing.",
        })
final class KeysCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--tenant", paramLabel = "T", description = "list only the keys of tenant T")
    String tenant;

    @Option(names = "--prefix", paramLabel = "P", description = "list only keys starting with P (after the tenant prefix)")
    String prefix = "";

    @Override
    public Integer call() {
        Keys.prefix(tenant);
        PrintWriter out = out();
        for (String k : Journals.replay(journal, progress()).scoped(tenant).keySet()) {
            if (k.startsWith(prefix)) {
                out.println(Text.escape(k));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
