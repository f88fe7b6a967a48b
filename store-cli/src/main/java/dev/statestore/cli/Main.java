package dev.statestore.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The {@code statestore} command line tool: the entry point of {@code statestore.jar}
 * and of the {@code ./statestore} launcher.
 *
 * <p>{@link #commandLine()} builds the whole command tree with the tool's error handling, so
 * tests run subcommands in-process with {@code commandLine().execute(args)} and captured
 * streams. Every failure that is not a bug ends as one line on standard error and an exit code
 * from {@link ExitCodes}.
 *
 * <p>Not thread-safe: build one command line per run.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the tool and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        oneLineLogs();
        System.exit(commandLine().execute(args));
    }

    /**
     * Makes the store's warnings (skipped journal lines, a cut torn tail), which go through
     * {@code System.Logger} to {@code java.util.logging}, print as one line each on standard
     * error instead of the default two-line records.
     */
    static void oneLineLogs() {
        Formatter oneLine = new Formatter() {
            @Override
            public String format(LogRecord r) {
                return "statestore: " + r.getLevel().getName().toLowerCase(Locale.ROOT) + ": "
                        + formatMessage(r) + System.lineSeparator();
            }
        };
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(oneLine);
        }
    }

    /**
     * Returns a new command line for the whole tool, with the error handling and the exit code
     * list of every subcommand set up; write streams with {@code setOut}/{@code setErr}.
     *
     * @return the command line
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new StatestoreCommand());
        ErrorHandler handler = new ErrorHandler();
        cl.setParameterExceptionHandler(handler);
        cl.setExecutionExceptionHandler(handler);
        cl.setExecutionStrategy(Main::runReportingOutOfMemory);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Map<String, String> codes = new LinkedHashMap<>();
        for (String entry : ExitCodes.HELP_LIST) {
            int colon = entry.indexOf(':');
            codes.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        applyExitCodes(cl, codes);
        return cl;
    }

    /**
     * Runs the subcommand, turning an {@link OutOfMemoryError} into a one-line failure with exit
     * code 3 that says how to give the tool more heap: the error is the environment's (a journal
     * larger than the heap), not a bug, and picocli would let it escape as a stack trace.
     */
    private static int runReportingOutOfMemory(ParseResult parseResult) {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (OutOfMemoryError e) {
            List<CommandLine> chain = parseResult.asCommandLineList();
            CommandLine cl = chain.get(chain.size() - 1);
            throw new CommandLine.ExecutionException(cl, "out of memory", new CliException(ExitCodes.IO,
                    "out of memory (" + e.getMessage() + ", maximum heap " + Text.count(Runtime.getRuntime().maxMemory() >> 20)
                            + " MiB): give the tool a larger heap, for example STATESTORE_JAVA_OPTS=-Xmx4g ./statestore ..."
                            + " (or java -Xmx4g -jar statestore.jar ...)"));
        }
    }

    private static void applyExitCodes(CommandLine cl, Map<String, String> codes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            applyExitCodes(sub, codes);
        }
    }
}
