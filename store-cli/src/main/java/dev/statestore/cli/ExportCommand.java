package dev.statestore.cli;

import dev.statestore.StateTransition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * Returns the state a journal replays to: as one JSON object of key to value, or, with
 * {@code -o jsonl}, as a backup that {@code import} restores exactly. Read-only.
 */
@Command(name = "export",
        header = "Print the state as JSON, or a backup with -o jsonl",
        description = {
            "Prints the current state, keys sorted. Without --tenant it holds every stored key (tenants' "
                    + "as tenant:<t>:<key>); with --tenant only that tenant's keys, unprefixed.",
            "",
            "-o json (default): one JSON object, key -> value; values only, no TTLs or revisions.",
            "-o jsonl: a backup. A first line {\"statestore_export\":1,...} names the journal, the time and "
                    + "the highest revision read; then one line per live key: key, value, revision, version, "
                    + "timestamp, action_id and, for a key with a TTL, ttl_secs and expires_at. 'import' "
                    + "restores it exactly: the same values, TTL deadlines, timestamps, action ids, revisions "
                    + "and versions.",
            "-o text: one line per key, key = value, with its TTL; control characters escaped.",
            "",
            "Read-only: takes no lock, repairs nothing, and works while a service writes the journal.",
        })
final class ExportCommand extends BaseCommand {

    /** The first field of a backup's header line; {@code import} recognizes a backup by it. */
    static final String HEADER = "statestore_export";

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--tenant", paramLabel = "T", description = "export only the keys of tenant T")
    String tenant;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", completionCandidates = OutputFormat.Names.class,
            description = "json (default: one object, key -> value), jsonl (a backup, one key per line) or text")
    OutputFormat.Format format = OutputFormat.Format.JSON;

    @Override
    public Integer call() {
        Keys.prefix(tenant);
        Journals.LiveState live = Journals.state(journal, progress());
        SortedMap<String, StateTransition> entries = live.scoped(tenant);
        PrintWriter out = out();
        switch (format) {
            case JSON: {
                ObjectNode state = Json.NODES.objectNode();
                for (Map.Entry<String, StateTransition> e : entries.entrySet()) {
                    state.set(e.getKey(), e.getValue().newValue().orElseThrow());
                }
                out.println(Json.pretty(state));
                break;
            }
            case JSONL: {
                ObjectNode header = Json.NODES.objectNode();
                header.put(HEADER, 1);
                header.put("journal", journal.toString());
                header.put("exported_at", Instant.now().toString());
                if (tenant != null) {
                    header.put("tenant", tenant);
                }
                header.put("keys", entries.size());
                header.put("revision", live.latestRevision());
                out.println(Json.compact(header));
                for (Map.Entry<String, StateTransition> e : entries.entrySet()) {
                    out.println(Json.compact(Json.entry(e.getKey(), e.getValue())));
                }
                break;
            }
            default:
                for (Map.Entry<String, StateTransition> e : entries.entrySet()) {
                    StateTransition latest = e.getValue();
                    out.println(Text.escape(e.getKey()) + " = " + Text.value(latest.newValue().orElseThrow(), Integer.MAX_VALUE)
                            + (latest.ttlSecs().isPresent() ? "  (ttl " + latest.ttlSecs().getAsLong() + "s, expires "
                                    + latest.expiresAt().orElseThrow() + ")" : ""));
                }
                break;
        }
        out.flush();
        return ExitCodes.OK;
    }
}
