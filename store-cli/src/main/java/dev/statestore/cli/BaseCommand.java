package dev.statestore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of each subcommand: the streams of the command line that runs it, so tests capture
 * them with {@code setOut}/{@code setErr}. A subcommand returns its exit code from
 * {@link #call()} or throws a {@link CliException}. Every command has {@code -h}/{@code --help};
 * only the root has {@code -V}/{@code --version}.
 *
 * <p>Not thread-safe: picocli makes one instance per command line.
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Progress progress() {
        return Progress.on(err());
    }
}
