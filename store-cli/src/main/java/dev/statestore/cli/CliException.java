package dev.statestore.cli;

/**
 * A failure that the tool reports as one line on standard error and an exit code, never
 * as a stack trace: a user mistake or an environment problem, already worded for the user.
 *
 * <p>Immutable.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    static CliException notFound(String message) {
        return new CliException(ExitCodes.PROBLEMS, message);
    }

    static CliException io(String message, Throwable cause) {
        return new CliException(ExitCodes.IO, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
