package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.jsonl.JsonlStateStore;
import dev.statestore.jsonl.ReplayReport;
import dev.statestore.StateTransition;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * A journal opened for writing by the subcommands that change it ({@code compact},
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

    /** How many bad lines {@link #refuse} names in its message. */
    static final int BAD_LINES_NAMED = 3;

    /**
     * Checks an existing {@code journal} without opening it for writing, before a command opens it
     * to write, and refuses a file that is not a journal (see {@link JournalGuard}; also a short
     * file without a single valid line, which a store would take for an empty journal). Nothing on
     * disk changes when it refuses.
     *
     * @throws CliException with exit code 1 naming the first bad line
     */
    static void check(Path journal, String command) {
        Journals.Head head = Journals.guard(Journals.layout(journal), journal);
        if (!head.valid() && head.bad() > 0) {
            throw new CliException(ExitCodes.PROBLEMS, journal + " is not a statestore journal: none of its "
                    + Text.plural(head.bad(), "line", "lines") + " holds a transition (" + head.firstProblem() + "); "
                    + command + " changed nothing");
        }
    }

    /**
     * Refuses, when {@code strict}, a journal whose state read met a bad line or a damaged file.
     *
     * @throws CliException with exit code 1 naming the count and the first problems
     */
    static void refuse(Path journal, Journals.LiveState state, boolean strict, String command) {
        long bad = state.bad().count();
        if (bad == 0 || !strict) {
            return;
        }
        StringJoiner first = new StringJoiner("; ");
        state.bad().first().stream().limit(BAD_LINES_NAMED).forEach(p -> first.add(BadLines.describe(p)));
        throw new CliException(ExitCodes.PROBLEMS, journal + " holds " + Text.plural(bad, "bad line", "bad lines")
                + " (" + first + (bad > BAD_LINES_NAMED ? "; ..." : "") + "): " + command
                + " --strict changes no journal with bad lines, and nothing was changed (verify lists them)");
    }

    /** The options of an operator's write: it is on disk when the command returns. */
    static final Map<String, String> OPERATOR_WRITE = Map.of("durability", "synced");

    /**
     * Checks a journal that an operator's write may create: absent, or a regular file that is a
     * journal (see {@link #check}, lenient).
     */
    static void checkForWrite(Path journal, String command) {
        Journals.absentOrRegular(journal);
        if (Files.exists(journal)) {
            check(journal, command);
        }
    }

    /** Returns what {@code write} returns, a key or value the store refuses reported as a usage error. */
    static <T> T refusedAsUsage(Supplier<T> write) {
        try {
            return write.get();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage() + "; nothing written");
        }
    }

    /** Prints the transition an operator's write made: one line of text, or its JSON object. */
    static void printWrite(PrintWriter out, OutputFormat.Format format, StateTransition t) {
        if (format == OutputFormat.Format.TEXT) {
            out.println(Text.transition("", t, true));
            out.flush();
        } else {
            new Output(out, format).document(Json.transition(0, t));
        }
    }

    /**
     * Returns the note on the torn last line the store's open cut off, or {@code null} when there
     * was none; the store keeps its bytes in a side file.
     */
    static String tornNote(ReplayReport opened) {
        return opened.tornBytes() == 0 ? null
                : "the open cut off a torn last line of " + Text.bytes(opened.tornBytes())
                        + " (an unfinished write; its bytes are kept in a .torn- file beside the journal)";
    }
}
