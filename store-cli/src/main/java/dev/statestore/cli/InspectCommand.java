package dev.statestore.cli;

import dev.statestore.StateTransition;
import dev.statestore.jsonl.JournalLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Returns a summary of a journal: its files, revisions, bad lines, a torn tail, keys, tenants,
 * TTLs, and how much of the files the live state is. Read-only.
 */
@Command(name = "inspect",
        header = "Summarize a journal: files, revisions, keys, TTLs",
        description = {
            "Summarizes a journal: its files (the manifest, the checkpoint and the revision it folds in, the "
                    + "sealed segments, the active file, with their sizes and lines), the revisions the history on disk "
                    + "holds, the bad lines met reading the state (with file and line), torn bytes at the end of "
                    + "the active file, keys, tenants, keys with a TTL and the next expiry, and the live-data "
                    + "ratio. The state is read from the newest checkpoint and the history after it, as a store "
                    + "opening the journal reads it.",
            "",
            "Live data is about what a checkpoint of the live keys takes (one line per key); the ratio is "
                    + "live data / the size of all files. -o json / jsonl: the same figures as one object. "
                    + "Read-only: takes no lock, repairs nothing.",
        })
final class InspectCommand extends BaseCommand {

    /** How many bad lines are listed before the rest are only counted. */
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
        Journals.LiveState state = Journals.state(journal, progress());
        LayoutSizes sizes = LayoutSizes.of(state.layout());
        long oldest = JournalFigures.oldestRevision(state.layout(), state.latestRevision());
        long torn = JournalFigures.tornBytes(journal);
        long lines = 0;
        for (Path file : state.layout().files()) {
            lines += JournalFigures.countLines(file);
        }
        Instant at = now != null ? now : Instant.now();
        Summary sum = new Summary(state, at);
        if (output.format() == OutputFormat.Format.TEXT) {
            printText(out(), state, sizes, oldest, torn, lines, sum, at);
        } else {
            new Output(out(), output.format()).document(json(state, sizes, oldest, torn, lines, sum, at));
        }
        return ExitCodes.OK;
    }

    /** The figures of the live keys: tenants, TTLs, the next expiry and the bytes a checkpoint of them takes. */
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
            for (Map.Entry<String, StateTransition> e : state.entries().entrySet()) {
                keys++;
                Optional<String> tenant = Keys.tenantOf(e.getKey());
                if (tenant.isPresent()) {
                    tenants.merge(tenant.get(), 1, Integer::sum);
                } else {
                    unscoped++;
                }
                liveBytes += Json.checkpointLineBytes(e.getKey(), e.getValue());
                Optional<Instant> expiry = e.getValue().expiresAt();
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

    private void printText(PrintWriter out, Journals.LiveState state, LayoutSizes sizes, long oldest, long torn,
            long lines, Summary sum, Instant at) {
        BadLines bad = state.bad();
        row(out, "journal", journal.toString());
        row(out, "files", sizes.describe());
        row(out, "file size", Text.bytes(sizes.totalBytes()) + (sizes.checkpointed() ? " (manifest "
                + Text.count(Math.max(0, sizes.manifestBytes())) + ", checkpoint " + Text.count(sizes.checkpointBytes())
                + ", segments " + Text.count(sizes.segmentBytes()) + ", active file " + Text.count(sizes.activeBytes())
                + ")" : ""));
        row(out, "lines", Text.count(lines) + " (complete lines of every file)");
        row(out, "revisions", state.latestRevision() == 0 ? "none"
                : oldest > state.latestRevision() ? "latest " + Text.count(state.latestRevision())
                        + " (no history kept on disk after the checkpoint)"
                : Text.count(oldest) + " to " + Text.count(state.latestRevision()) + " (the history on disk)");
        row(out, "bad lines", bad.count() == 0 ? "0" : Text.count(bad.count())
                + " (skipped: the state holds the rest)");
        for (int i = 0; i < bad.first().size() && i < SKIPPED_SHOWN; i++) {
            row(out, i == 0 ? "skipped" : "", BadLines.describe(bad.first().get(i)));
        }
        if (bad.count() > SKIPPED_SHOWN) {
            row(out, "", "... and " + Text.count(bad.count() - SKIPPED_SHOWN)
                    + " more (verify lists them)");
        }
        row(out, "torn bytes", torn == 0 ? "0"
                : Text.bytes(torn) + " after the last complete line (an unfinished write; "
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
        long total = sizes.totalBytes();
        row(out, "live data", "about " + Text.bytes(sum.liveBytes) + " of " + Text.bytes(total) + ", ratio "
                + (total == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) sum.liveBytes / total))
                + " (" + Text.percent(sum.liveBytes, total) + ")");
        out.flush();
    }

    private ObjectNode json(Journals.LiveState state, LayoutSizes sizes, long oldest, long torn, long lines,
            Summary sum, Instant at) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("journal", journal.toString());
        o.put("file_bytes", sizes.totalBytes());
        sizes.addTo(o);
        o.put("lines", lines);
        o.put("skipped", state.bad().count());
        ArrayNode first = o.putArray("first_skipped");
        for (JournalLayout.Problem p : state.bad().first()) {
            if (first.size() == SKIPPED_SHOWN) {
                break;
            }
            first.addObject().put("file", p.file().toString()).put("line", p.lineNumber()).put("reason", p.reason());
        }
        o.put("torn_bytes", torn);
        o.put("revision", state.latestRevision());
        o.put("oldest_revision", oldest);
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
