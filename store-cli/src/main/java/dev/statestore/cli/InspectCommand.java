package dev.statestore.cli;

import dev.statestore.jsonl.ReplayReport;
import dev.statestore.jsonl.SkippedLine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Returns a summary of a journal: its lines, the skipped ones, a torn tail, keys, tenants,
 * TTLs, and how much of the file is live data. Read-only.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {
            "Summarizes a journal: lines (valid, skipped with their numbers), torn bytes at the end, "
                    + "keys, tenants, keys with a TTL and the next expiry, file size and the live-data ratio.",
            "",
            "Live data is the bytes of the lines that hold each live key's latest write; the ratio is "
                    + "live data / file size. A compaction writes about that much (a little less: it drops old "
                    + "values), so 1 - ratio is roughly what compact or reap would reclaim. Read-only: takes no "
                    + "lock, repairs nothing.",
        })
final class InspectCommand extends BaseCommand {

    /** How many skipped lines are listed before the rest are only counted. */
    static final int SKIPPED_SHOWN = 20;

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "judge expiry at this instant, e.g. 2026-01-02T03:04:05Z (default: now)")
    Instant now;

    @Override
    public Integer call() {
        Journals.LiveState state = Journals.replay(journal, progress());
        ReplayReport r = state.report();
        Instant at = now != null ? now : Instant.now();
        PrintWriter out = out();

        row(out, "journal", journal.toString());
        row(out, "file size", Text.bytes(r.fileBytes()));
        row(out, "lines", Text.count(r.linesRead()) + " (valid " + Text.count(r.applied())
                + ", skipped " + Text.count(r.skippedCount()) + ")");
        for (int i = 0; i < r.skipped().size() && i < SKIPPED_SHOWN; i++) {
            SkippedLine s = r.skipped().get(i);
            row(out, i == 0 ? "skipped" : "", "line " + s.lineNumber() + ": " + s.reason());
        }
        if (r.skippedCount() > SKIPPED_SHOWN) {
            row(out, "", "... and " + Text.count(r.skippedCount() - SKIPPED_SHOWN)
                    + " more (verify lists them all)");
        }
        row(out, "torn bytes", r.tornBytes() == 0 ? "0"
                : Text.bytes(r.tornBytes()) + " after the last complete line (an unfinished write; "
                        + "the next store to open the journal cuts it off)");

        Map<String, Integer> tenants = new TreeMap<>();
        int unscoped = 0;
        int withTtl = 0;
        int expired = 0;
        Instant next = null;
        String nextKey = null;
        long liveBytes = 0;
        for (Map.Entry<String, Journals.Entry> e : state.entries().entrySet()) {
            Optional<String> tenant = Keys.tenantOf(e.getKey());
            if (tenant.isPresent()) {
                tenants.merge(tenant.get(), 1, Integer::sum);
            } else {
                unscoped++;
            }
            liveBytes += e.getValue().lineBytes() + 1L;
            Optional<Instant> expiry = e.getValue().latest().expiresAt();
            if (expiry.isPresent()) {
                withTtl++;
                if (!expiry.get().isAfter(at)) {
                    expired++;
                } else if (next == null || expiry.get().isBefore(next)) {
                    next = expiry.get();
                    nextKey = e.getKey();
                }
            }
        }
        row(out, "keys", Text.count(state.entries().size()) + " (unscoped " + Text.count(unscoped) + ")");
        StringBuilder t = new StringBuilder(Text.count(tenants.size()));
        String sep = ": ";
        for (Map.Entry<String, Integer> e : tenants.entrySet()) {
            t.append(sep).append(e.getKey()).append(" (").append(Text.count(e.getValue())).append(')');
            sep = ", ";
        }
        row(out, "tenants", t.toString());
        String ttl = Text.count(withTtl);
        if (withTtl > 0) {
            ttl += " (" + (expired == 0 ? "none" : Text.count(expired)) + " expired at " + at
                    + (expired == 0 ? "" : ", reapable now") + "); next expiry "
                    + (next == null ? "none" : next + " (" + nextKey + ")");
        }
        row(out, "TTL'd keys", ttl);
        row(out, "live data", Text.bytes(liveBytes) + " of " + Text.bytes(r.fileBytes()) + ", ratio "
                + (r.fileBytes() == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.3f",
                        (double) liveBytes / r.fileBytes())) + " (" + Text.percent(liveBytes, r.fileBytes()) + ")");
        out.flush();
        return ExitCodes.OK;
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-12s %s%n", label, value);
    }
}
