package dev.statestore.cli;

import dev.statestore.StateStoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The handler of a failure: it picks the tool's exit code and reports it as one line on standard error,
 * {@code statestore <subcommand>: <what went wrong>}. Stack traces are printed only for bugs,
 * and only when the environment variable {@code STATESTORE_DEBUG} is {@code 1}.
 *
 * <p>Stateless and thread-safe.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        String suggestion = "";
        if (ex instanceof UnmatchedArgumentException) {
            List<String> similar = ((UnmatchedArgumentException) ex).getSuggestions();
            if (!similar.isEmpty()) {
                suggestion = "; did you mean " + similar.stream().limit(3).map(s -> "'" + s + "'")
                        .collect(Collectors.joining(" or ")) + "?";
            }
        }
        report(cl.getErr(), name, ex.getMessage() + suggestion + " (see '" + name + " --help')");
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        String name = cl.getCommandSpec().qualifiedName();
        PrintWriter err = cl.getErr();
        int code;
        String message;
        if (ex instanceof CliException) {
            code = ((CliException) ex).exitCode();
            message = ex.getMessage();
        } else if (ex instanceof StateStoreException) {
            code = ExitCodes.IO;
            message = ex.getMessage();
        } else if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            code = ExitCodes.IO;
            Throwable io = ex instanceof UncheckedIOException ? ex.getCause() : ex;
            message = "I/O error: " + io;
        } else if (ex instanceof IllegalArgumentException) {
            code = ExitCodes.USAGE;
            message = ex.getMessage();
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error: " + ex + " (STATESTORE_DEBUG=1 prints the stack trace)";
        }
        report(err, name, message);
        if (code == ExitCodes.INTERNAL && "1".equals(System.getenv("STATESTORE_DEBUG"))) {
            ex.printStackTrace(err);
            err.flush();
        }
        return code;
    }

    private static void report(PrintWriter err, String name, String message) {
        String text = message == null ? "failed" : Text.oneLine(message);
        err.println(name + ": " + text);
        err.flush();
    }
}
