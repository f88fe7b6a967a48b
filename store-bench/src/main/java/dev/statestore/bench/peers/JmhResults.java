package dev.statestore.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Returns the results of a JMH run as written by {@code -rf json}: one {@link Result} per
 * benchmark and parameter combination, and the JVM and run settings they share.
 *
 * <p>Immutable and thread-safe.
 */
final class JmhResults {

    private final List<Result> results;

    private JmhResults(List<Result> results) {
        this.results = Collections.unmodifiableList(results);
    }

    /**
     * Returns the results in {@code file}.
     *
     * @throws IllegalArgumentException naming the file when it is not JMH's JSON output
     */
    static JmhResults read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JMH results " + file, e);
        }
        return parse(text, file.toString());
    }

    /** Returns the results in {@code json}; {@code source} names it in errors. */
    static JmhResults parse(String json, String source) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(source + " is not JMH JSON output (-rf json): expected an array");
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode r : root) {
            JsonNode metric = r.get("primaryMetric");
            if (!r.hasNonNull("benchmark") || metric == null || !metric.has("score")) {
                throw new IllegalArgumentException(source + " has an entry without benchmark or primaryMetric.score: " + r);
            }
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode p = r.get("params");
            if (p != null) {
                for (Map.Entry<String, JsonNode> e : p.properties()) {
                    params.put(e.getKey(), e.getValue().asString());
                }
            }
            List<String> jvmArgs = new ArrayList<>();
            JsonNode args = r.get("jvmArgs");
            if (args != null) {
                args.forEach(a -> jvmArgs.add(a.asString()));
            }
            results.add(new Result(r.get("benchmark").asString(), text(r, "mode"), r.path("threads").asInt(1),
                    Collections.unmodifiableMap(params), number(metric.get("score")),
                    number(metric.get("scoreError")), text(metric, "scoreUnit"),
                    new Run(text(r, "jmhVersion"), text(r, "vmName"), text(r, "vmVersion"), text(r, "jdkVersion"),
                            List.copyOf(jvmArgs), r.path("forks").asInt(0), r.path("warmupIterations").asInt(0),
                            text(r, "warmupTime"), r.path("measurementIterations").asInt(0),
                            text(r, "measurementTime"))));
        }
        return new JmhResults(results);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }

    /** JMH writes {@code "NaN"} as a string when there is no error estimate. */
    private static double number(JsonNode node) {
        if (node == null || node.isNull()) {
            return Double.NaN;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        try {
            return Double.parseDouble(node.asString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Returns every result, in file order. */
    List<Result> all() {
        return results;
    }

    /** Returns the results of the benchmark class {@code simpleName}, in file order. */
    List<Result> of(String simpleName) {
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            if (r.className().equals(simpleName)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Returns one measured figure.
     *
     * @param benchmark the fully qualified benchmark method
     * @param mode JMH's mode ({@code thrpt}, {@code ss}, {@code avgt}, {@code sample})
     * @param threads the number of benchmark threads
     * @param params the parameters of this combination
     * @param score the mean
     * @param error the half-width of the 99.9% confidence interval, NaN when unknown
     * @param unit the unit of score and error
     * @param run the JVM and settings of the run
     */
    record Result(String benchmark, String mode, int threads, Map<String, String> params, double score,
            double error, String unit, Run run) {

        /** Returns the simple name of the benchmark class. */
        String className() {
            String[] parts = benchmark.split("\\.");
            return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
        }

        /** Returns the benchmark method's name. */
        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        /** Returns whether a higher score is better (throughput) rather than a lower one (time). */
        boolean higherIsBetter() {
            return "thrpt".equals(mode);
        }
    }

    /**
     * Returns the JVM and iteration settings of a result.
     *
     * @param jmhVersion JMH's version
     * @param vmName the VM's name
     * @param vmVersion the VM's version
     * @param jdkVersion the JDK's version
     * @param jvmArgs the forked JVM's arguments
     * @param forks forks per benchmark
     * @param warmupIterations warm-up iterations
     * @param warmupTime time per warm-up iteration
     * @param measurementIterations measured iterations
     * @param measurementTime time per measured iteration
     */
    record Run(String jmhVersion, String vmName, String vmVersion, String jdkVersion, List<String> jvmArgs,
            int forks, int warmupIterations, String warmupTime, int measurementIterations, String measurementTime) {
    }
}
