package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.JournalLine;
import dev.statestore.jsonl.JournalReader;
import dev.statestore.jsonl.ReplayReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The contents of a journal file, read through {@link JournalReader}: it takes no lock and
 * repairs nothing, so every read-only subcommand works while a store holds the journal open.
 *
 * <p>Stateless. Failures become {@link CliException}s: a missing path is a usage error, an
 * unreadable file an I/O error.
 */
final class Journals {

    private Journals() {
    }

    /**
     * Returns {@code journal} when it is an existing, readable regular file (a symbolic link to
     * one counts). A directory, FIFO, socket or device is refused before anything opens it: a
     * FIFO would block a reader forever, and a rewrite would replace a device node by a file.
     */
    static Path existing(Path journal) {
        if (!Files.exists(journal)) {
            throw CliException.usage("no such journal file: " + journal);
        }
        requireRegular(journal);
        if (!Files.isReadable(journal)) {
            throw new CliException(ExitCodes.IO, "cannot read " + journal + ": permission denied");
        }
        return journal;
    }

    /**
     * Returns {@code journal} when it is absent (a store opening it creates it) or a regular
     * file, for the commands that may create the journal they write.
     */
    static Path absentOrRegular(Path journal) {
        if (Files.exists(journal) || Files.isSymbolicLink(journal)) {
            if (!Files.exists(journal)) {
                throw CliException.usage(journal + " is a symbolic link to a file that does not exist;"
                        + " give the target's path instead");
            }
            requireRegular(journal);
        }
        return journal;
    }

    private static void requireRegular(Path journal) {
        if (!Files.isRegularFile(journal)) {
            throw CliException.usage(journal + " is " + FileKinds.describe(journal)
                    + ", not a journal file: a journal is a regular file");
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw CliException.io("cannot read the size of " + file + ": " + e, e);
        }
    }

    /**
     * Reads every line of an existing journal into {@code sink}, showing progress on a terminal,
     * and returns what it found: the bad lines are counted, and only the first
     * {@link BadLines#KEPT} of them kept, so that the tool's memory does not grow with them.
     *
     * @throws CliException with exit code 1 when the file is not a journal ({@link JournalGuard})
     */
    static Scan read(Path journal, Progress progress, Consumer<JournalLine> sink) {
        existing(journal);
        long size = Math.max(1, size(journal));
        String name = journal.getFileName().toString();
        BadLines bad = new BadLines();
        JournalGuard guard = new JournalGuard(journal);
        try {
            ReplayReport report = JournalReader.read(journal, line -> {
                if (progress.enabled() && (line.lineNumber() & 1023) == 0) {
                    progress.update("reading " + name + ": " + Text.percent(line.offset(), size)
                            + " (" + Text.count(line.lineNumber()) + " lines)");
                }
                guard.check(line);
                line.problem().ifPresent(problem -> bad.add(line.lineNumber(), problem));
                sink.accept(line);
            });
            return new Scan(report.linesRead(), report.applied(), bad, report.tornBytes(), report.fileBytes());
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        } finally {
            progress.close();
        }
    }

    /**
     * What reading a journal found.
     *
     * @param linesRead complete lines, blank ones included
     * @param applied lines holding a valid transition
     * @param bad the bad lines: their count and the first ones
     * @param tornBytes bytes after the last newline
     * @param fileBytes the file's size when read
     */
    record Scan(long linesRead, long applied, BadLines bad, long tornBytes, long fileBytes) {
    }

    /** Returns the state a journal replays to: last write wins per key, a delete removes. */
    static LiveState replay(Path journal, Progress progress) {
        TreeMap<String, Entry> live = new TreeMap<>();
        long[] maxRevision = {0};
        Scan report = read(journal, progress, line -> line.transition().ifPresent(t -> {
            maxRevision[0] = Math.max(maxRevision[0], t.revision());
            if (t.isDelete()) {
                live.remove(t.key());
            } else {
                live.put(t.key(), new Entry(t, line.lineNumber(), line.length()));
            }
        }));
        return new LiveState(report, Collections.unmodifiableSortedMap(live), maxRevision[0]);
    }

    /** The latest write of a live key and the journal line that holds it. */
    record Entry(StateTransition latest, long lineNumber, int lineBytes) {
    }

    /**
     * What replaying a journal found, the live keys sorted, and the highest revision read (0 for a
     * journal without revisions).
     */
    record LiveState(Scan report, SortedMap<String, Entry> entries, long maxRevision) {

        /** Returns the entries of one tenant, keys stripped of their prefix; all for {@code null}. */
        SortedMap<String, Entry> scoped(String tenant) {
            if (tenant == null) {
                return entries;
            }
            String prefix = Keys.prefix(tenant);
            TreeMap<String, Entry> mine = new TreeMap<>();
            for (Map.Entry<String, Entry> e : entries.tailMap(prefix).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                mine.put(e.getKey().substring(prefix.length()), e.getValue());
            }
            return mine;
        }
    }
}
