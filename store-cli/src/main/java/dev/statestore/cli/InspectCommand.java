package dev.statestore.cli;

import dev.statestore.jsonl.SkippedLine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Returns a summary of a journal: its lines, the skipped ones, a torn tail, keys, tenants,
 * TTLs, and how much of the file is live data. Read-only.
 */
@Command(name = "inspect",
        header = "Summarize a journal: lines, keys, tenants, TTLs, live data",
        description = {
            "Summarizes a journal: lines (valid, skipped with their numbers), torn bytes at the end, "
                    + "keys, tenants, keys with a TTL and the next expiry, file size and the live-data ratio.",
            "",
            "Live data is the bytes of the lines that hold each live key's latest write; the ratio is "
                    + "live data / file size. A compaction writes about that much (a little less: it drops old "
                    + "values), so 1 - ratio is roughly what compact would reclaim. -o json / jsonl: the same figures "
                    + "as one object. Read-only: takes no lock, repairs nothing.",
        })
final class InspectCommand extends BaseCommand {

    /** How many skipped lines are listed before the rest are only counted. */
    static final int SKIPPED_SHOWN = 20;

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "judge expiry at this instant, e.g. 2026-01-02T03:04:05Z (default: now)")
    Instant now;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() {
        Journals.LiveState state = Journals.replay(journal, progress());
        Instant at = now != null ? now : Instant.now();
        Summary sum = new Summary(state, at);
        if (output.format() == OutputFormat.Format.TEXT) {
            printText(out(), state.report(), sum, at);
        } else {
            new Output(out(), output.format()).document(json(state, sum, at));
        }
        return ExitCodes.OK;
    }

    /** The figures of the live keys: tenants, TTLs, the next expiry and the bytes of their lines. */
    private static final class Summary {
        final Map<String, Integer> tenants = new TreeMap<>();
        int keys;
        int unscoped;
        int withTtl;
        int expired;
        Instant next;
        String nextKey;
        long liveBytes;

        Summary(Journals.LiveState state, Instant at) {
            for (Map.Entry<String, Journals.Entry> e : state.entries().entrySet()) {
                keys++;
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
        }
    }

    private void printText(PrintWriter out, Journals.Scan r, Summary sum, Instant at) {
        BadLines bad = r.bad();
        row(out, "journal", journal.toString());
        row(out, "file size", Text.bytes(r.fileBytes()));
        row(out, "lines", Text.count(r.linesRead()) + " (valid " + Text.count(r.applied())
                + ", skipped " + Text.count(bad.count()) + ")");
        for (int i = 0; i < bad.first().size() && i < SKIPPED_SHOWN; i++) {
            SkippedLine s = bad.first().get(i);
            row(out, i == 0 ? "skipped" : "", "line " + s.lineNumber() + ": " + Text.oneLine(s.reason()));
        }
        if (bad.count() > SKIPPED_SHOWN) {
            row(out, "", "... and " + Text.count(bad.count() - SKIPPED_SHOWN)
                    + " more (verify lists the first " + BadLines.KEPT + ")");
        }
        row(out, "torn bytes", r.tornBytes() == 0 ? "0"
                : Text.bytes(r.tornBytes()) + " after the last complete line (an unfinished write; "
                        + "the next store to open the journal cuts it off)");
        row(out, "keys", Text.count(sum.keys) + " (unscoped " + Text.count(sum.unscoped) + ")");
        StringBuilder t = new StringBuilder(Text.count(sum.tenants.size()));
        String sep = ": ";
        for (Map.Entry<String, Integer> e : sum.tenants.entrySet()) {
            t.append(sep).append(Text.escape(e.getKey())).append(" (").append(Text.count(e.getValue())).append(')');
            sep = ", ";
        }
        row(out, "tenants", t.toString());
        String ttl = Text.count(sum.withTtl);
        if (sum.withTtl > 0) {
            ttl += " (" + (sum.expired == 0 ? "none" : Text.count(sum.expired)) + " expired at " + at
                    + (sum.expired == 0 ? "" : ", reapable now") + "); next expiry "
                    + (sum.next == null ? "none" : sum.next + " (" + Text.escape(sum.nextKey) + ")");
        }
        row(out, "TTL'd keys", ttl);
        row(out, "live data", Text.bytes(sum.liveBytes) + " of " + Text.bytes(r.fileBytes()) + ", ratio "
                + (r.fileBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.3f",
                        (double) sum.liveBytes / r.fileBytes())) + " (" + Text.percent(sum.liveBytes, r.fileBytes()) + ")");
        out.flush();
    }

    private ObjectNode json(Journals.LiveState state, Summary sum, Instant at) {
        Journals.Scan r = state.report();
        ObjectNode o = Json.NODES.objectNode();
        o.put("journal", journal.toString());
        o.put("file_bytes", r.fileBytes());
        o.put("lines", r.linesRead());
        o.put("valid", r.applied());
        o.put("skipped", r.bad().count());
        ArrayNode first = o.putArray("first_skipped");
        r.bad().first().stream().limit(SKIPPED_SHOWN).forEach(s -> first.addObject()
                .put("line", s.lineNumber()).put("reason", s.reason()));
        o.put("torn_bytes", r.tornBytes());
        o.put("revision", state.maxRevision());
        o.put("keys", sum.keys);
        o.put("unscoped", sum.unscoped);
        ObjectNode tenants = o.putObject("tenants");
        sum.tenants.forEach(tenants::put);
        o.put("ttl_keys", sum.withTtl);
        o.put("expired", sum.expired);
        o.put("judged_at", at.toString());
        if (sum.next != null) {
            o.putObject("next_expiry").put("at", sum.next.toString()).put("key", sum.nextKey);
        }
        o.put("live_bytes", sum.liveBytes);
        return o;
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-12s %s%n", label, value);
    }
}
