package dev.statestore.bench.report;

import dev.statestore.bench.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The project's performance targets, each judged from the interval of its figure: met when the
 * whole 99.9% interval reaches the goal, missed when the whole interval falls short, inconclusive
 * when the goal lies inside it, not measured when its benchmark did not run. A target on a ratio
 * of two figures takes the widest ratio their two intervals allow.
 *
 * <p>Thread-safe; holds no state.
 */
final class Targets {

    /**
     * One judged target.
     *
     * @param name what is measured
     * @param goal the goal, in words
     * @param measured the measured figure and its interval, in words
     * @param verdict how it fared
     */
    record Target(String name, String goal, String measured, Verdict verdict) {
    }

    private static final double REAP_FACTOR = 1.5;
    private static final double BUFFERED_MIN = 1_000_000;
    private static final double FLUSHED_MIN = 200_000;
    private static final double SYNCED_SCALE_MIN = 8;
    private static final double REPLAY_MB_MIN = 100;
    private static final double SET_SLOWDOWN_MAX = 3;
    private static final double GET_SLOWDOWN_MAX = 2;
    private static final double PEER_MAX = 1;
    private static final double FLAT_MAX = 2;

    private Targets() {
    }

    /**
     * Returns every target judged against {@code results}.
     *
     * @param results the run's results
     * @return the targets
     */
    static List<Target> judge(Results results) {
        List<Target> out = new ArrayList<>();
        for (Subject s : List.of(Subject.MEMORY, Subject.JSONL_FLUSHED)) {
            String name = "expiry of 1,000 keys, " + s.label() + (s == Subject.MEMORY ? "" : " (flushed)")
                    + ": time at 10^6 keys vs 10^4";
            Optional<JmhResult> large = results.find("ExpiryBenchmark", "expire", s, "keys", "1000000", "expired", "1000");
            Optional<JmhResult> small = results.find("ExpiryBenchmark", "expire", s, "keys", "10000", "expired", "1000");
            out.add(ratio(name, "<= " + Format.ratio(REAP_FACTOR), large, small, false, REAP_FACTOR));
            if (s == Subject.JSONL_FLUSHED) {
                // The journal version 2's goal for the same figure, beside the first one.
                out.add(ratio(name + ", version 2's goal", "<= " + Format.ratio(FLAT_MAX), large, small, false, FLAT_MAX));
            }
        }
        out.add(atLeast("buffered appends, 64-byte values, 1 writer", BUFFERED_MIN, "/s",
                results.find("WriteBenchmark", "put1", Subject.JSONL_BUFFERED, "valueBytes", "64")));
        out.add(atLeast("flushed appends, 64-byte values, 1 writer", FLUSHED_MIN, "/s",
                results.find("WriteBenchmark", "put1", Subject.JSONL_FLUSHED, "valueBytes", "64")));
        out.add(ratio("synced appends, 64-byte values: 16 writers vs 1 (group commit)", ">= " + Format.ratio(SYNCED_SCALE_MIN),
                results.find("WriteBenchmark", "put16", Subject.JSONL_SYNCED, "valueBytes", "64"),
                results.find("WriteBenchmark", "put1", Subject.JSONL_SYNCED, "valueBytes", "64"), true, SYNCED_SCALE_MIN));
        out.add(replay(results.find("ReopenBenchmark", "openAndRead", Subject.JSONL_FLUSHED, "shutdown", "CLEAN",
                "keys", "10000", "writes", "1000000")));
        out.add(ratio("reopen after 10^6 writes over 10^5 keys (clean): statestore JSONL (flushed) vs RocksDB",
                "<= " + Format.ratio(PEER_MAX),
                results.find("ReopenBenchmark", "openAndRead", Subject.JSONL_FLUSHED, "shutdown", "CLEAN", "keys", "100000",
                        "writes", "1000000"),
                results.find("ReopenBenchmark", "openAndRead", Subject.ROCKSDB_FLUSHED, "shutdown", "CLEAN", "keys",
                        "100000", "writes", "1000000"), false, PEER_MAX));
        out.add(ratio("reopen of statestore JSONL (flushed, clean), 10^4 keys: after 10^7 writes vs after 10^5",
                "<= " + Format.ratio(FLAT_MAX),
                results.find("ReopenBenchmark", "openAndRead", Subject.JSONL_FLUSHED, "shutdown", "CLEAN", "keys", "10000",
                        "writes", "10000000"),
                results.find("ReopenBenchmark", "openAndRead", Subject.JSONL_FLUSHED, "shutdown", "CLEAN", "keys", "10000",
                        "writes", "100000"), false, FLAT_MAX));
        out.add(ratio("expiry of a tenth of 10^5 keys (synced): statestore JSONL vs SQLite WAL",
                "<= " + Format.ratio(PEER_MAX),
                results.find("ExpiryBenchmark", "expire", Subject.JSONL_SYNCED, "keys", "100000", "expired", "10000"),
                results.find("ExpiryBenchmark", "expire", Subject.SQLITE_SYNCED, "keys", "100000", "expired", "10000"),
                false, PEER_MAX));
        for (String op : List.of("put", "get")) {
            double max = op.equals("put") ? SET_SLOWDOWN_MAX : GET_SLOWDOWN_MAX;
            String cls = op.equals("put") ? "WriteBenchmark" : "ReadBenchmark";
            for (int threads : List.of(1, 2)) {
                out.add(ratio("in-memory " + (op.equals("put") ? "set" : "get") + ", " + threads
                                + (threads == 1 ? " thread" : " threads") + ": baseline ops/s over store ops/s",
                        "<= " + Format.ratio(max), results.find(cls, op + threads, Subject.BASELINE, "valueBytes", "64"),
                        results.find(cls, op + threads, Subject.MEMORY, "valueBytes", "64"), false, max));
            }
        }
        return out;
    }

