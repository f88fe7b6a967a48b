package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs the tool in-process with captured standard output and error. */
final class Cli {

    private Cli() {
    }

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {

        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        /** Asserts a failure reported as exactly one line on standard error naming {@code expected}. */
        Run failsWith(int code, String expected) {
            assertEquals(code, exit, () -> "exit code; out: " + out + " err: " + err);
            assertEquals(1, errLines().size(), () -> "one error line expected, got: " + err);
            assertTrue(err.contains(expected), () -> "error should mention '" + expected + "': " + err);
            assertTrue(!err.contains("\tat "), () -> "no stack trace expected: " + err);
            return this;
        }

        Run succeeds() {
            assertEquals(ExitCodes.OK, exit, () -> "exit code; out: " + out + " err: " + err);
            return this;
        }
    }

    static Run run(String... args) {
        return run(Main.commandLine(), args);
    }

    static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
