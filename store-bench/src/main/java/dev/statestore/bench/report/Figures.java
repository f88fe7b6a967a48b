package dev.statestore.bench.report;

import dev.statestore.bench.FootprintBenchmark;
import dev.statestore.bench.InMemoryOpsBenchmark;
import dev.statestore.bench.JournalAppendBenchmark;
import dev.statestore.bench.ReapBenchmark;
import dev.statestore.bench.ReplayBenchmark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Returns the figures the report prints, derived from JMH results: time per reaped transition,
 * appends and MB per second, replayed lines and MB per second, in-memory throughput beside the
 * baseline, and heap bytes per key and per transition. Results of other benchmarks are ignored.
 * When the same benchmark and parameters appear twice, the later result wins.
 *
 * <p>MB means 10^6 bytes throughout. Immutable once built; thread-safe.
 */
public final class Figures {

    /**
     * Returns the reap figures of one store type and size.
     *
     * @param store the store type
     * @param transitions transitions per store
     * @param secondsPerCall the mean time of one measured call
     * @param errorSecondsPerCall the 99.9% error of it
     * @param transitionsPerCall the transitions reaped over in one call
     */
    public record Reap(String store, int transitions, double secondsPerCall, double errorSecondsPerCall,
            double transitionsPerCall) {
        /**
         * Returns the time per transition in nanoseconds.
         *
         * @return ns per transition
         */
        public double nanosPerTransition() {
            return secondsPerCall * 1e9 / transitionsPerCall;
        }
    }

    /**
     * Returns the append figures of one store type, value size and thread count.
     *
     * @param store the store type (durability mode)
     * @param valueBytes the value size
     * @param threads the writer threads
     * @param opsPerSecond writes per second over all threads
     * @param error the 99.9% error of it
     * @param bytesPerSecond journal bytes per second
     */
    public record Append(String store, int valueBytes, int threads, double opsPerSecond, double error,
            double bytesPerSecond) {
        /**
         * Returns the measured bytes of one journal line.
         *
         * @return bytes per line
         */
        public double lineBytes() {
            return bytesPerSecond / opsPerSecond;
        }

        /**
         * Returns the journal throughput in MB/s.
         *
         * @return MB per second
         */
        public double megabytesPerSecond() {
            return bytesPerSecond / 1e6;
        }
    }

    /**
     * Returns the replay figures of one journal size.
     *
     * @param store the store type
     * @param lines journal lines
     * @param secondsPerOpen the mean time of one open
     * @param errorSeconds the 99.9% error of it
     * @param journalBytes the journal size
     */
    public record Replay(String store, int lines, double secondsPerOpen, double errorSeconds, double journalBytes) {
        /**
         * Returns lines replayed per second.
         *
         * @return lines per second
         */
        public double linesPerSecond() {
            return lines / secondsPerOpen;
        }

        /**
         * Returns journal MB replayed per second.
         *
         * @return MB per second
         */
        public double megabytesPerSecond() {
            return journalBytes / 1e6 / secondsPerOpen;
        }
    }

    /**
     * Returns one in-memory operation's throughput for the store and the baseline.
     *
     * @param operation {@code get} or {@code set}
     * @param threads the threads
     * @param store the store's operations per second, {@code NaN} if not measured
     * @param storeError its 99.9% error
     * @param baseline the baseline's operations per second, {@code NaN} if not measured
     * @param baselineError its 99.9% error
     */
    public record Ops(String operation, int threads, double store, double storeError, double baseline,
            double baselineError) {
        /**
         * Returns how many times slower the store is than the baseline (below 1: faster).
         *
         * @return baseline ops/s divided by store ops/s
         */
        public double slowdown() {
            return baseline / store;
        }
    }

    /**
     * Returns the heap footprint of one subject and value kind.
     *
     * @param subject the store or the baseline
     * @param value the value kind
     * @param bytesPerKey heap bytes per live key
     * @param bytesPerTransition heap bytes per further retained transition
     */
    public record Footprint(String subject, String value, double bytesPerKey, double bytesPerTransition) {
    }

    private final List<Reap> reap = new ArrayList<>();
    private final List<Append> append = new ArrayList<>();
    private final List<Replay> replay = new ArrayList<>();
    private final List<Ops> ops = new ArrayList<>();
    private final List<Footprint> footprint = new ArrayList<>();

