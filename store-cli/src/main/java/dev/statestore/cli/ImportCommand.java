package dev.statestore.cli;

import dev.statestore.jsonl.JsonlStateStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Returns a journal with the keys of a JSON object file written into it, or restored from a backup. */
@Command(name = "import",
        header = "Write a JSON file's keys into a journal, or restore a backup",
        description = {
            "Reads <file> (- reads standard input) with the store's own rules and writes it into the "
                    + "journal, creating the journal if it does not exist.",
            "",
            "A JSON object of key -> value (as 'export' prints it by default): one set per key with action id "
                    + "'import' (--action-id), so each change is in the audit trail; keys absent from the file are "
                    + "kept, keys whose value is already equal are left alone. --replace: replaceAll, the state "
                    + "becomes exactly the file, without transitions, every TTL cleared: a checkpoint of it "
                    + "committed at once by the manifest, the history cut.",
            "",
            "A backup (as 'export -o jsonl' writes it): restores every key exactly as exported (value, TTL "
                    + "deadline, timestamp, action id, revision, version) at once, as the store's restore does: a "
                    + "checkpoint committed by the manifest. "
                    + "The journal must be new or hold no key, unless --replace (then its content is replaced "
                    + "as a whole). --tenant restores a backup's keys as that tenant's.",
            "",
            "--replace first copies the bad lines of every file of the journal into <journal>.bad-<UTC "
                    + "time> and exits 1 to say so. Opens the journal for writing: fails with exit 3 while another store "
                    + "holds it.",
        })
final class ImportCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file (created if missing)")
    Path journal;

    @Parameters(index = "1", paramLabel = "<file>", description = "a JSON object of key -> value, a backup, or - for standard input")
    Path file;

    @Option(names = "--tenant", paramLabel = "T", description = "write the keys as tenant T's keys")
    String tenant;

    @Option(names = "--replace", description = "replace the whole state instead of setting key by key")
    boolean replace;

    @Option(names = "--action-id", paramLabel = "ID", description = "the action id of the sets (default: ${DEFAULT-VALUE})")
    String actionId = "import";

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        if (replace && tenant != null) {
            throw CliException.usage("--replace replaces every tenant's keys and cannot be combined with --tenant");
        }
        Journals.absentOrRegular(journal);
        if (Files.exists(journal)) {
            Writers.check(journal, "import");
        }
        try (JsonInput.Values values = JsonInput.open(file, System.in)) {
            JsonNode doc = values.next();
            if (doc == null) {
                throw CliException.usage(values.name() + " is empty: it must hold one JSON object of key -> value,"
                        + " or a backup written by export -o jsonl");
            }
            if (doc.isObject() && doc.has(ExportCommand.HEADER)) {
                return restore(values, doc);
            }
            if (values.next() != null) {
                throw CliException.usage(values.name() + " holds more than one JSON value, and is no backup (a backup's"
                        + " first line is {\"" + ExportCommand.HEADER + "\":1,...})");
            }
            if (!doc.isObject()) {
                throw CliException.usage(values.name() + " must hold one JSON object of key -> value, not " + doc.getNodeType());
            }
            return importObject(doc);
        }
    }

    private int restore(JsonInput.Values values, JsonNode header) {
        String prefix = Keys.prefix(tenant != null ? tenant : header.path("tenant").isString() ? header.get("tenant").asString() : null);
        if (replace && !prefix.isEmpty()) {
            throw CliException.usage("a tenant's backup cannot --replace a whole journal: import it into a new journal");
        }
        BackupRestore.Result r = BackupRestore.restore(journal, values, header, prefix, replace);
        if (output.format() != OutputFormat.Format.TEXT) {
            ObjectNode o = report("restore", r.keys());
            o.put("replaced_keys", r.replacedKeys());
            o.put("revision", r.historyEnd());
            o.put("bad_lines_dropped", r.kept().lines());
            r.kept().file().ifPresent(f -> o.put("bad_lines_file", f.toString()));
            new Output(out(), output.format()).document(o);
        } else {
            PrintWriter out = out();
            r.kept().file().ifPresent(f -> out.println("note: " + Text.plural(r.kept().lines(), "bad line", "bad lines")
                    + " of the replaced journal kept byte for byte in " + f));
            out.println("restored " + Text.plural(r.keys(), "key", "keys") + " into " + journal + " from the backup "
                    + values.name() + (r.replacedKeys() > 0 ? ", replacing its " + Text.plural(r.replacedKeys(), "key", "keys") : "")
                    + " (values, TTL deadlines, timestamps, action ids, revisions up to " + r.historyEnd()
                    + " and versions as exported; written at once)");
            out.flush();
        }
        return r.kept().lines() > 0 ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    private int importObject(JsonNode doc) {
        String prefix = Keys.prefix(tenant);
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : doc.properties()) {
            values.put(prefix + e.getKey(), e.getValue());
        }
        ObjectNode o;
        String text;
        BadLineKeeper.Kept kept = new BadLineKeeper.Kept(0, Optional.empty());
        try (JsonlStateStore store = Writers.open(journal, Map.of("durability", "buffered"))) {
            if (replace) {
                int before = store.keys().size();
                kept = BadLineKeeper.keep(journal);
                store.replaceAll(values);
                o = report("replace", values.size());
                o.put("replaced_keys", before);
                text = "replaced the state of " + journal + ": " + Text.plural(before, "key", "keys")
                        + " -> " + Text.plural(values.size(), "key", "keys")
                        + " (replaceAll: no transitions recorded, TTLs cleared, the history cut)";
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
                o = report("set", values.size());
                o.put("set", set);
                o.put("unchanged", unchanged);
                text = "imported " + Text.plural(values.size(), "key", "keys") + " into " + journal
                        + ": " + Text.count(set) + " set (action id " + actionId + "), "
                        + Text.count(unchanged) + " already equal";
            }
        }
        BadLineKeeper.Kept dropped = kept;
        if (output.format() != OutputFormat.Format.TEXT) {
            o.put("bad_lines_dropped", dropped.lines());
            dropped.file().ifPresent(f -> o.put("bad_lines_file", f.toString()));
            new Output(out(), output.format()).document(o);
        } else {
            PrintWriter out = out();
            dropped.file().ifPresent(f -> out.println("note: " + Text.plural(dropped.lines(), "bad line", "bad lines")
                    + " of the replaced journal kept byte for byte in " + f));
            out.println(text);
            out.flush();
        }
        return dropped.lines() > 0 ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    private ObjectNode report(String mode, int keys) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("journal", journal.toString());
        o.put("file", file.toString());
        o.put("mode", mode);
        o.put("keys", keys);
        return o;
    }
}
