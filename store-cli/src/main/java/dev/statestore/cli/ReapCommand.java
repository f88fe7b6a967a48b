package dev.statestore.cli;

import dev.statestore.jsonl.JsonlStateStore;
import dev.statestore.jsonl.ReplayReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Returns a journal without its expired keys, by the store's own {@code reapExpired}. */
@Command(name = "reap",
        header = "Delete the keys whose TTL has run out",
        description = {
            "Drops every key whose TTL has run out at --now (timestamp + ttl <= now) with the store's "
                    + "reapExpired, which also compacts the journal; lists the reaped keys and prints bytes "
                    + "before and after. Nothing expired: the journal is left as it is. Opens the journal for "
                    + "writing: fails with exit 3 while another store holds it.",
        })
final class ReapCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "reap what has expired at this instant, e.g. 2026-01-02T03:04:05Z (default: now)")
    Instant now;

    @Option(names = "--strict", description = "refuse a journal with bad lines (exit 1, nothing changed) instead of dropping them")
    boolean strict;

    @Override
    public Integer call() {
        Journals.existing(journal);
        Writers.check(journal, progress(), strict, "reap");
        Instant at = now != null ? now : Instant.now();
        long bytesBefore = Journals.size(journal);
        ReplayReport opened;
        List<String> reaped;
        try (JsonlStateStore store = Writers.open(journal, Map.of("recovery", strict ? "strict" : "lenient"))) {
            opened = store.replayReport();
            reaped = store.reapExpired(at);
        }
        long bytesAfter = Journals.size(journal);
        PrintWriter out = out();
        Writers.reportRecovery(out, opened);
        if (reaped.isEmpty()) {
            out.println("nothing expired at " + at + ": no key reaped, " + journal + " not rewritten ("
                    + Text.bytes(bytesAfter) + ")");
        } else {
            out.println("reaped " + Text.plural(reaped.size(), "key", "keys") + " expired at " + at + ":");
            for (String key : reaped) {
                out.println("  " + Text.escape(key));
            }
            out.println(journal + ": " + Text.bytes(bytesBefore) + " -> " + Text.bytes(bytesAfter)
                    + " (compacted by the reap)");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
