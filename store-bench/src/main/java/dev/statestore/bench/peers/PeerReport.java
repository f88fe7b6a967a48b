package dev.statestore.bench.peers;

import dev.statestore.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Returns the side-by-side section of {@code docs/benchmarks.md}, generated from the JMH JSON
 * output of the peer benchmarks, and writes it between the markers {@value #START} and
 * {@value #END}. Everything outside the markers is left as it was; a missing file is created and
 * missing markers are appended at the end.
 *
 * <p>Run from the shaded jar:
 * <pre>
 * java -cp store-bench/target/benchmarks.jar dev.statestore.bench.peers.PeerReport \
 *     --results peers.json --out docs/benchmarks.md [--machine "text"] [--smoke]
 * </pre>
 *
 * <p>Not thread-safe; one instance renders one report.
 */
public final class PeerReport {

    /** The line that opens the generated section. */
    public static final String START = "<!-- peers:start -->";
    /** The line that closes the generated section. */
    public static final String END = "<!-- peers:end -->";

    private final JmhResults results;
    private final String source;
    private final String machine;
    private final boolean smoke;
    private final StringBuilder md = new StringBuilder();
    private final List<String> behind = new ArrayList<>();

    PeerReport(JmhResults results, String source, String machine, boolean smoke) {
        this.results = results;
        this.source = source;
        this.machine = machine;
        this.smoke = smoke;
    }

    /**
     * Writes the section for {@code --results} into {@code --out}.
     *
     * @param args {@code --results <jmh.json> --out <file.md> [--machine <text>] [--smoke]}
     */
    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        boolean smoke = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--smoke")) {
                smoke = true;
            } else if ((a.equals("--results") || a.equals("--out") || a.equals("--machine")) && i + 1 < args.length) {
                options.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or incomplete argument '" + a
                        + "': use --results <jmh.json> --out <file.md> [--machine <text>] [--smoke]");
            }
        }
        if (!options.containsKey("--results") || !options.containsKey("--out")) {
            throw new IllegalArgumentException("--results <jmh.json> and --out <file.md> are required");
        }
        Path in = Paths.get(options.get("--results"));
        Path out = Paths.get(options.get("--out"));
        String section = new PeerReport(JmhResults.read(in), in.getFileName().toString(),
                options.getOrDefault("--machine", ""), smoke).render();
        writeSection(out, section);
        System.out.println("wrote the peer comparison into " + out);
    }

    /**
     * Returns {@code existing} with the text between the markers replaced by {@code section}
     * (which must not contain them), or with the markers and section appended when absent.
     *
     * @throws IllegalArgumentException if only one marker is present, a marker appears twice, or
     *     they are out of order
     */
    static String splice(String existing, String section) {
        int start = existing.indexOf(START);
        int end = existing.indexOf(END);
        if (start < 0 && end < 0) {
            String sep = existing.isEmpty() || existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
            return existing + sep + START + "\n" + section + END + "\n";
        }
        if (start < 0 || end < 0 || end < start || existing.indexOf(START, start + 1) >= 0
                || existing.indexOf(END, end + 1) >= 0) {
            throw new IllegalArgumentException("the file must hold " + START + " once, followed by " + END
                    + " once; fix the markers by hand");
        }
        return existing.substring(0, start + START.length()) + "\n" + section + existing.substring(end);
    }

    /** Writes {@code section} between the markers of {@code file}, atomically. */
    static void writeSection(Path file, String section) {
        try {
            String existing = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
            String updated = splice(existing, section);
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".benchmarks", ".md.tmp");
            Files.writeString(tmp, updated, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Returns the Markdown of the section, without the markers. */
    String render() {
        md.append("## Side by side: H2 MVStore, SQLite and RocksDB\n\n");
        md.append("_Generated by `scripts/bench-peers.sh` from `").append(source)
                .append("`; edit the generator, not this section._\n\n");
        if (smoke) {
            md.append("> **Smoke run**: one short iteration per benchmark and small sizes. These figures show"
                    + " that the suite runs end to end; they say nothing about speed.\n\n");
        }
        renderSetup();
        table("1. Single-key writes", "PeerWriteBenchmark",
                "Writes of one small JSON value (about 80 bytes) to a random existing key; every write is"
                        + " acknowledged only once it is as durable as its level promises.");
        table("2. Writes with an audit record", "PeerAuditedWriteBenchmark",
                "The same writes, each with an audit record (key, old value, new value, action id, time)"
                        + " written atomically with it. Ours records every transition anyway.");
        table("3. Point reads", "PeerReadBenchmark",
                "Reads of a random key, returned as a `JsonNode` the caller owns.");
        table("4. Reopen and recovery", "PeerReopenBenchmark",
                "Time from opening a store that holds `keys` keys written `churn` times each to the first"
                        + " read. `CLEAN`: after `close()`; `CRASH`: the files as a killed process leaves them,"
                        + " so the open includes crash recovery.");
        table("5a. Writes with a TTL", "PeerTtlWriteBenchmark",
                "Writes with a one-hour TTL to random existing keys, one thread, process-crash level.");
        table("5b. Expiry of 10%", "PeerExpiryBenchmark",
                "Time to expire the tenth of `keys` TTL'd keys whose TTL has run out, made durable against a"
                        + " power loss in every store.");
        renderBehind();
        return md.toString();
    }

    private void renderSetup() {
        List<JmhResults.Result> all = results.all();
        md.append("### Machine and settings\n\n");
        if (!machine.isBlank()) {
            md.append("- Machine: ").append(machine).append('\n');
        }
        if (!all.isEmpty()) {
            JmhResults.Run run = all.get(0).run();
            md.append("- JVM: ").append(run.vmName()).append(' ').append(run.vmVersion())
                    .append(" (JDK ").append(run.jdkVersion()).append("), arguments `")
                    .append(String.join(" ", run.jvmArgs())).append("`\n");
            md.append("- JMH ").append(run.jmhVersion()).append("; each table gives its forks and iterations.\n");
        }
        md.append("- Values go in and come out as Jackson `JsonNode`s; the peers serialize to and parse from"
                + " JSON text or bytes inside the measured call, as their users would.\n");
        md.append("- Levels, named after ours: `BUFFERED` is each store's fastest documented setting (a process"
                + " crash may lose recent writes); `FLUSHED`: an acknowledged write survives a crash of the"
                + " process; `SYNCED`: it survives a power loss.\n\n");
        for (PeerKind kind : PeerKind.values()) {
            md.append("**").append(kind.label()).append("**: ").append(kind.setup()).append(".\n");
            for (Durability d : Durability.values()) {
                md.append("- `").append(d).append("`: ").append(kind.level(d)).append(".\n");
            }
            md.append("- Audit record: ").append(kind.audit()).append(".\n");
            md.append("- TTL: ").append(kind.ttl()).append(".\n\n");
        }
    }

    /** Returns the forks and iterations of {@code r}, such as {@code 1 fork, 1 warm-up + 3 measured iterations of 2 s}. */
    private static String iterations(JmhResults.Result r) {
        JmhResults.Run run = r.run();
        String forks = run.forks() == 0 ? "no fork" : run.forks() + (run.forks() == 1 ? " fork" : " forks");
        String what = r.mode().equals("ss") ? " single shots" : " iterations of " + run.measurementTime();
        return forks + ", " + run.warmupIterations() + " warm-up + " + run.measurementIterations() + " measured" + what;
    }

    private void table(String title, String benchmark, String what) {
        md.append("### ").append(title).append("\n\n").append(what).append(' ');
        List<JmhResults.Result> rs = results.of(benchmark);
        if (rs.isEmpty()) {
            md.append("\n\n_Not in this run._\n\n");
            return;
        }
        ReportTable table = ReportTable.of(rs);
        boolean higher = rs.get(0).higherIsBetter();
        md.append("Figures in ").append(rs.get(0).unit()).append(higher ? ", higher is better" : ", lower is better")
                .append(table.fixed().isEmpty() ? "" : "; " + table.fixed())
                .append("; ").append(iterations(rs.get(0)))
                .append(". Ratio ours/peer: ").append(higher ? "above 1 means ours did more." : "above 1 means ours took longer.")
                .append("\n\n");
        md.append(table.markdown());
        List<String> wins = new ArrayList<>();
        for (ReportTable.Row row : table.rows()) {
            JmhResults.Result ours = row.of(PeerKind.STATESTORE_JSONL);
            if (ours == null) {
                continue;
            }
            for (PeerKind peer : PeerKind.values()) {
                JmhResults.Result theirs = row.of(peer);
                if (peer.isOurs() || theirs == null || !ahead(theirs, ours)) {
                    continue;
                }
                double factor = higher ? theirs.score() / ours.score() : ours.score() / theirs.score();
                String noise = overlap(theirs, ours) ? " (within the error bars)" : "";
                wins.add("- **" + peer.label() + "** is ahead on " + row.label() + ": "
                        + ReportTable.ratio(factor) + " ours" + noise + ". Why: "
                        + PeerFindings.why(benchmark, peer, row.params()));
                behind.add("- " + title.replaceFirst("^[0-9a-z]+\\. ", "") + ", " + row.label() + ": behind "
                        + peer.label() + " (" + ReportTable.ratio(factor) + ")" + noise + ".");
            }
        }
        md.append('\n');
        if (table.rows().stream().noneMatch(row -> row.of(PeerKind.STATESTORE_JSONL) != null)) {
            md.append("Ours is not in this run, so there are no ratios.\n\n");
        } else if (wins.isEmpty()) {
            md.append("No peer is ahead of ours here.\n\n");
        } else {
            md.append("Where a peer is ahead:\n\n");
            wins.forEach(w -> md.append(w).append('\n'));
            md.append("\nWhat would change that: ").append(PeerFindings.remedy(benchmark)).append("\n\n");
        }
    }

    private static boolean ahead(JmhResults.Result peer, JmhResults.Result ours) {
        return peer.higherIsBetter() ? peer.score() > ours.score() : peer.score() < ours.score();
    }

    private static boolean overlap(JmhResults.Result a, JmhResults.Result b) {
        if (Double.isNaN(a.error()) || Double.isNaN(b.error())) {
            return false;
        }
        return Math.abs(a.score() - b.score()) <= a.error() + b.error();
    }

    private void renderBehind() {
        md.append("### Where ours is behind\n\n");
        if (behind.isEmpty()) {
            md.append("In this run no peer is ahead of ours in any workload.\n\n");
            return;
        }
        behind.forEach(b -> md.append(b).append('\n'));
        md.append("\nEach table above says why and what would change it.");
        if (smoke) {
            md.append(" (Smoke figures: do not read anything into them.)");
        }
        md.append("\n\n");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PeerReport[%s, %d results]", source, results.all().size());
    }
}
