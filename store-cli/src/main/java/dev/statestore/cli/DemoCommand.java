package dev.statestore.cli;

import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.JsonlStateStore;
import dev.statestore.jsonl.ReplayReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Returns a tour of a durable store: opens the demo journal by URL, runs {@link DemoWorkload}
 * with a reap half-way (so the journal it leaves shows a compaction and the writes after it),
 * closes, reopens and checks that the reopened state equals the state before close.
 * Each run continues from the journal the last one left.
 */
@Command(name = "demo",
        header = "Run a tour of a durable store on ./statestore-data/demo.jsonl",
        description = {
            "Opens statestore:jsonl:./statestore-data/demo.jsonl, runs a small agent-like workload (3 "
                    + "tenants x 3 agents: status overwrites, tool results with TTLs, counters, scratch keys "
                    + "written and deleted, sessions), reaps the expired keys half-way through (the reap "
                    + "compacts the journal; the later rounds are appended to it), closes, reopens and checks "
                    + "that the state and TTLs read back equal those before close. Prints what happened and the "
                    + "throughput it saw. Running it again continues from the existing journal. Exit 1 if the "
                    + "reopened state differs.",
        })
final class DemoCommand extends BaseCommand {

    static final String RUNS_KEY = "demo:runs";
    static final String SAMPLE_TENANT = "acme";
    static final String SAMPLE_KEY = "agent:planner:status";

    @Option(names = "--journal", paramLabel = "PATH",
            description = "the journal to use (default: ${DEFAULT-VALUE}); its directory is created")
    Path journal = Path.of("./statestore-data/demo.jsonl");

    @Option(names = "--rounds", paramLabel = "N", description = "rounds of the workload (default: ${DEFAULT-VALUE})")
    int rounds = 150;

    @Override
    public Integer call() {
        if (rounds < 1) {
            throw CliException.usage("--rounds must be >= 1, was " + rounds);
        }
        createParent();
        Journals.absentOrRegular(journal);
        if (Files.exists(journal)) {
            Writers.check(journal, "demo");
        }
        boolean existed = Files.exists(journal);
        String url = "statestore:jsonl:" + journal.toString().replace("%", "%25").replace("?", "%3F");
        PrintWriter out = out();
        out.println("statestore demo: " + url);

        Map<String, String> expected;
        int firstHalf = (rounds + 1) / 2;
        try (StateStore store = StateStores.open(url)) {
            int run = store.get(RUNS_KEY).map(JsonNode::asInt).orElse(0) + 1;
            if (existed) {
                out.println("continuing from the existing journal (" + Text.bytes(JournalFigures.totalBytes(journal)) + "): "
                        + opened(store) + Text.plural(store.keys().size(), "key", "keys") + " replayed; this is run "
                        + run);
            } else {
                out.println("new journal; this is run 1 (run the demo again and it continues from this journal)");
            }
            long logStart = store.transitionCount();
            DemoWorkload work = new DemoWorkload(run);
            List<String> reaped;
            Instant reapedAt;
            long before;
            long after;
            try (Progress progress = progress()) {
                work.run(store, 0, firstHalf, rounds, progress);
                reapedAt = Instant.now();
                before = JournalFigures.totalBytes(journal);
                reaped = store.reapExpired(reapedAt);
                after = JournalFigures.totalBytes(journal);
                work.run(store, firstHalf, rounds, rounds, progress);
            }
            ObjectNode last = Json.NODES.objectNode();
            last.put("run", run);
            last.put("writes", work.operations());
            store.set("demo:last_run", last, "demo");
            store.set(RUNS_KEY, Json.NODES.numberNode(run), "demo");

            out.println();
            printWorkload(out, work, rounds);
            printReap(out, reaped, reapedAt, firstHalf, rounds, before, after);
            printTransitions(out, store.transitionsSince(logStart));
            printState(out, store);
            expected = stateAndTtls(store);
        }

        long start = System.nanoTime();
        Map<String, String> actual;
        int lines;
        long sampleWrites;
        try (StateStore reopened = StateStores.open(url)) {
            List<StateTransition> log = reopened.transitions();
            lines = log.size();
            actual = stateAndTtls(reopened);
            String sample = Keys.stored(SAMPLE_TENANT, SAMPLE_KEY);
            sampleWrites = log.stream().filter(t -> t.key().equals(sample)).count();
        }
        double millis = (System.nanoTime() - start) / 1e6;
        boolean same = expected.equals(actual);
        out.println();
        out.printf(Locale.ROOT, "closed and reopened: %s replayed from %s in %.1f ms%n",
                Text.plural(actual.size(), "key", "keys"), Text.plural(lines, "line", "lines"), millis);
        out.println("reopen check: state and TTLs " + (same ? "match" : "DIFFER FROM") + " what the store held before close"
                + (same ? " (" + Text.plural(expected.size(), "key", "keys") + " compared)" : ""));
        if (!same) {
            printDifferences(out, expected, actual);
        }
        out.println();
        String j = journal.toString();
        out.println("look inside: ./statestore inspect " + j + "   (the TTL 0 results written after the reap are reapable)");
        out.println("             ./statestore history " + j + " " + SAMPLE_KEY + " --tenant " + SAMPLE_TENANT
                + "   (its audit trail: " + Text.plural(sampleWrites, "write", "writes") + ")");
        out.println("             ./statestore reap " + j);
        out.flush();
        return same ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    private void createParent() {
        Path parent = journal.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw CliException.io("cannot create the directory " + parent + ": " + e, e);
        }
    }

