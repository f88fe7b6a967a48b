package dev.statestore.bench.report;

import dev.statestore.bench.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The results of one run, with the look-ups the report makes: by benchmark class, operation,
 * subject and parameters, scores converted to seconds or per second. When the same benchmark
 * and parameters appear twice, the later result wins.
 *
 * <p>Immutable; thread-safe.
 */
final class Results {

    private final List<JmhResult> all;

    /**
     * Creates the view.
     *
     * @param results the results, in run order
     */
    Results(List<JmhResult> results) {
        Map<String, JmhResult> latest = new LinkedHashMap<>();
        for (JmhResult r : results) {
            String key = r.benchmark() + r.params() + r.threads();
            latest.remove(key);
            latest.put(key, r);
        }
        this.all = List.copyOf(latest.values());
    }

    /**
     * Returns every result.
     *
     * @return the results
     */
    List<JmhResult> all() {
        return all;
    }

    /**
     * Returns the results of benchmark class {@code cls} and operation {@code op} that pass
     * {@code filter}, sorted by subject, then threads.
     *
     * @param cls the simple class name
     * @param op the operation ({@link JmhResult#operation()}), or {@code null} for any
     * @param filter a further condition
     * @return the results
     */
    List<JmhResult> of(String cls, String op, Predicate<JmhResult> filter) {
        List<JmhResult> out = new ArrayList<>();
        for (JmhResult r : all) {
            if (r.className().equals(cls) && (op == null || r.operation().equals(op)) && filter.test(r)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing((JmhResult r) -> subject(r).map(Enum::ordinal).orElse(-1))
                .thenComparingInt(JmhResult::threads));
        return out;
    }

    /**
     * Returns the one result of {@code cls}, method {@code method}, {@code subject} and the given
     * parameter values, if measured.
     *
     * @param cls the simple class name
     * @param method the method name
     * @param subject the subject
     * @param params further parameter name and value pairs
     * @return the result
     */
    Optional<JmhResult> find(String cls, String method, Subject subject, String... params) {
        return all.stream().filter(r -> r.className().equals(cls) && r.method().equals(method)
                && r.param("subject").orElse("").equals(subject.name()) && matches(r, params)).findFirst();
    }

    private static boolean matches(JmhResult r, String... params) {
        for (int i = 0; i < params.length; i += 2) {
            if (!r.param(params[i]).orElse("").equals(params[i + 1])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the subject of a result, empty when it has none or an unknown one.
     *
     * @param r the result
     * @return the subject
     */
    static Optional<Subject> subject(JmhResult r) {
        try {
            return r.param("subject").map(Subject::valueOf);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns a result's primary figure as a rate per second (throughput) or a time in
     * milliseconds (single shot, average time), or as reported for other units.
     *
     * @param r the result
     * @return the figure
     */
    static Estimate figure(JmhResult r) {
        JmhResult.Metric m = r.primary();
        String unit = m.unit();
        if (!unit.contains("/") || unit.startsWith("B")) {
            return m.estimate();
        }
        String top = unit.substring(0, unit.indexOf('/'));
        String bottom = unit.substring(unit.indexOf('/') + 1);
        if (top.equals("ops")) {
            return m.estimate().times(1 / seconds(bottom));
        }
        return m.estimate().times(seconds(top) * 1e3);
    }

    /**
     * Returns the unit {@link #figure} gives a result in.
     *
     * @param r the result
     * @return {@code ops/s}, {@code ms} or the result's own unit
     */
    static String unit(JmhResult r) {
        String unit = r.primary().unit();
        if (!unit.contains("/") || unit.startsWith("B")) {
            return unit;
        }
        return unit.startsWith("ops/") ? "ops/s" : "ms";
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            case "op" -> 1;
            default -> throw new IllegalArgumentException("not a time unit: " + unit);
        };
    }
}
