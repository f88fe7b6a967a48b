package dev.statestore.cli;

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

/** Returns a journal rewritten as one line per live key, by the store's own compaction. */
@Command(name = "compact",
        header = "Rewrite a journal as one line per live key",
        description = {
            "Rewrites the journal as one line per live key (original timestamps, TTLs, revisions and "
                    + "versions kept), atomically, by the store's own compaction; prints lines and bytes before "
                    + "and after. The history before the compaction is dropped from the file.",
            "",
            "Bad lines are not kept by the rewrite: they are first copied, byte for byte, into a side file "
                    + "<journal>.bad-<UTC time>, and the command exits 1 to say so. --strict refuses a journal "
                    + "with bad lines instead (exit 1, nothing changed). --dry-run reads the journal and says what "
                    + "a compaction would do, without the lock and without writing.",
            "",
            "Opens the journal for writing: fails with exit 3 while another store holds it.",
        })
final class CompactCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--strict", description = "refuse a journal with bad lines (exit 1, nothing changed) instead of dropping them")
    boolean strict;

    @Option(names = "--dry-run", description = "say what a compaction would do; change nothing, take no lock")
    boolean dryRun;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        Journals.existing(journal);
        Journals.LiveState live = Journals.replay(journal, progress());
        Writers.refuse(journal, live.report(), strict, "compact");
        return dryRun ? dryRun(live) : compact();
    }

    private int dryRun(Journals.LiveState live) {
        Journals.Scan r = live.report();
        long liveBytes = live.entries().values().stream().mapToLong(e -> e.lineBytes() + 1L).sum();
        long bad = r.bad().count();
        ObjectNode o = report(true, r.linesRead(), live.entries().size(), r.fileBytes(), liveBytes);
        o.put("bad_lines_dropped", bad);
        if (output.format() != OutputFormat.Format.TEXT) {
            new Output(out(), output.format()).document(o);
        } else {
            PrintWriter out = out();
            out.println("dry run: compact would rewrite " + journal + ": " + Text.plural(r.linesRead(), "line", "lines")
                    + " -> " + Text.plural(live.entries().size(), "line", "lines") + " (one per live key), "
                    + Text.bytes(r.fileBytes()) + " -> about " + Text.bytes(liveBytes) + "; nothing was changed");
            if (bad > 0) {
                out.println("it would drop " + Text.plural(bad, "bad line", "bad lines")
                        + ", keeping them in a side file <journal>.bad-<UTC time>");
            }
            out.flush();
        }
        return bad > 0 ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    private int compact() {
        long bytesBefore = Journals.size(journal);
        ReplayReport opened;
        BadLineKeeper.Kept kept;
        try (JsonlStateStore store = Writers.open(journal, Map.of("recovery", strict ? "strict" : "lenient"))) {
            opened = store.replayReport();
            kept = BadLineKeeper.keep(journal);
            try (Progress.Ticking t = progress().ticking("compact: rewriting " + journal.getFileName() + " as "
                    + Text.plural(store.keys().size(), "live key", "live keys"))) {
                store.compact();
            }
        }
        long bytesAfter = Journals.size(journal);
        long linesAfter = Journals.read(journal, progress(), line -> { }).linesRead();
        String torn = Writers.tornNote(opened);
        boolean problems = kept.lines() > 0 || torn != null;
        if (output.format() != OutputFormat.Format.TEXT) {
            ObjectNode o = report(false, opened.linesRead(), linesAfter, bytesBefore, bytesAfter);
            o.put("bad_lines_dropped", kept.lines());
            kept.file().ifPresent(f -> o.put("bad_lines_file", f.toString()));
            o.put("torn_bytes_cut", opened.tornBytes());
            new Output(out(), output.format()).document(o);
        } else {
            PrintWriter out = out();
            if (torn != null) {
                out.println("note: " + torn);
            }
            kept.file().ifPresent(f -> out.println("note: " + Text.plural(kept.lines(), "bad line", "bad lines")
                    + " dropped from the journal by the rewrite; kept byte for byte in " + f));
            out.println("compacted " + journal + ": " + Text.plural(opened.linesRead(), "line", "lines") + " -> "
                    + Text.plural(linesAfter, "line", "lines") + ", " + Text.bytes(bytesBefore) + " -> "
                    + Text.bytes(bytesAfter) + " (" + Text.percent(bytesAfter, bytesBefore) + " of before)");
            out.flush();
        }
        return problems ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    private ObjectNode report(boolean dry, long linesBefore, long linesAfter, long bytesBefore, long bytesAfter) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("journal", journal.toString());
        o.put("dry_run", dry);
        o.put("lines_before", linesBefore);
        o.put("lines_after", linesAfter);
        o.put("bytes_before", bytesBefore);
        o.put(dry ? "bytes_after_about" : "bytes_after", bytesAfter);
        return o;
    }
}