    private static String opened(StateStore store) {
        if (!(store instanceof JsonlStateStore)) {
            return "";
        }
        ReplayReport r = ((JsonlStateStore) store).replayReport();
        String skipped = r.skippedCount() == 0 ? "" : ", " + Text.count(r.skippedCount()) + " skipped";
        return Text.plural(r.linesRead(), "line", "lines") + skipped + ", ";
    }

    private static void printWorkload(PrintWriter out, DemoWorkload w, int rounds) {
        double secs = w.nanos / 1e9;
        out.printf(Locale.ROOT, "workload: %d tenants x %d agents, %s: %s in %.2f s = %s writes/s"
                        + " (durability flushed: each write reaches the OS before it returns;"
                        + " a cold JVM: ./statestore bench measures longer)%n",
                DemoWorkload.TENANTS.size(), DemoWorkload.AGENTS.size(), Text.plural(rounds, "round", "rounds"),
                Text.plural(w.operations(), "write", "writes"), secs,
                Text.count(Math.round(w.operations() / Math.max(secs, 1e-9))));
        out.println("  new keys " + Text.count(w.sets) + ", overwrites " + Text.count(w.updates)
                + ", with a TTL " + Text.count(w.ttlSets) + " (every third tool result with TTL 0), deletes "
                + Text.count(w.deletes));
    }

    private static void printReap(PrintWriter out, List<String> reaped, Instant at, int afterRound, int rounds,
            long before, long after) {
        out.println("reap after round " + afterRound + " of " + rounds + ", at " + at + ": "
                + Text.plural(reaped.size(), "key", "keys") + " whose TTL had run out" + (reaped.isEmpty() ? "" : ":"));
        int shown = Math.min(reaped.size(), 5);
        for (int i = 0; i < shown; i++) {
            out.println("  " + Text.escape(reaped.get(i)));
        }
        if (reaped.size() > shown) {
            out.println("  ... and " + Text.count(reaped.size() - shown) + " more");
        }
        out.println("  journal: " + Text.bytes(before) + " -> " + Text.bytes(after)
                + (reaped.isEmpty() ? " (nothing reaped, nothing written)"
                        : " (one delete line appended per reaped key; the writes before stay in the history)"));
    }

    private static void printTransitions(PrintWriter out, List<StateTransition> mine) {
        long sets = mine.stream().filter(t -> Text.kind(t).equals("set")).count();
        long updates = mine.stream().filter(t -> Text.kind(t).equals("update")).count();
        long deletes = mine.stream().filter(StateTransition::isDelete).count();
        out.println("transitions recorded this run: " + Text.count(mine.size()) + " (set " + Text.count(sets)
                + ", update " + Text.count(updates) + ", delete " + Text.count(deletes) + ")");
        String sample = Keys.stored(SAMPLE_TENANT, SAMPLE_KEY);
        List<StateTransition> trail = mine.stream().filter(t -> t.key().equals(sample)).toList();
        int from = Math.max(0, trail.size() - 3);
        out.println("audit trail of " + sample + " (last " + (trail.size() - from) + " of "
                + trail.size() + " this run):");
        for (StateTransition t : trail.subList(from, trail.size())) {
            out.println("  " + Text.transition("", t, false).trim());
        }
    }

    private static void printState(PrintWriter out, StateStore store) {
        Map<String, Integer> perTenant = new TreeMap<>();
        int unscoped = 0;
        for (String key : store.keys()) {
            Optional<String> tenant = Keys.tenantOf(key);
            if (tenant.isPresent()) {
                perTenant.merge(tenant.get(), 1, Integer::sum);
            } else {
                unscoped++;
            }
        }
        long withTtl = latest(store).values().stream().filter(t -> t.ttlSecs().isPresent()).count();
        StringBuilder b = new StringBuilder("state: " + Text.plural(store.keys().size(), "key", "keys") + " (");
        perTenant.forEach((t, n) -> b.append(t).append(' ').append(n).append(", "));
        b.append("unscoped ").append(unscoped).append("), ").append(Text.count(withTtl)).append(" with a TTL");
        out.println(b);
    }

    /** Returns each live key's latest transition, from the store's log. */
    private static Map<String, StateTransition> latest(StateStore store) {
        Map<String, StateTransition> latest = new TreeMap<>();
        for (StateTransition t : store.transitions()) {
            if (t.isDelete()) {
                latest.remove(t.key());
            } else {
                latest.put(t.key(), t);
            }
        }
        return latest;
    }

    /** Returns key -> value and expiry, from the state and the latest transition of each key. */
    private static Map<String, String> stateAndTtls(StateStore store) {
        Map<String, StateTransition> latest = latest(store);
        Map<String, String> result = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : store.snapshot().entrySet()) {
            StateTransition t = latest.get(e.getKey());
            String expiry = t == null ? "?" : t.expiresAt().map(Instant::toString).orElse("no TTL");
            result.put(e.getKey(), Json.compact(e.getValue()) + " | " + expiry);
        }
        return result;
    }

    private static void printDifferences(PrintWriter out, Map<String, String> expected, Map<String, String> actual) {
        int shown = 0;
        TreeMap<String, String> all = new TreeMap<>(expected);
        actual.forEach(all::putIfAbsent);
        for (String key : all.keySet()) {
            if (!Objects.equals(expected.get(key), actual.get(key)) && shown++ < 10) {
                out.println("  " + Text.escape(key) + ": before close " + expected.getOrDefault(key, "(absent)")
                        + ", after reopen " + actual.getOrDefault(key, "(absent)"));
            }
        }
    }
}
