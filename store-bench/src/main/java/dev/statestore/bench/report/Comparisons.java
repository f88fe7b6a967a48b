package dev.statestore.bench.report;

import dev.statestore.Durability;
import dev.statestore.bench.Subject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The side-by-side tables of one workload: a table per durability level (the in-memory subjects
 * form a group of their own), a row per thread count and parameter combination, a column per
 * subject with its figure and interval, and a column per other subject with the ratio of this
 * project's store to it and whether the two intervals separate. Below each table, the
 * comparisons where ours is behind with separate intervals, and how many were inconclusive.
 *
 * <p>Thread-safe; holds no state.
 */
final class Comparisons {

    private Comparisons() {
    }

    /**
     * Returns the tables of {@code results}, all of one workload operation.
     *
     * @param workload the workload's name in sentences, such as {@code Single-key writes}
     * @param results the results
     * @return Markdown, or a sentence saying the workload was not measured
     */
    static String tables(String workload, List<JmhResult> results) {
        if (results.isEmpty()) {
            return "_" + workload + ": not measured in this run._\n";
        }
        Map<String, List<JmhResult>> groups = new LinkedHashMap<>();
        for (String level : List.of("in memory", "BUFFERED", "FLUSHED", "SYNCED", "other")) {
            groups.put(level, new ArrayList<>());
        }
        for (JmhResult r : results) {
            groups.get(level(r)).add(r);
        }
        StringBuilder md = new StringBuilder();
        boolean lowerIsBetter = !results.get(0).higherIsBetter();
        md.append("Figures in ").append(Results.unit(results.get(0))).append(lowerIsBetter ? ", lower is better" : ", higher is better")
                .append("; ± is the 99.9% interval. Ratio ours/other: above 1 means ours ")
                .append(lowerIsBetter ? "took longer" : "did more")
                .append("; *separate*: the two intervals do not overlap; *inconclusive*: they do.\n\n");
        groups.forEach((level, rs) -> {
            if (!rs.isEmpty()) {
                md.append("**").append(level.equals("in memory") ? "In memory" : level).append("**\n\n");
                table(md, workload, rs);
            }
        });
        return md.toString();
    }

    /** Returns the group of a result: its subject's level, {@code in memory} or {@code other}. */
    static String level(JmhResult r) {
        Optional<Subject> s = Results.subject(r);
        if (s.isEmpty()) {
            return "other";
        }
        return s.get().durability().map(Durability::name).orElse("in memory");
    }

    private static void table(StringBuilder md, String workload, List<JmhResult> rs) {
        Set<Subject> subjects = new LinkedHashSet<>();
        Map<String, Set<String>> paramValues = new LinkedHashMap<>();
        Set<Integer> threads = new LinkedHashSet<>();
        for (JmhResult r : rs) {
            Results.subject(r).ifPresent(subjects::add);
            threads.add(r.threads());
            r.params().forEach((k, v) -> {
                if (!k.equals("subject")) {
                    paramValues.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v);
                }
            });
        }
        List<String> rowParams = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        paramValues.forEach((k, v) -> {
            if (v.size() > 1) {
                rowParams.add(k);
            } else {
                fixed.add("`" + k + "` = " + v.iterator().next());
            }
        });
        boolean threadColumn = threads.size() > 1;
        if (!threadColumn) {
            fixed.add(threads.iterator().next() + " thread(s)");
        }
        List<Subject> columns = List.copyOf(subjects);
        Subject ours = columns.stream().filter(Subject::isOurs).findFirst().orElse(null);
        List<Subject> others = columns.stream().filter(s -> s != ours).toList();
        List<String> headers = new ArrayList<>();
        if (threadColumn) {
            headers.add("threads");
        }
        headers.addAll(rowParams);
        int labels = headers.size();
        columns.forEach(s -> headers.add(s.label()));
        if (ours != null) {
            others.forEach(s -> headers.add("ours/" + s.label()));
        }
        if (headers.size() == labels) {
            return;
        }
        Map<String, Map<Subject, JmhResult>> rows = new LinkedHashMap<>();
        Map<String, List<String>> rowLabels = new LinkedHashMap<>();
        for (JmhResult r : rs) {
            List<String> label = new ArrayList<>();
            if (threadColumn) {
                label.add(Integer.toString(r.threads()));
            }
            rowParams.forEach(p -> label.add(r.param(p).orElse("")));
            String key = String.join("|", label);
            rowLabels.putIfAbsent(key, label);
            Results.subject(r).ifPresent(s -> rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(s, r));
        }
        MdTable t = new MdTable(labels, headers);
        List<String> behind = new ArrayList<>();
        int inconclusive = 0;
        int compared = 0;
        List<Map.Entry<String, Map<Subject, JmhResult>>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort((a, b) -> compareLabels(rowLabels.get(a.getKey()), rowLabels.get(b.getKey())));
        for (Map.Entry<String, Map<Subject, JmhResult>> row : sorted) {
            List<String> cells = new ArrayList<>(rowLabels.get(row.getKey()));
            for (Subject s : columns) {
                JmhResult r = row.getValue().get(s);
                cells.add(r == null ? "–" : Format.estimate(Results.figure(r)));
            }
            if (ours != null) {
                JmhResult mine = row.getValue().get(ours);
                for (Subject s : others) {
                    JmhResult theirs = row.getValue().get(s);
                    if (mine == null || theirs == null) {
                        cells.add("–");
                        continue;
                    }
                    Estimate.Ratio ratio = Estimate.ratio(Results.figure(mine), Results.figure(theirs));
                    cells.add(Format.ratio(ratio));
                    compared++;
                    if (!ratio.separated()) {
                        inconclusive++;
                    } else if (mine.higherIsBetter() == ratio.value() < 1) {
                        List<String> where = new ArrayList<>();
                        List<String> values = rowLabels.get(row.getKey());
                        for (int i = 0; i < values.size(); i++) {
                            where.add(headers.get(i) + " " + values.get(i));
                        }
                        behind.add((where.isEmpty() ? "" : String.join(", ", where) + ": ") + s.label() + " at "
                                + Format.ratio(ratio.value()));
                    }
                }
            }
            t.row(cells);
        }
        md.append(t);
        if (!fixed.isEmpty()) {
            md.append("\n").append(String.join(", ", fixed)).append(".\n");
        }
        if (ours != null && compared > 0) {
            md.append("\n").append(workload).append(", ").append(ours.durability().map(d -> d.name().toLowerCase(Locale.ROOT))
                    .orElse("in memory")).append(": ").append(compared).append(" comparisons, ")
                    .append(behind.size()).append(" with ours behind and the intervals separate")
                    .append(behind.isEmpty() ? "" : " (" + String.join("; ", behind) + ")").append(", ")
                    .append(inconclusive).append(" inconclusive.\n");
        }
        md.append('\n');
    }

    /** Orders rows by their labels, left to right, numbers by value. */
    private static int compareLabels(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).matches("\\d+") && b.get(i).matches("\\d+")
                    ? Long.compare(Long.parseLong(a.get(i)), Long.parseLong(b.get(i))) : a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
