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

    /** How many bad lines {@link #check} names in its message. */
    static final int BAD_LINES_NAMED = 3;

    /**
     * Reads an existing {@code journal} without opening it for writing, before a command opens it
     * to write, and refuses what must not be written to: a file that is not a journal (see
     * {@link JournalGuard}; also a short file without a single valid line, which a rewrite would
     * replace by an empty journal), and, when {@code strict}, a journal with a bad line. Nothing on
     * disk changes when it refuses.
     *
     * @return what the read found
     * @throws CliException with exit code 1 naming the count and the first bad lines
     */
    static Journals.Scan check(Path journal, Progress progress, boolean strict, String command) {
        Journals.Scan scan = Journals.read(journal, progress, line -> { });
        refuse(journal, scan, strict, command);
        return scan;
    }

    /** Refuses what {@link #check} refuses, from a read already made. */
    static void refuse(Path journal, Journals.Scan scan, boolean strict, String command) {
        long bad = scan.bad().count();
        if (bad == 0) {
            return;
        }
        StringJoiner first = new StringJoiner("; ");
        scan.bad().first().stream().limit(BAD_LINES_NAMED)
                .forEach(s -> first.add("line " + s.lineNumber() + ": " + s.reason()));
        if (scan.applied() == 0) {
            throw new CliException(ExitCodes.PROBLEMS, journal + " is not a statestore journal: none of its "
                    + Text.plural(bad, "line", "lines") + " holds a transition (" + first + "); " + command
                    + " changed nothing");
        }
        if (strict) {
            throw new CliException(ExitCodes.PROBLEMS, journal + " holds " + Text.plural(bad, "bad line", "bad lines")
                    + " (" + first + (bad > BAD_LINES_NAMED ? "; ..." : "") + "): " + command
                    + " --strict rewrites no journal with bad lines, and nothing was changed (verify lists them;"
                    + " without --strict the rewrite drops them)");
        }
    }

    /** The options of an operator's write: it is on disk when the command returns. */
    static final Map<String, String> OPERATOR_WRITE = Map.of("durability", "synced");

    /**
     * Checks a journal that an operator's write may create: absent, or a regular file that is a
     * journal (see {@link #check}, lenient).
     */
    static void checkForWrite(Path journal, Progress progress, String command) {
        Journals.absentOrRegular(journal);
        if (Files.exists(journal)) {
            check(journal, progress, false, command);
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
