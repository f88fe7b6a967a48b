package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.jsonl.JsonlStateStore;
import dev.statestore.jsonl.ReplayReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Returns a journal opened for writing by the subcommands that change it ({@code compact},
 * {@code reap}, {@code import}), through the store itself so that its lock, its recovery and its
 * atomic rewrite apply. Stateless; the caller closes the store.
 */
final class Writers {

    private Writers() {
    }

    /**
     * Returns the store of {@code journal}.
     *
     * @throws CliException with exit code 3 when the journal is locked by another store or
     *     cannot be opened; with exit code 2 for a bad option value
     */
    static JsonlStateStore open(Path journal, Map<String, String> options) {
        try {
            return JsonlStateStore.open(journal, options);
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** Returns the store a builder opens, failures worded as by {@link #open}. */
    static JsonlStateStore openBuilt(JsonlStateStore.Builder builder) {
        try {
            return builder.open();
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** Prints what the open had to skip or cut, which a rewrite makes permanent. */
    static void reportRecovery(PrintWriter out, ReplayReport r) {
        if (r.skippedCount() > 0) {
            StringJoiner lines = new StringJoiner(", ");
            r.skipped().stream().limit(InspectCommand.SKIPPED_SHOWN).forEach(s -> lines.add(Long.toString(s.lineNumber())));
            if (r.skippedCount() > InspectCommand.SKIPPED_SHOWN) {
                lines.add("...");
            }
            out.println("note: the open skipped " + Text.plural(r.skippedCount(), "bad line", "bad lines")
                    + " (" + lines + "); a rewritten journal no longer holds them");
        }
        if (r.tornBytes() > 0) {
            out.println("note: the open cut off a torn last line of " + Text.bytes(r.tornBytes())
                    + " (its bytes are kept in a .torn file beside the journal)");
        }
    }
}
