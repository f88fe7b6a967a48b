package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JournalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A journal's files, read through {@link JournalLayout}: the state from the newest checkpoint and
 * the history after it, as a store opening the journal would replay them. It takes no lock and
 * repairs nothing, so every read-only subcommand works while a store holds the journal open.
 *
 * <p>Stateless. Failures become {@link CliException}s: a missing path is a usage error, an
 * unreadable file an I/O error, a file that is no journal at all a problem (exit 1).
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

    /**
     * Returns the layout of an existing journal, after checking that it is one ({@link #guard}).
     *
     * @throws CliException with exit code 2 when it does not exist, 3 when it cannot be read, 1 when
     *     it is not a journal
     */
    static JournalLayout layout(Path journal) {
        existing(journal);
        JournalLayout layout;
        try {
            layout = JournalLayout.read(journal);
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
        guard(layout, journal);
        return layout;
    }

    /** Stops a read of the first lines. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * What the first lines of a file without a manifest hold.
     *
     * @param valid whether a line holds a transition
     * @param bad the bad lines before the first valid one
     * @param firstProblem the first of them, or {@code null}
     */
    record Head(boolean valid, long bad, String firstProblem) {
    }

    /**
     * Reads the active file of a journal without a manifest up to its first valid line, and
     * returns what it found; refuses a file whose first {@link JournalGuard#LIMIT} lines are all bad.
     * A journal with a manifest was written by a store, so its head is not read.
     *
     * @throws CliException with exit code 1 when the file is not a journal
     */
    static Head guard(JournalLayout layout, Path journal) {
        if (layout.manifest().isPresent() || !layout.segments().isEmpty()) {
            return new Head(true, 0, null);
        }
        JournalGuard guard = new JournalGuard(journal);
        long[] bad = {0};
        String[] first = {null};
        boolean[] valid = {false};
        try {
            JournalReader.read(journal, line -> {
                guard.check(line);
                if (line.transition().isPresent()) {
                    valid[0] = true;
                    throw new Stop();
                }
                if (bad[0]++ == 0) {
                    first[0] = "line " + line.lineNumber() + ": " + line.problem().orElse("");
                }
            });
        } catch (Stop stop) {
            // found the first valid line
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
        return new Head(valid[0], bad[0], first[0]);
    }

    /**
     * Returns the state of an existing journal: each live key's latest write, the latest revision,
     * and the bad lines and damaged files met on the way (counted; the first {@link BadLines#KEPT}
     * kept, so memory follows the live keys, not the bad lines), read from the newest checkpoint and
     * the history after it; read again when a writer seals, checkpoints or removes files meanwhile
     * ({@link #stable}). A terminal shows the seconds the read takes.
     *
     * @throws CliException with exit code 1 when the file is not a journal
     */
    static LiveState state(Path journal, Progress progress) {
        layout(journal);
        return progress.during("reading " + journal.getFileName(), () -> stable(journal, layout -> {
            BadLines bad = new BadLines();
            JournalLayout.State state = layout.state(bad::add);
            return new LiveState(layout, state.entries(), state.latestRevision(), bad);
        }));
    }

    /**
     * The state of a journal, its live keys sorted, as {@link #state} read it.
     *
     * @param layout the journal's files
     * @param entries each live key's latest write
     * @param latestRevision the latest revision stored (0 for an empty journal)
     * @param bad the bad lines and damaged files met
     */
    record LiveState(JournalLayout layout, SortedMap<String, StateTransition> entries, long latestRevision,
                     BadLines bad) {

        /** Returns the entries of one tenant, keys stripped of their prefix; all for {@code null}. */
        SortedMap<String, StateTransition> scoped(String tenant) {
            if (tenant == null) {
                return entries;
            }
            String prefix = Keys.prefix(tenant);
            TreeMap<String, StateTransition> mine = new TreeMap<>();
            for (Map.Entry<String, StateTransition> e : entries.tailMap(prefix).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                mine.put(e.getKey().substring(prefix.length()), e.getValue());
            }
            return mine;
        }
    }

    /**
     * What identifies the files of a layout at one moment: the segments, the checkpoint and the
     * active file (by its file key: a seal renames a new file over the path). Two equal stamps
     * around a read say no seal, checkpoint or removal happened in between.
     *
     * @param segments the sealed segments
     * @param checkpoint the checkpoint, when there is one
     * @param active the active file's key, or its path where the platform has no file keys
     */
    record Stamp(List<Path> segments, Optional<Path> checkpoint, Object active) {
    }

    /** Returns the stamp of the journal's files as they are now. */
    static Stamp stamp(Path journal) {
        JournalLayout now;
        try {
            now = JournalLayout.read(journal);
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
        Object key;
        try {
            key = Files.readAttributes(journal, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            throw CliException.io("cannot read " + journal + ": " + e, e);
        }
        return new Stamp(now.segments(), now.checkpoint(), key == null ? journal.toAbsolutePath() : key);
    }

    /** How many times a read that a writer's seal, checkpoint or removal overtook is made again. */
    static final int ATTEMPTS = 3;

    /**
     * Returns what {@code read} returns from the journal's layout, read again (up to
     * {@link #ATTEMPTS} times) when the files changed under it: a writer sealed the active file,
     * took a checkpoint or removed a segment. {@code read} must not print: it may run more than once.
     */
    static <T> T stable(Path journal, Function<JournalLayout, T> read) {
        for (int attempt = 1; ; attempt++) {
            Stamp before = stamp(journal);
            T result;
            try {
                result = read.apply(layout(journal));
            } catch (CliException | StateStoreException e) {
                if (attempt < ATTEMPTS && !stamp(journal).equals(before)) {
                    continue; // a file it read was sealed, replaced or removed meanwhile
                }
                throw e instanceof StateStoreException ? CliException.io(e.getMessage(), e) : (CliException) e;
            }
            if (attempt == ATTEMPTS || stamp(journal).equals(before)) {
                return result;
            }
        }
    }
}
