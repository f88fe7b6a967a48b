package dev.statestore.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns the live keys of a journal, one per line, sorted. Read-only. */
@Command(name = "keys",
        header = "List the live keys",
        description = {
            "Lists the live keys, sorted, one per line. Without --tenant: every stored key, tenants' "
                    + "keys as tenant:<t>:<key>; with --tenant: that tenant's keys without the prefix. -o text "
                    + "escapes control characters; -o json prints an array of strings, -o jsonl one JSON string "
                    + "per line, both exact. Read-only: takes no lock, repairs nothing.",
        })
final class KeysCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--tenant", paramLabel = "T", description = "list only the keys of tenant T")
    String tenant;

    @Option(names = "--prefix", paramLabel = "P", description = "list only keys starting with P (after the tenant prefix)")
    String prefix = "";

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        Keys.prefix(tenant);
        PrintWriter out = out();
        boolean text = output.format() == OutputFormat.Format.TEXT;
        try (Output json = text ? null : new Output(out, output.format())) {
            for (String k : Journals.state(journal, progress()).scoped(tenant).keySet()) {
                if (!k.startsWith(prefix)) {
                    continue;
                }
                if (text) {
                    out.println(Text.escape(k));
                } else {
                    json.item(Json.NODES.stringNode(k));
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
