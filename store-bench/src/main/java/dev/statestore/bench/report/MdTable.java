package dev.statestore.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's one table writer: a Markdown table whose first columns (the row labels) are
 * left-aligned and the rest (the figures) right-aligned. Cells are escaped for Markdown.
 *
 * <p>Not thread-safe; build, then call {@link #toString()}.
 */
final class MdTable {

    private final List<String> headers;
    private final int labelColumns;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Creates a table.
     *
     * @param labelColumns how many leading columns are labels
     * @param headers the column headers
     */
    MdTable(int labelColumns, List<String> headers) {
        this.headers = List.copyOf(headers);
        this.labelColumns = labelColumns;
    }

    /**
     * Adds a row.
     *
     * @param cells one cell per header
     * @return this table
     * @throws IllegalArgumentException if the number of cells differs from the headers'
     */
    MdTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + headers.size()
                    + " columns: " + cells);
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /**
     * Returns whether the table has no rows.
     *
     * @return {@code true} when empty
     */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Returns the table as Markdown, ending with a newline. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        line(sb, headers);
        sb.append('|');
        for (int i = 0; i < headers.size(); i++) {
            sb.append(i < labelColumns ? "---|" : "---:|");
        }
        sb.append('\n');
        rows.forEach(r -> line(sb, r));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        sb.append('\n');
    }
}
