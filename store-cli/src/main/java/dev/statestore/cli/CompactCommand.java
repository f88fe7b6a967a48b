package dev.statestore.cli;

import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JsonlStateStore;
import dev.statestore.jsonl.ReplayReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** Returns a journal with a checkpoint of its current state, taken by the store's own {@code compact()}. */
@Command(name = "compact",
        header = "Take a checkpoint of the state now",
        description = {
            "Opens the journal as a store and calls its compact(), which writes a checkpoint of the current "
                    + "state (one line per live key, original timestamps, TTLs, revisions and versions kept) and "
                    + "commits it with the manifest, so the next open reads that checkpoint and nothing before it. "
                    + "The history stays on disk in the sealed segments and the active file. Prints the journal's "
                    + "files and bytes before and after.",
            "",
            "Bad lines are left out of the checkpoint and stay where they are; the command says how many and "
                    + "exits 1 (verify lists them). --strict refuses a journal with bad lines instead (exit 1, "
                    + "nothing changed). --dry-run reads the journal and says what a checkpoint would hold, "
                    + "without the lock and without writing.",
            "",
            "Opens the journal for writing: fails with exit 3 while another store holds it.",
        })
final class CompactCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--strict", description = "refuse a journal with bad lines (exit 1, nothing changed)")
    boolean strict;

    @Option(names = "--dry-run", description = "say what a checkpoint would hold; change nothing, take no lock")
    boolean dryRun;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        Journals.existing(journal);
        if (!dryRun) {
            Writers.check(journal, "compact");
        }
        Journals.LiveState live = Journals.state(journal, progress());
        Writers.refuse(journal, live, strict, "compact");
        return dryRun ? dryRun(live) : compact(live);
    }

    private int dryRun(Journals.LiveState live) {
        LayoutSizes before = LayoutSizes.of(live.layout());
        long liveBytes = live.entries().entrySet().stream()
                .mapToLong(e -> Json.checkpointLineBytes(e.getKey(), e.getValue())).sum();
        long bad = live.bad().count();
        if (output.format() != OutputFormat.Format.TEXT) {
            ObjectNode o = report(true, before, null, live.entries().size(), live.latestRevision());
            o.put("checkpoint_bytes_about", liveBytes);
            o.put("bad_lines", bad);
            new Output(out(), output.format()).document(o);
        } else {
            PrintWriter out = out();
            out.println("dry run: compact would write a checkpoint of " + journal + " after rev "
                    + Text.count(live.latestRevision()) + ": " + Text.plural(live.entries().size(), "line", "lines")
                    + " (one per live key), about " + Text.bytes(liveBytes) + "; now " + before.describe() + ", "
                    + Text.bytes(before.totalBytes()) + "; the history stays; nothing was changed");
            if (bad > 0) {
                out.println("it would leave out " + Text.plural(bad, "bad line", "bad lines")
                        + ", which stay in their files (verify lists them)");
            }
            out.flush();
        }
        return bad > 0 ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    private int compact(Journals.LiveState live) {
        LayoutSizes before = LayoutSizes.of(live.layout());
        ReplayReport opened;
        int keys;
        try (JsonlStateStore store = Writers.open(journal, Map.of("recovery", strict ? "strict" : "lenient"))) {
            opened = store.replayReport();
            keys = store.keys().size();
            progress().during("compact: writing a checkpoint of " + journal.getFileName() + " ("
                    + Text.plural(keys, "live key", "live keys") + ")", () -> {
                        store.compact();
                        return null;
                    });
        }
        JournalLayout afterLayout = Journals.layout(journal);
        LayoutSizes after = LayoutSizes.of(afterLayout);
        long revision = afterLayout.checkpointRevision();
        String torn = Writers.tornNote(opened);
        long bad = opened.skippedCount();
        boolean problems = bad > 0 || torn != null;
        if (output.format() != OutputFormat.Format.TEXT) {
            ObjectNode o = report(false, before, after, keys, revision);
            o.put("bad_lines", bad);
            o.put("torn_bytes_cut", opened.tornBytes());
            new Output(out(), output.format()).document(o);
        } else {
            PrintWriter out = out();
            if (torn != null) {
                out.println("note: " + torn);
            }
            if (bad > 0) {
                out.println("note: " + Text.plural(bad, "bad line", "bad lines") + " left out of the checkpoint; they"
                        + " stay in their files (verify lists them)");
            }
            out.println("compacted " + journal + ": a checkpoint after rev " + Text.count(revision) + " holds "
                    + Text.plural(keys, "live key", "live keys") + "; " + before.describe() + ", "
                    + Text.bytes(before.totalBytes()) + " -> " + after.describe() + ", " + Text.bytes(after.totalBytes()));
            out.flush();
        }
        return problems ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    private ObjectNode report(boolean dry, LayoutSizes before, LayoutSizes after, long keys, long revision) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("journal", journal.toString());
        o.put("dry_run", dry);
        o.put("keys", keys);
        o.put("checkpoint_revision", revision);
        o.put("files_before", before.files());
        o.put("bytes_before", before.totalBytes());
        if (after != null) {
            o.put("files_after", after.files());
            o.put("bytes_after", after.totalBytes());
            ObjectNode detail = Json.NODES.objectNode();
            after.addTo(detail);
            o.set("after", detail.get("files"));
        }
        ObjectNode detail = Json.NODES.objectNode();
        before.addTo(detail);
        o.set("before", detail.get("files"));
        return o;
    }
}