    /**
     * Derives the figures from {@code results}.
     *
     * @param results JMH results, in run order
     */
    public Figures(List<JmhResult> results) {
        Map<String, JmhResult> latest = new LinkedHashMap<>();
        for (JmhResult r : results) {
            latest.remove(r.benchmark() + r.params() + r.threads());
            latest.put(r.benchmark() + r.params() + r.threads(), r);
        }
        Map<String, double[]> opsByKey = new LinkedHashMap<>();
        for (JmhResult r : latest.values()) {
            String cls = r.className();
            if (cls.equals(ReapBenchmark.class.getSimpleName())) {
                reap.add(new Reap(r.param("store").orElse("?"), intParam(r, "transitions"),
                        seconds(r.primary().score(), r.primary().unit()), seconds(r.primary().error(), r.primary().unit()),
                        r.secondary("transitions").map(JmhResult.Metric::meanPerIteration).orElse(Double.NaN)));
            } else if (cls.equals(JournalAppendBenchmark.class.getSimpleName())) {
                append.add(new Append(r.param("store").orElse("?"), intParam(r, "valueBytes"), r.threads(),
                        perSecond(r.primary().score(), r.primary().unit()), perSecond(r.primary().error(), r.primary().unit()),
                        r.secondary("journalBytes").map(m -> perSecond(m.score(), m.unit())).orElse(Double.NaN)));
            } else if (cls.equals(ReplayBenchmark.class.getSimpleName())) {
                replay.add(new Replay(r.param("store").orElse("?"), intParam(r, "lines"),
                        seconds(r.primary().score(), r.primary().unit()), seconds(r.primary().error(), r.primary().unit()),
                        r.secondary("journalBytes").map(JmhResult.Metric::meanPerIteration).orElse(Double.NaN)));
            } else if (cls.equals(InMemoryOpsBenchmark.class.getSimpleName())) {
                String op = r.method().startsWith("get") ? "get" : "set";
                String key = op + "/" + r.threads();
                double[] v = opsByKey.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
                int at = "BASELINE".equals(r.param("subject").orElse("")) ? 2 : 0;
                v[at] = perSecond(r.primary().score(), r.primary().unit());
                v[at + 1] = perSecond(r.primary().error(), r.primary().unit());
            } else if (cls.equals(FootprintBenchmark.class.getSimpleName())) {
                footprint.add(new Footprint(r.param("subject").orElse("?"), r.param("value").orElse("?"),
                        r.secondary("bytesPerKey").map(JmhResult.Metric::meanPerIteration).orElse(Double.NaN),
                        r.secondary("bytesPerTransition").map(JmhResult.Metric::meanPerIteration).orElse(Double.NaN)));
            }
        }
        opsByKey.forEach((k, v) -> {
            String[] parts = k.split("/");
            ops.add(new Ops(parts[0], Integer.parseInt(parts[1]), v[0], v[1], v[2], v[3]));
        });
        reap.sort(Comparator.comparing(Reap::store).thenComparingInt(Reap::transitions));
        append.sort(Comparator.comparing(Append::store).thenComparingInt(Append::valueBytes)
                .thenComparingInt(Append::threads));
        replay.sort(Comparator.comparing(Replay::store).thenComparingInt(Replay::lines));
        ops.sort(Comparator.comparing(Ops::operation).thenComparingInt(Ops::threads));
        footprint.sort(Comparator.comparing(Footprint::subject).reversed().thenComparing(Footprint::value));
    }

    /**
     * Returns the reap figures, by store type then size.
     *
     * @return the figures
     */
    public List<Reap> reap() {
        return List.copyOf(reap);
    }

    /**
     * Returns the reap figure of {@code store} at {@code transitions}, if measured.
     *
     * @param store the store type
     * @param transitions the size
     * @return the figure
     */
    public Optional<Reap> reap(String store, int transitions) {
        return reap.stream().filter(r -> r.store().equals(store) && r.transitions() == transitions).findFirst();
    }

    /**
     * Returns the append figures, by store type, value size and threads.
     *
     * @return the figures
     */
    public List<Append> append() {
        return List.copyOf(append);
    }

    /**
     * Returns the append figure of one setting, if measured.
     *
     * @param store the store type
     * @param valueBytes the value size
     * @param threads the writer threads
     * @return the figure
     */
    public Optional<Append> append(String store, int valueBytes, int threads) {
        return append.stream()
                .filter(a -> a.store().equals(store) && a.valueBytes() == valueBytes && a.threads() == threads)
                .findFirst();
    }

    /**
     * Returns the replay figures, by size.
     *
     * @return the figures
     */
    public List<Replay> replay() {
        return List.copyOf(replay);
    }

    /**
     * Returns the in-memory figures, by operation and threads.
     *
     * @return the figures
     */
    public List<Ops> ops() {
        return List.copyOf(ops);
    }

    /**
     * Returns the footprint figures.
     *
     * @return the figures
     */
    public List<Footprint> footprint() {
        return List.copyOf(footprint);
    }

    private static int intParam(JmhResult r, String name) {
        String v = r.param(name).orElseThrow(() -> new IllegalArgumentException(
                r.benchmark() + " result has no parameter '" + name + "'"));
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(r.benchmark() + " parameter '" + name + "' is not a number: " + v, e);
        }
    }

    /**
     * Returns a time given in {@code unit} in seconds.
     *
     * @param value the time
     * @param unit its JMH unit, such as {@code ms/op}
     * @return the time in seconds
     */
    static double seconds(double value, String unit) {
        String u = unit.contains("/") ? unit.substring(0, unit.indexOf('/')) : unit;
        return value * switch (u) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("not a time unit: " + unit);
        };
    }

    /**
     * Returns a rate given in {@code unit} per second.
     *
     * @param value the rate
     * @param unit its JMH unit, such as {@code ops/ms}
     * @return the rate per second
     */
    static double perSecond(double value, String unit) {
        String u = unit.contains("/") ? unit.substring(unit.indexOf('/') + 1) : unit;
        return value / seconds(1, u);
    }
}
