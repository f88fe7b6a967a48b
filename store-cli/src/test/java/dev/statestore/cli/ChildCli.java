package dev.statestore.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tool in a child JVM, as the launcher does, with its output in files: for what an
 * in-process run cannot show (a blocked read, a small heap, an uncaught error, the real exit).
 */
final class ChildCli {

    private ChildCli() {
    }

    /** What one child run printed and returned; {@code exit} is -1 when it was killed for running too long. */
    record Run(int exit, String out, String err) {

        boolean timedOut() {
            return exit == -1;
        }
    }

    /**
     * Runs {@code args} in a child JVM with the given JVM options, killing it after
     * {@code timeoutSeconds}.
     */
    static Run run(Path workDir, List<String> jvmOptions, long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(workDir, "child", ".out");
            Path err = Files.createTempFile(workDir, "child", ".err");
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(devNull()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int exit;
            if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                exit = p.exitValue();
            } else {
                p.destroyForcibly().waitFor();
                exit = -1;
            }
            return new Run(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run the child JVM: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static java.io.File devNull() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
