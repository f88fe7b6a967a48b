package dev.statestore.cli;

/**
 * The exit codes of the {@code statestore} tool, the same for every subcommand and
 * listed in each one's {@code --help}.
 *
 * <p>A constant holder; not instantiable.
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /**
     * The command ran and found a problem: {@code verify} found bad lines, a rewrite kept the bad
     * lines it dropped in a side file, a key was not found, the file is not a journal.
     */
    public static final int PROBLEMS = 1;
    /** The command line is wrong: unknown option, bad value, a journal file that does not exist. */
    public static final int USAGE = 2;
    /** The environment failed: an I/O error, or the journal is locked by a running store. */
    public static final int IO = 3;
    /** A bug in the tool; {@code STATESTORE_DEBUG=1} prints its stack trace. */
    public static final int INTERNAL = 4;

    /** The list shown under "Exit codes" in every {@code --help}. */
    static final String[] HELP_LIST = {
        "0:ok",
        "1:found a problem (bad lines found, or dropped into a side file; key not found; not a journal)",
        "2:usage error (bad option or value, no such journal file)",
        "3:I/O error, or the journal is locked by a running store",
        "4:internal error (STATESTORE_DEBUG=1 prints the stack trace)",
    };

    private ExitCodes() {
    }
}
