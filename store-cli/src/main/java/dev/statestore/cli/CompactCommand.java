package dev.statestore.cli;

import dev.statestore.jsonl.JsonlStateStore;
import dev.statestore.jsonl.ReplayReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns a journal rewritten as one line per live key, by the store's own compaction. */
@Command(name = "compact",
        header = "Rewrite a journal as one line per live key",
        description = {
            "Rewrites the journal as one line per live key (original timestamps and TTLs kept), "
                    + "atomically, by the store's own compaction; prints lines and bytes before and after. "
                    + "Opens the journal for writing: fails with exit 3 while another store holds it. Like any "
                    + "open, it skips bad lines (gone after the rewrite) unless --strict.",
        })
final class CompactCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--strict", description = "refuse a journal with bad lines (exit 1, nothing changed) instead of dropping them")
    boolean strict;

    @Override
    public Integer call() {
        Journals.existing(journal);
        Writers.check(journal, progress(), strict, "compact");
        long bytesBefore = Journals.size(journal);
        ReplayReport opened;
        try (JsonlStateStore store = Writers.open(journal, Map.of("recovery", strict ? "strict" : "lenient"))) {
            opened = store.replayReport();
            store.compact();
        }
        long bytesAfter = Journals.size(journal);
        long linesAfter = Journals.read(journal, Progress.on(err()), line -> { }).linesRead();
        PrintWriter out = out();
        Writers.reportRecovery(out, opened);
        out.println("compacted " + journal + ": " + Text.plural(opened.linesRead(), "line", "lines") + " -> "
                + Text.plural(linesAfter, "line", "lines") + ", " + Text.bytes(bytesBefore) + " -> "
                + Text.bytes(bytesAfter) + " (" + Text.percent(bytesAfter, bytesBefore) + " of before)");
        out.flush();
        return ExitCodes.OK;
    }
}