    private static Target atLeast(String name, double min, String unit, Optional<JmhResult> r) {
        String goal = ">= " + Format.number(min) + unit;
        if (r.isEmpty()) {
            return new Target(name, goal, "not measured", Verdict.NOT_MEASURED);
        }
        Estimate e = Results.figure(r.get());
        return new Target(name, goal, Format.estimate(e) + unit, e.atLeast(min));
    }

    private static Target ratio(String name, String goal, Optional<JmhResult> top, Optional<JmhResult> bottom,
            boolean atLeast, double bound) {
        if (top.isEmpty() || bottom.isEmpty()) {
            return new Target(name, goal, "not measured", Verdict.NOT_MEASURED);
        }
        Estimate a = Results.figure(top.get());
        Estimate b = Results.figure(bottom.get());
        Estimate.Ratio r = Estimate.ratio(a, b);
        String interval = Double.isNaN(r.lo()) ? "no interval" : "interval " + Format.ratio(r.lo()) + " to "
                + (Double.isInfinite(r.hi()) ? "unbounded" : Format.ratio(r.hi()));
        String measured = Format.ratio(r.value()) + " (" + interval + "; " + Format.estimate(a) + " vs "
                + Format.estimate(b) + " " + Results.unit(top.get()) + ")";
        return new Target(name, goal, measured, atLeast ? r.atLeast(bound) : r.atMost(bound));
    }

    private static Target replay(Optional<JmhResult> r) {
        // Version 1 replayed every line, so this was its replay speed; version 2 opens from a
        // checkpoint and a bounded tail, so it is the size of the files over the open time.
        String name = "reopen of a journal of 10^6 writes over 10^4 keys: its files' bytes per second of opening";
        String goal = ">= " + Format.number(REPLAY_MB_MIN) + " MB/s";
        if (r.isEmpty()) {
            return new Target(name, goal, "not measured", Verdict.NOT_MEASURED);
        }
        double megabytes = r.get().secondary("imageBytes").map(JmhResult.Metric::meanPerIteration).orElse(Double.NaN) / 1e6;
        Estimate seconds = Results.figure(r.get()).times(1e-3);
        Estimate.Ratio mbs = Estimate.ratio(new Estimate(megabytes, 0), seconds);
        String interval = Double.isNaN(mbs.lo()) ? "no interval" : "interval " + Format.number(mbs.lo()) + " to "
                + Format.number(mbs.hi());
        return new Target(name, goal, Format.number(mbs.value()) + " MB/s (" + interval + ")", mbs.atLeast(REPLAY_MB_MIN));
    }
}
