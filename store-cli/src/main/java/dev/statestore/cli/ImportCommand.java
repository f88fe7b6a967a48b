package dev.statestore.cli;

import dev.statestore.jsonl.JsonlStateStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** Returns a journal with the keys of a JSON object file written into it. */
@Command(name = "import",
        header = "Write the keys of a JSON file into a journal",
        description = {
            "Writes the keys of a JSON object file (as 'export' prints it; - reads standard input) "
                    + "into a journal, creating the journal if it does not exist. Default: one set per key with "
                    + "action id 'import' (--action-id), so each change is in the audit trail; keys absent from "
                    + "the file are kept, keys whose value is already equal are left alone. --replace: "
                    + "replaceAll, the state becomes exactly the file, without transitions, every TTL cleared, "
                    + "the journal rewritten atomically. Opens the journal for writing: fails with exit 3 while "
                    + "another store holds it.",
        })
final class ImportCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file (created if missing)")
    Path journal;

    @Parameters(index = "1", paramLabel = "<file>", description = "a JSON object of key -> value, or - for standard input")
    Path file;

    @Option(names = "--tenant", paramLabel = "T", description = "write the keys as tenant T's keys")
    String tenant;

    @Option(names = "--replace", description = "replace the whole state (replaceAll) instead of setting key by key")
    boolean replace;

    @Option(names = "--action-id", paramLabel = "ID", description = "the action id of the sets (default: ${DEFAULT-VALUE})")
    String actionId = "import";

    @Override
    public Integer call() {
        if (replace && tenant != null) {
            throw CliException.usage("--replace replaces every tenant's keys and cannot be combined with --tenant");
        }
        Journals.absentOrRegular(journal);
        if (Files.exists(journal)) {
            Writers.check(journal, progress(), false, "import");
        }
        String prefix = Keys.prefix(tenant);
        JsonNode doc = JsonInput.readDocument(file, System.in);
        if (doc.isMissingNode()) {
            throw CliException.usage(file + " is empty: it must hold one JSON object of key -> value");
        }
        if (!doc.isObject()) {
            throw CliException.usage(file + " must hold one JSON object of key -> value, not " + doc.getNodeType());
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : doc.properties()) {
            values.put(prefix + e.getKey(), e.getValue());
        }
        PrintWriter out = out();
        try (JsonlStateStore store = Writers.open(journal, Map.of("durability", "buffered"))) {
            if (replace) {
                int before = store.keys().size();
                store.replaceAll(values);
                out.println("replaced the state of " + journal + ": " + Text.plural(before, "key", "keys")
                        + " -> " + Text.plural(values.size(), "key", "keys")
                        + " (replaceAll: no transitions recorded, TTLs cleared, journal rewritten)");
            } else {
                int set = 0;
                int unchanged = 0;
                for (Map.Entry<String, JsonNode> e : values.entrySet()) {
                    Optional<JsonNode> current = store.get(e.getKey());
                    if (current.isPresent() && current.get().equals(e.getValue())) {
                        unchanged++;
                        continue;
                    }
                    try {
                        store.set(e.getKey(), e.getValue(), actionId);
                    } catch (IllegalArgumentException ex) {
                        store.sync();
                        throw CliException.usage("key '" + Text.escape(e.getKey()) + "' refused after " + set
                                + " keys were imported: " + ex.getMessage());
                    }
                    set++;
                }
                store.sync();
                out.println("imported " + Text.plural(values.size(), "key", "keys") + " into " + journal
                        + ": " + Text.count(set) + " set (action id " + actionId + "), "
                        + Text.count(unchanged) + " already equal");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
