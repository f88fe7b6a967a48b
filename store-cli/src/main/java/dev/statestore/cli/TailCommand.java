package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.jsonl.JournalLine;
import dev.statestore.jsonl.JournalReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Returns the latest transitions of a journal and, with {@code -f}, each new one as it is
 * appended, by polling the file's length. Read-only.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {
            "Prints the last transitions of a journal, one per line; with -f keeps running and prints "
                    + "each transition appended after, until interrupted (Ctrl-C). It polls the file for "
                    + "growth; when a compaction or reap rewrites the journal it says so on standard error and "
                    + "goes on from the end of the new file. Bad lines are reported on standard error. "
                    + "Read-only: takes no lock, repairs nothing.",
        })
final class TailCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<journal>", description = "the journal file")
    Path journal;

    @Option(names = {"-f", "--follow"}, description = "keep printing transitions as they are appended")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N",
            description = "print the last N transitions first (default: ${DEFAULT-VALUE}; 0: only new ones)")
    int last = 10;

    @Option(names = "--json", description = "print each transition as one JSON object, values in full")
    boolean json;

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
        Journals.existing(journal);
        PrintWriter out = out();
        ArrayDeque<JournalLine> recent = new ArrayDeque<>();
        long[] lines = {0};
        long offset = readFrom(0, 1, line -> {
            lines[0] = line.lineNumber();
            if (line.transition().isPresent() && last > 0) {
                if (recent.size() == last) {
                    recent.pollFirst();
                }
                recent.addLast(line);
            }
        });
        recent.forEach(this::print);
        out.flush();
        if (!follow) {
            return ExitCodes.OK;
        }
        Object fileKey = fileKey();
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Object key = fileKey();
            long size = Journals.size(journal);
            if (!Objects.equals(key, fileKey) || size < offset) {
                err().println("tail: " + journal + " was rewritten (compacted, reaped or replaced);"
                        + " following the end of the new file");
                err().flush();
                fileKey = key;
                lines[0] = 0;
                offset = readFrom(0, 1, line -> lines[0] = line.lineNumber());
                continue;
            }
            if (size > offset) {
                offset = readFrom(offset, lines[0] + 1, line -> {
                    lines[0] = line.lineNumber();
                    print(line);
                });
                out.flush();
            }
        }
        return ExitCodes.OK;
    }

    private long readFrom(long offset, long firstLine, Consumer<JournalLine> sink) {
        try {
            return JournalReader.readFrom(journal, offset, firstLine, line -> {
                if (line.problem().isPresent()) {
                    err().println("tail: line " + line.lineNumber() + " skipped: " + Text.oneLine(line.problem().get()));
                    err().flush();
                }
                sink.accept(line);
            });
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
    }

    private void print(JournalLine line) {
        line.transition().ifPresent(t -> out().println(json ? Json.compact(Json.transition(line.lineNumber(), t))
                : Text.transition(line.lineNumber(), t, true)));
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(journal, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw CliException.io("cannot read " + journal + ": " + e, e);
        }
    }
}
