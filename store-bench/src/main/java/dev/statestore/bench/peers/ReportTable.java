package dev.statestore.bench.peers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Returns the Markdown table of one workload: a row per combination of threads and parameters
 * other than the store, a column per store, and a column per peer with the ratio of ours to that
 * peer from the same run. Parameters that have one value across the workload (sizes such as
 * {@code keys}) are not columns; {@link #fixed()} names them for the caption.
 *
 * <p>Immutable once built; not meant for sharing between threads.
 */
final class ReportTable {

    private static final Set<String> ALWAYS_COLUMNS = Set.of("durability", "shutdown");

    private final List<String> columns;
    private final boolean threadsColumn;
    private final List<PeerKind> stores;
    private final List<Row> rows;
    private final String fixed;

    private ReportTable(List<String> columns, boolean threadsColumn, List<PeerKind> stores, List<Row> rows, String fixed) {
        this.columns = columns;
        this.threadsColumn = threadsColumn;
        this.stores = stores;
        this.rows = rows;
        this.fixed = fixed;
    }

    /** Returns the table of {@code results}, all of one benchmark class. */
    static ReportTable of(List<JmhResults.Result> results) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        Set<Integer> threads = new LinkedHashSet<>();
        Set<PeerKind> present = new LinkedHashSet<>();
        for (JmhResults.Result r : results) {
            threads.add(r.threads());
            present.add(PeerKind.valueOf(r.params().get("store")));
            r.params().forEach((k, v) -> {
                if (!k.equals("store")) {
                    values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v);
                }
            });
        }
        List<String> columns = new ArrayList<>();
        List<String> fixedParts = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v.size() > 1 || ALWAYS_COLUMNS.contains(k)) {
                columns.add(k);
            } else {
                fixedParts.add("`" + k + "` = " + v.iterator().next());
            }
        });
        boolean threadsColumn = threads.size() > 1;
        if (!threadsColumn) {
            int t = threads.iterator().next();
            fixedParts.add(t + (t == 1 ? " thread" : " threads"));
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (JmhResults.Result r : results) {
            Map<String, String> key = new LinkedHashMap<>();
            for (String c : columns) {
                key.put(c, r.params().getOrDefault(c, ""));
            }
            String id = r.threads() + "|" + key;
            rows.computeIfAbsent(id, x -> new Row(r.threads(), key, threadsColumn))
                    .put(PeerKind.valueOf(r.params().get("store")), r);
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparingInt(Row::threads).thenComparing(ReportTable::compareParams));
        List<PeerKind> stores = new ArrayList<>();
        for (PeerKind k : PeerKind.values()) {
            if (present.contains(k)) {
                stores.add(k);
            }
        }
        return new ReportTable(columns, threadsColumn, stores, sorted, String.join(", ", fixedParts));
    }

    private static int compareParams(Row a, Row b) {
        for (Map.Entry<String, String> e : a.params().entrySet()) {
            String x = e.getValue();
            String y = b.params().getOrDefault(e.getKey(), "");
            int c = Integer.compare(rank(x), rank(y));
            if (c == 0) {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Orders levels and shutdowns from the weakest to the strongest guarantee. */
    private static int rank(String value) {
        List<String> order = List.of("BUFFERED", "FLUSHED", "SYNCED", "CLEAN", "CRASH");
        int i = order.indexOf(value);
        return i < 0 ? order.size() : i;
    }

    /** Returns the rows, sorted by threads and then by parameter. */
    List<Row> rows() {
        return rows;
    }

    /** Returns the parameters with one value across the workload, as a caption; empty when none. */
    String fixed() {
        return fixed;
    }

    /** Returns the table as Markdown, ending with a newline. */
    String markdown() {
        StringBuilder sb = new StringBuilder("|");
        if (threadsColumn) {
            sb.append(" threads |");
        }
        columns.forEach(c -> sb.append(' ').append(c).append(" |"));
        stores.forEach(s -> sb.append(' ').append(s.label()).append(" |"));
        List<PeerKind> peers = new ArrayList<>(stores);
        boolean hasOurs = peers.remove(PeerKind.STATESTORE_JSONL);
        if (hasOurs) {
            peers.forEach(p -> sb.append(" ours/").append(p.label()).append(" |"));
        }
        sb.append("\n|");
        int cells = (threadsColumn ? 1 : 0) + columns.size() + stores.size() + (hasOurs ? peers.size() : 0);
        for (int i = 0; i < cells; i++) {
            sb.append(i < (threadsColumn ? 1 : 0) + columns.size() ? "---|" : "---:|");
        }
        sb.append('\n');
        for (Row row : rows) {
            sb.append('|');
            if (threadsColumn) {
                sb.append(' ').append(row.threads()).append(" |");
            }
            row.params().values().forEach(v -> sb.append(' ').append(v).append(" |"));
            for (PeerKind s : stores) {
                JmhResults.Result r = row.of(s);
                sb.append(' ').append(r == null ? "–" : figure(r)).append(" |");
            }
            if (hasOurs) {
                JmhResults.Result ours = row.of(PeerKind.STATESTORE_JSONL);
                for (PeerKind p : peers) {
                    JmhResults.Result theirs = row.of(p);
                    sb.append(' ').append(ours == null || theirs == null || theirs.score() == 0 ? "–"
                            : ratio(ours.score() / theirs.score())).append(" |");
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Returns {@code score ± error} in a readable number of digits. */
    static String figure(JmhResults.Result r) {
        String score = number(r.score());
        return Double.isNaN(r.error()) ? score : score + " ± " + number(r.error());
    }

    /** Returns {@code x} with thousands separators above 1000 and three significant digits below. */
    static String number(double x) {
        double a = Math.abs(x);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", x);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", x);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", x);
        }
        return String.format(Locale.ROOT, "%.3g", x);
    }

    /** Returns a factor such as {@code 1.23×}. */
    static String ratio(double factor) {
        return String.format(Locale.ROOT, factor >= 10 ? "%.0f×" : "%.2f×", factor);
    }

    /** One row: the results of every store for one thread count and parameter combination. */
    static final class Row {
        private final int threads;
        private final Map<String, String> params;
        private final boolean showThreads;
        private final Map<PeerKind, JmhResults.Result> byStore = new EnumMap<>(PeerKind.class);

        Row(int threads, Map<String, String> params, boolean showThreads) {
            this.threads = threads;
            this.params = params;
            this.showThreads = showThreads;
        }

        void put(PeerKind kind, JmhResults.Result r) {
            byStore.put(kind, r);
        }

        int threads() {
            return threads;
        }

        Map<String, String> params() {
            return params;
        }

        /** Returns the result of {@code kind} in this row, or {@code null}. */
        JmhResults.Result of(PeerKind kind) {
            return byStore.get(kind);
        }

        /** Returns the row as words, such as {@code 4 threads, SYNCED}. */
        String label() {
            List<String> parts = new ArrayList<>();
            if (showThreads) {
                parts.add(threads + (threads == 1 ? " thread" : " threads"));
            }
            parts.addAll(params.values());
            return parts.isEmpty() ? "the single row" : String.join(", ", parts);
        }
    }
}
