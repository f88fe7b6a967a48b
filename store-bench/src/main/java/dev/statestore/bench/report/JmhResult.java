package dev.statestore.bench.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One result of a JMH run as read from its JSON output ({@code -rf json}): one benchmark method
 * with one combination of parameters. The report's one results type: {@link JmhResults} reads
 * the benchmarks' output and the heap program's alike. Immutable.
 *
 * @param benchmark the full name, {@code package.Class.method}
 * @param mode the JMH mode, such as {@code thrpt} or {@code ss}
 * @param threads the number of threads that ran it
 * @param params the {@code @Param} values, by name
 * @param primary the primary metric
 * @param secondary the secondary metrics (aux counters), by name
 * @param run the JVM and iteration settings it ran with
 */
public record JmhResult(String benchmark, String mode, int threads, Map<String, String> params, Metric primary,
        Map<String, Metric> secondary, Run run) {

    /**
     * One metric: its aggregate score, the half-width of JMH's 99.9% confidence interval, the
     * unit and the raw per-iteration values of every fork.
     *
     * @param score the aggregate
     * @param error the half-width of the 99.9% interval; {@code NaN} when JMH gives none
     * @param unit the unit, such as {@code ops/s}
     * @param raw the per-iteration values, fork by fork
     * @param percentiles the percentiles JMH computed (sample-time mode), by percentile
     *     ({@code 99.0}, {@code 100.0} for the maximum); empty in the other modes
     */
    public record Metric(double score, double error, String unit, List<List<Double>> raw,
            SortedMap<Double, Double> percentiles) {

        /**
         * Returns the score with its interval.
         *
         * @return the estimate
         */
        public Estimate estimate() {
            return new Estimate(score, error);
        }

        /**
         * Returns the mean of the per-iteration values (for a JMH {@code EVENTS} counter the
         * aggregate score is their sum, so this is the amount per iteration).
         *
         * @return the mean, or {@code NaN} with no values
         */
        public double meanPerIteration() {
            return raw.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /**
     * The JVM and iteration settings of a result.
     *
     * @param jmhVersion JMH's version, empty for the heap program
     * @param jvm the VM's name and version
     * @param jdkVersion the JDK's version
     * @param jvmArgs the forked JVM's arguments
     * @param forks forks per benchmark
     * @param warmup warm-up iterations and time, in words
     * @param measurement measured iterations and time, in words
     */
    public record Run(String jmhVersion, String jvm, String jdkVersion, List<String> jvmArgs, int forks,
            String warmup, String measurement) {

        /**
         * Returns the settings in words, such as {@code 3 forks; warm-up 2 x 2 s; measurement 4 x 2 s}.
         *
         * @return the description
         */
        public String describe() {
            return forks + (forks == 1 ? " fork" : " forks") + "; warm-up " + warmup + "; measurement " + measurement;
        }
    }

    /**
     * Returns the simple class name of the benchmark, such as {@code WriteBenchmark}.
     *
     * @return the class name
     */
    public String className() {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2];
    }

    /**
     * Returns the method name of the benchmark, such as {@code put16}.
     *
     * @return the method name
     */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * Returns the workload operation: the method name without a trailing thread count
     * ({@code put16} → {@code put}).
     *
     * @return the operation
     */
    public String operation() {
        return method().replaceAll("\\d+$", "");
    }

    /**
     * Returns the value of parameter {@code name}, or empty when the benchmark has none.
     *
     * @param name the parameter
     * @return its value
     */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /**
     * Returns the secondary metric {@code name}, or empty when absent.
     *
     * @param name the metric, such as an aux counter's field name
     * @return the metric
     */
    public Optional<Metric> secondary(String name) {
        return Optional.ofNullable(secondary.get(name));
    }

    /**
     * Returns whether a higher score is better (a rate) rather than a lower one (a time or a size).
     *
     * @return {@code true} for throughput results
     */
    public boolean higherIsBetter() {
        return "thrpt".equals(mode);
    }
}
