package dev.statestore.cli;

import dev.statestore.jsonl.JsonlStateStore;
import dev.statestore.jsonl.ReplayReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Returns a journal without its expired keys, by the store's own {@code reapExpired}. */
@Command(name = "reap",
        header = "Delete the keys whose TTL has run out",
        description = {
            "Deletes every key whose TTL has run out at --now (timestamp + ttl <= now) with the store's "
                    + "reapExpired, which appends one delete line (action id reap_expired) per reaped key; "
                    + "lists the reaped keys and prints the bytes of the journal's files before and after. The "
                    + "earlier writes stay in the history. --dry-run lists what would be reaped without the lock and without writing. "
                    + "Exit 1 when the open had to cut off a torn last line (kept in a .torn- file). Opens the "
                    + "journal for writing: fails with exit 3 while another store holds it.",
        })
final class ReapCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "reap what has expired at this instant, e.g. 2026-01-02T03:04:05Z (default: now)")
    Instant now;

    @Option(names = "--strict", description = "refuse a journal with bad lines (exit 1, nothing changed)")
    boolean strict;

    @Option(names = "--dry-run", description = "list what would be reaped; change nothing, take no lock")
    boolean dryRun;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        Journals.existing(journal);
        Instant at = now != null ? now : Instant.now();
        if (!dryRun) {
            Writers.check(journal, "reap");
        }
        Journals.LiveState live = Journals.state(journal, progress());
        Writers.refuse(journal, live, strict, "reap");
        long bytesBefore = LayoutSizes.of(live.layout()).totalBytes();
        List<String> reaped;
        String torn = null;
        if (dryRun) {
            reaped = new ArrayList<>();
            live.entries().forEach((k, e) -> {
                if (e.expiresAt().map(x -> !x.isAfter(at)).orElse(false)) {
                    reaped.add(k);
                }
            });
        } else {
            try (JsonlStateStore store = Writers.open(journal, Map.of("recovery", strict ? "strict" : "lenient"))) {
                ReplayReport opened = store.replayReport();
                torn = Writers.tornNote(opened);
                reaped = progress().during("reap: deleting the keys expired at " + at, () -> store.reapExpired(at));
            }
        }
        long bytesAfter = LayoutSizes.of(Journals.layout(journal)).totalBytes();
        if (output.format() != OutputFormat.Format.TEXT) {
            ObjectNode o = Json.NODES.objectNode();
            o.put("journal", journal.toString());
            o.put("dry_run", dryRun);
            o.put("now", at.toString());
            ArrayNode keys = o.putArray("reaped");
            reaped.forEach(keys::add);
            o.put("bytes_before", bytesBefore);
            o.put("bytes_after", bytesAfter);
            new Output(out(), output.format()).document(o);
        } else {
            print(out(), at, reaped, torn, bytesBefore, bytesAfter);
        }
        return torn != null ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    private void print(PrintWriter out, Instant at, List<String> reaped, String torn, long bytesBefore, long bytesAfter) {
        if (torn != null) {
            out.println("note: " + torn);
        }
        String prefix = dryRun ? "dry run: would reap " : "reaped ";
        if (reaped.isEmpty()) {
            out.println((dryRun ? "dry run: " : "") + "nothing expired at " + at + ": no key reaped, " + journal
                    + " not written (" + Text.bytes(bytesAfter) + ")");
        } else {
            out.println(prefix + Text.plural(reaped.size(), "key", "keys") + " expired at " + at + ":");
            for (String key : reaped) {
                out.println("  " + Text.escape(key));
            }
            out.println(dryRun ? "nothing was changed"
                    : journal + ": " + Text.bytes(bytesBefore) + " -> " + Text.bytes(bytesAfter)
                            + " (one delete line appended per key)");
        }
        out.flush();
    }
}
