package dev.statestore.bench.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Returns one result of a JMH run as read from its JSON output ({@code -rf json}): one benchmark
 * method with one combination of parameters. Immutable.
 *
 * @param benchmark the full name, {@code package.Class.method}
 * @param mode the JMH mode, such as {@code thrpt} or {@code ss}
 * @param threads the number of threads that ran it
 * @param params the {@code @Param} values, by name
 * @param primary the primary metric
 * @param secondary the secondary metrics (aux counters, profilers), by name
 * @param jvm the JVM that ran it: {@code vmName vmVersion}
 * @param jdkVersion the JDK version
 * @param jmhVersion the JMH version
 * @param jvmArgs the JVM arguments of the fork
 * @param settings forks, warm-up and measurement iterations as JMH ran them, in words
 */
public record JmhResult(String benchmark, String mode, int threads, Map<String, String> params,
        Metric primary, Map<String, Metric> secondary, String jvm, String jdkVersion, String jmhVersion,
        List<String> jvmArgs, String settings) {

    /**
     * Returns one metric: its aggregate score, the 99.9% error, the unit and the raw per-iteration
     * values of every fork.
     *
     * @param score the aggregate
     * @param error the half-width of the 99.9% confidence interval; {@code NaN} when JMH gives none
     * @param unit the unit, such as {@code ops/s}
     * @param raw the per-iteration values, fork by fork
     */
    public record Metric(double score, double error, String unit, List<List<Double>> raw) {

        /**
         * Returns the mean of the per-iteration values (for a JMH {@code EVENTS} counter the
         * aggregate score is their sum, so this is the amount per iteration).
         *
         * @return the mean, or {@code NaN} with no values
         */
        public double meanPerIteration() {
            double sum = 0;
            int n = 0;
            for (List<Double> fork : raw) {
                for (double v : fork) {
                    sum += v;
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }

    /**
     * Returns the simple class name of the benchmark, such as {@code ReapBenchmark}.
     *
     * @return the class name
     */
    public String className() {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2];
    }

    /**
     * Returns the method name of the benchmark, such as {@code reap}.
     *
     * @return the method name
     */
    public String method() {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(dot + 1);
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
}
