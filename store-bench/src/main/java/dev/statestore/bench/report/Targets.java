package dev.statestore.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Returns the performance targets of the project, each judged against the measured figures:
 * met, missed, or not measured (its benchmark did not run).
 *
 * <p>Thread-safe; holds no state.
 */
public final class Targets {

    /** Returns how a target fared. */
    public enum Verdict {
        /** The measured figure reaches the goal. */
        MET,
        /** The measured figure falls short. */
        MISSED,
        /** The figures it needs are not in the results. */
        NOT_MEASURED
    }

    /**
     * Returns one judged target.
     *
     * @param name what is measured
     * @param goal the goal, in words
     * @param measured the measured figure, in words
     * @param verdict how it fared
     */
    public record Target(String name, String goal, String measured, Verdict verdict) {
    }

    /** The smaller reap size compared. */
    static final int REAP_SMALL = 10_000;
    private static final int REAP_LARGE = 1_000_000;
    /** Time per transition at {@code REAP_LARGE} may be at most this times that at {@code REAP_SMALL}. */
    private static final double REAP_FACTOR = 1.5;
    private static final double BUFFERED_MIN = 1_000_000;
    private static final double FLUSHED_MIN = 200_000;
    /** Synced appends by 16 writers over those by 1, at least. */
    private static final double SYNCED_SCALE_MIN = 8;
    private static final double REPLAY_MB_MIN = 100;
    /** Baseline ops/s over store ops/s, at most. */
    private static final double SET_SLOWDOWN_MAX = 3;
    private static final double GET_SLOWDOWN_MAX = 2;

    private Targets() {
    }

    /**
     * Returns every target judged against {@code f}.
     *
     * @param f the figures
     * @return the targets, in the order of the benchmarks
     */
    public static List<Target> judge(Figures f) {
        List<Target> out = new ArrayList<>();
        for (String store : List.of("MEMORY", "JSONL_FLUSHED")) {
            Optional<Figures.Reap> small = f.reap(store, REAP_SMALL);
            Optional<Figures.Reap> large = f.reap(store, REAP_LARGE);
            String name = "reap, " + label(store) + ": time per transition at 10^6 vs 10^4";
            String goal = "<= " + REAP_FACTOR + "x";
            if (small.isPresent() && large.isPresent()) {
                double ratio = large.get().nanosPerTransition() / small.get().nanosPerTransition();
                out.add(new Target(name, goal, Format.ratio(ratio) + " (" + Format.number(large.get().nanosPerTransition())
                        + " vs " + Format.number(small.get().nanosPerTransition()) + " ns)",
                        ratio <= REAP_FACTOR ? Verdict.MET : Verdict.MISSED));
            } else {
                out.add(notMeasured(name, goal));
            }
        }
        out.add(atLeast(f.append("JSONL_BUFFERED", 64, 1), "buffered appends, 64-byte values, 1 writer",
                BUFFERED_MIN, "/s"));
        out.add(atLeast(f.append("JSONL_FLUSHED", 64, 1), "flushed appends, 64-byte values, 1 writer",
                FLUSHED_MIN, "/s"));
        Optional<Figures.Append> synced1 = f.append("JSONL_SYNCED", 64, 1);
        Optional<Figures.Append> synced16 = f.append("JSONL_SYNCED", 64, 16);
        String syncedName = "synced appends, 64-byte values: 16 writers vs 1 (group commit)";
        String syncedGoal = ">= " + Format.number(SYNCED_SCALE_MIN) + "x";
        if (synced1.isPresent() && synced16.isPresent()) {
            double ratio = synced16.get().opsPerSecond() / synced1.get().opsPerSecond();
            out.add(new Target(syncedName, syncedGoal, Format.ratio(ratio) + " ("
                    + Format.number(synced16.get().opsPerSecond()) + " vs " + Format.number(synced1.get().opsPerSecond())
                    + " /s)", ratio >= SYNCED_SCALE_MIN ? Verdict.MET : Verdict.MISSED));
        } else {
            out.add(notMeasured(syncedName, syncedGoal));
        }
        Optional<Figures.Replay> replay = f.replay().stream().reduce((a, b) -> b.lines() >= a.lines() ? b : a);
        String replayName = "replay" + replay.map(r -> " of " + Format.number(r.lines()) + " lines").orElse("");
        String replayGoal = ">= " + Format.number(REPLAY_MB_MIN) + " MB/s";
        out.add(replay.map(r -> new Target(replayName, replayGoal, Format.number(r.megabytesPerSecond()) + " MB/s",
                        r.megabytesPerSecond() >= REPLAY_MB_MIN ? Verdict.MET : Verdict.MISSED))
                .orElseGet(() -> notMeasured(replayName, replayGoal)));
        for (String op : List.of("set", "get")) {
            double max = op.equals("set") ? SET_SLOWDOWN_MAX : GET_SLOWDOWN_MAX;
            for (int threads : List.of(1, 2)) {
                String name = "in-memory " + op + ", " + threads + (threads == 1 ? " thread" : " threads")
                        + ": baseline ops/s over store ops/s";
                String goal = "<= " + Format.ratio(max);
                Optional<Figures.Ops> o = f.ops().stream()
                        .filter(x -> x.operation().equals(op) && x.threads() == threads).findFirst();
                if (o.isPresent() && !Double.isNaN(o.get().slowdown())) {
                    double s = o.get().slowdown();
                    out.add(new Target(name, goal, Format.ratio(s), s <= max ? Verdict.MET : Verdict.MISSED));
                } else {
                    out.add(notMeasured(name, goal));
                }
            }
        }
        return out;
    }

    /**
     * Returns the reader's name of a store type.
     *
     * @param store a {@code StoreType} name
     * @return such as {@code jsonl (flushed)}
     */
    static String label(String store) {
        return store.startsWith("JSONL_") ? "jsonl (" + store.substring(6).toLowerCase(java.util.Locale.ROOT) + ")"
                : store.toLowerCase(java.util.Locale.ROOT);
    }

    private static Target atLeast(Optional<Figures.Append> a, String name, double min, String unit) {
        String goal = ">= " + Format.number(min) + unit;
        return a.map(x -> new Target(name, goal, Format.number(x.opsPerSecond()) + unit,
                x.opsPerSecond() >= min ? Verdict.MET : Verdict.MISSED)).orElseGet(() -> notMeasured(name, goal));
    }

    private static Target notMeasured(String name, String goal) {
        return new Target(name, goal, "not measured", Verdict.NOT_MEASURED);
    }
}
