package dev.statestore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * Returns the top of the command tree: {@code statestore <subcommand>}. Run without a
 * subcommand it prints the usage to standard error and exits with {@link ExitCodes#USAGE}.
 */
@Command(name = "statestore",
        versionProvider = StatestoreCommand.Version.class,
        description = "Runs the demo and a quick benchmark, and reads, checks and maintains statestore"
                + " JSON Lines journals (also those written by car-state).",
        subcommands = {
            HelpCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            InspectCommand.class,
            GetCommand.class,
            KeysCommand.class,
            HistoryCommand.class,
            VerifyCommand.class,
            CompactCommand.class,
            ReapCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            TailCommand.class,
            PutCommand.class,
            DelCommand.class,
            ExpireCommand.class,
            CompletionCommand.class,
        },
        footer = {
            "",
            "inspect, get, keys, history, verify, export and tail only read: they take no lock and"
                    + " repair nothing, so they work while a service holds the journal open. put, del, expire,"
                    + " compact, reap and import open the journal for writing and fail (exit 3) while another"
                    + " store holds it. Commands that print data take -o text|json|jsonl.",
        })
final class StatestoreCommand extends BaseCommand {

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        return ExitCodes.USAGE;
    }

    /** Returns the version from the jar's manifest, or {@code dev} when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = StatestoreCommand.class.getPackage().getImplementationVersion();
            return new String[] {"statestore " + (v == null ? "dev" : v)};
        }
    }
}
