package dev.statestore.cli;

import dev.statestore.StateTransition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Returns the latest transitions of a journal and, with {@code -f}, each new one as it is
 * appended, polling the file through a {@link JournalFollower}. Read-only.
 */
@Command(name = "tail",
        header = "Print the latest transitions; -f follows new ones",
        description = {
            "Prints the last transitions of a journal, one per line (revision, timestamp, kind, key, "
                    + "values, action id, TTL), read from the end of the active file and, when it holds fewer, of "
                    + "the sealed segments before it; with -f keeps running and prints each transition appended "
                    + "after, until interrupted (Ctrl-C). It polls the active file for growth, and follows the "
                    + "store when it seals the active file into a segment and starts a new one, without losing "
                    + "or repeating a transition. When the file is rewritten instead (a restore cuts it, or "
                    + "another file is copied over it; told by the file it holds open and checksums of the bytes "
                    + "it read, never by an inode number alone, which file systems reuse) it says so on standard "
                    + "error, prints the writes the file holds that are later than the last one shown, and "
                    + "follows it. Bad lines are reported on standard error. --key, --prefix and --tenant keep only the transitions of one key, of keys with a "
                    + "prefix, or of one tenant's keys (as etcdctl watch --prefix). -o jsonl prints one JSON "
                    + "object per transition, values in full; -o json (not with -f) "
                    + "an array of them. Read-only: takes no lock, repairs nothing.",
        })
final class TailCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = {"-f", "--follow"}, description = "keep printing transitions as they are appended")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N",
            description = "print the last N transitions first (default: ${DEFAULT-VALUE}; 0: only new ones)")
    int last = 10;

    @Option(names = "--key", paramLabel = "K", description = "only the transitions of key K (of tenant T with --tenant)")
    String key;

    @Option(names = "--prefix", paramLabel = "P",
            description = "only the transitions of keys starting with P (after the tenant prefix with --tenant)")
    String prefix;

    @Option(names = "--tenant", paramLabel = "T", description = "only the transitions of tenant T's keys")
    String tenant;

    @Mixin
    OutputFormat output;

    private Predicate<String> wanted = k -> true;

    private Output json;

    @Option(names = "--interval", paramLabel = "MS", description = "poll interval with -f in milliseconds (default: ${DEFAULT-VALUE})")
    long intervalMillis = 200;

    private volatile boolean stopped;

    /** Makes a running {@code tail -f} return after its current poll; for embedding and tests. */
    void stop() {
        stopped = true;
    }

    @Override
    public Integer call() {
        if (last < 0) {
            throw CliException.usage("--lines must be >= 0, was " + last);
        }
        if (intervalMillis < 1) {
            throw CliException.usage("--interval must be >= 1 ms, was " + intervalMillis);
        }
        if (follow && output.format() == OutputFormat.Format.JSON) {
            throw CliException.usage("-f prints transitions as they come, which one JSON document cannot hold:"
                    + " use -o jsonl (one JSON object per line)");
        }
        if (key != null && prefix != null) {
            throw CliException.usage("--key and --prefix cannot be combined: --key names one key, --prefix many");
        }
        String scope = Keys.prefix(tenant);
        if (key != null) {
            String stored = scope + key;
            wanted = stored::equals;
        } else if (prefix != null || tenant != null) {
            String start = scope + (prefix == null ? "" : prefix);
            wanted = k -> k.startsWith(start);
        }
        Journals.layout(journal);
        PrintWriter out = out();
        json = output.format() == OutputFormat.Format.TEXT ? null : new Output(out, output.format());
        RecentHistory.Result recent = RecentHistory.last(journal, last, wanted);
        try (JournalFollower follower = new JournalFollower(journal, this::problem)) {
            follower.start(recent);
            if (recent.bad() > 0) {
                problem("skipped " + Text.plural(recent.bad(), "bad line", "bad lines") + " among the lines read (first: "
                        + recent.firstBad() + "); verify lists them");
            }
            recent.transitions().forEach(this::print);
            out.flush();
            if (!follow) {
                if (json != null) {
                    json.close();
                }
                return ExitCodes.OK;
            }
            boolean missing = false;
            while (!stopped && !Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                JournalFollower.Change change = follower.poll(this::print);
                out.flush();
                if (change == JournalFollower.Change.REWRITTEN) {
                    err().println("tail: " + journal + " was rewritten (restored, or replaced by another file); printed"
                            + " the writes it holds that are later than the last one shown; following it");
                    err().flush();
                } else if (change == JournalFollower.Change.MISSING && !missing) {
                    err().println("tail: " + journal + " is gone; waiting for it to come back");
                    err().flush();
                }
                missing = change == JournalFollower.Change.MISSING;
            }
        }
        return ExitCodes.OK;
    }

    private void problem(String text) {
        err().println("tail: " + Text.oneLine(text));
        err().flush();
    }

    private void print(StateTransition t) {
        if (!wanted.test(t.key())) {
            return;
        }
        if (json != null) {
            json.item(Json.transition(0, t));
        } else {
            out().println(Text.transition(t, true));
        }
    }
}
