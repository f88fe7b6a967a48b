package dev.statestore.cli;

import java.io.PrintWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The JSON a command prints with {@code -o json} or {@code -o jsonl}: a single document,
 * or a list written as it is produced, so that a long list never has to fit in memory:
 * {@code json} writes an indented array, {@code jsonl} one compact value per line.
 *
 * <p>Not thread-safe: one command writes it. {@link #close()} ends the array; it does not close
 * the command's stream.
 */
final class Output implements AutoCloseable {

    private final PrintWriter out;
    private final OutputFormat.Format format;
    private JsonGenerator array;

    Output(PrintWriter out, OutputFormat.Format format) {
        if (format == OutputFormat.Format.TEXT) {
            throw new IllegalArgumentException("text output is printed by the command itself");
        }
        this.out = out;
        this.format = format;
    }

    /** Prints one JSON document: indented for {@code json}, on one line for {@code jsonl}. */
    void document(JsonNode node) {
        out.println(format == OutputFormat.Format.JSON ? Json.pretty(node) : Json.compact(node));
        out.flush();
    }

    /** Prints one element of a list: an array element for {@code json}, a line for {@code jsonl}. */
    void item(JsonNode node) {
        if (format == OutputFormat.Format.JSONL) {
            out.println(Json.compact(node));
            return;
        }
        if (array == null) {
            array = Json.MAPPER.writerWithDefaultPrettyPrinter().createGenerator(out);
            array.writeStartArray();
        }
        array.writeTree(node);
    }

    /** Ends the list: an empty array for {@code json} if no element was printed. */
    @Override
    public void close() {
        if (format == OutputFormat.Format.JSON) {
            if (array == null) {
                out.println("[ ]");
            } else {
                array.writeEndArray();
                array.close();
                out.println();
            }
        }
        out.flush();
    }
}
