package dev.statestore.bench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reader of JMH JSON output files ({@code -rf json}), and of the heap program's output in the
 * same form.
 *
 * <p>Thread-safe; holds no state.
 */
public final class JmhResults {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JmhResults() {
    }

    /**
     * Returns every result in {@code files}, in file order.
     *
     * @param files JMH JSON files
     * @return the results
     * @throws IllegalArgumentException naming the file when one is not a JMH JSON result array
     */
    public static List<JmhResult> read(List<Path> files) {
        List<JmhResult> all = new ArrayList<>();
        for (Path f : files) {
            JsonNode root;
            try {
                root = MAPPER.readTree(f);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("cannot read JMH results from " + f + ": " + e.getOriginalMessage(), e);
            }
            if (root == null || !root.isArray()) {
                throw new IllegalArgumentException(f + " is not JMH JSON output: expected an array of results");
            }
            for (JsonNode r : root.values()) {
                all.add(parse(f, r));
            }
        }
        return all;
    }

    private static JmhResult parse(Path file, JsonNode r) {
        String benchmark = r.path("benchmark").asString("");
        if (benchmark.isEmpty() || !r.has("primaryMetric")) {
            throw new IllegalArgumentException(file + " holds an entry without 'benchmark' or 'primaryMetric': not JMH output");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> p : r.path("params").properties()) {
            params.put(p.getKey(), p.getValue().asString());
        }
        Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> m : r.path("secondaryMetrics").properties()) {
            secondary.put(m.getKey(), metric(m.getValue()));
        }
        List<String> jvmArgs = new ArrayList<>();
        for (JsonNode a : r.path("jvmArgs").values()) {
            jvmArgs.add(a.asString());
        }
        String jvm = (r.path("vmName").asString("") + " " + r.path("vmVersion").asString("")).trim();
        JmhResult.Run run = new JmhResult.Run(r.path("jmhVersion").asString(""), jvm, r.path("jdkVersion").asString(""),
                List.copyOf(jvmArgs), r.path("forks").asInt(0), iterations(r, "warmup"), iterations(r, "measurement"));
        return new JmhResult(benchmark, r.path("mode").asString(""), r.path("threads").asInt(1),
                Collections.unmodifiableMap(params), metric(r.path("primaryMetric")),
                Collections.unmodifiableMap(secondary), run);
    }

    private static String iterations(JsonNode r, String phase) {
        int n = r.path(phase + "Iterations").asInt(0);
        String time = "ss".equals(r.path("mode").asString("")) ? "single-shot" : r.path(phase + "Time").asString("");
        int batch = r.path(phase + "BatchSize").asInt(1);
        return n + " x " + time + (batch > 1 ? " (batch " + batch + ")" : "");
    }

    private static JmhResult.Metric metric(JsonNode m) {
        List<List<Double>> raw = new ArrayList<>();
        for (JsonNode fork : m.path("rawData").values()) {
            List<Double> values = new ArrayList<>();
            for (JsonNode v : fork.values()) {
                values.add(number(v));
            }
            raw.add(List.copyOf(values));
        }
        TreeMap<Double, Double> percentiles = new TreeMap<>();
        for (Map.Entry<String, JsonNode> p : m.path("scorePercentiles").properties()) {
            try {
                percentiles.put(Double.parseDouble(p.getKey()), number(p.getValue()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a percentile named '" + p.getKey() + "' is not a number", e);
            }
        }
        return new JmhResult.Metric(number(m.path("score")), number(m.path("scoreError")),
                m.path("scoreUnit").asString(""), List.copyOf(raw), Collections.unmodifiableSortedMap(percentiles));
    }

    /** JMH writes NaN and infinities as strings. */
    private static double number(JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isString()) {
            try {
                return Double.parseDouble(v.stringValue());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
