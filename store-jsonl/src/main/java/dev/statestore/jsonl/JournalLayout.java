package dev.statestore.jsonl;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.CheckpointFile;
import dev.statestore.jsonl.internal.HistoryPage;
import dev.statestore.jsonl.internal.IoMessages;
import dev.statestore.jsonl.internal.LayoutFiles;
import dev.statestore.jsonl.internal.LayoutOpen;
import dev.statestore.jsonl.internal.LineReplay;
import dev.statestore.jsonl.internal.LineScanner;
import dev.statestore.jsonl.internal.LineSeek;
import dev.statestore.jsonl.internal.Manifest;
import dev.statestore.jsonl.internal.Segments;
import dev.statestore.jsonl.internal.SparseIndex;
import dev.statestore.jsonl.internal.StateFold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A read-only view of a journal's files, for tools: the state from the newest checkpoint and the
 * tail after it, the history by revision from the segments' indexes, and a check of every file.
 * It takes no lock, repairs nothing and never writes, so it works while a store holds the journal
 * open; what it reads is the files as they are at that moment (a writer that seals, checkpoints or
 * removes files meanwhile can make a read fail with a {@link StateStoreException}; read again).
 *
 * <p>Files of a journal {@code <name>} (see the README's "Files"): the active file {@code <name>},
 * and in the directory {@code <name>.d} the manifest, the checkpoint it names and the sealed
 * segments. A journal of version 1 or car-state's is its one file.
 *
 * <p>Immutable once read; thread-safe. Nothing to close.
 */
public final class JournalLayout {

    private final LayoutFiles files;
    private final Manifest manifest;
    private final String manifestProblem;
    private final Segments segments;
    private final Object activeLock = new Object();
    private SparseIndex activeIndex;

    private JournalLayout(LayoutFiles files, Manifest manifest, String manifestProblem, Segments segments) {
        this.files = files;
        this.manifest = manifest;
        this.manifestProblem = manifestProblem;
        this.segments = segments;
    }

    /**
     * Returns the layout of the journal at {@code journal}, as its files are now.
     *
     * @param journal the journal's path (its active file)
     * @return the view
     * @throws StateStoreException naming the path if the journal does not exist or its directory
     *     cannot be read
     */
    public static JournalLayout read(Path journal) {
        Objects.requireNonNull(journal, "journal");
        Path path = journal.toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new StateStoreException("no journal at " + journal + ": "
                    + (Files.exists(path) ? "it is not a regular file" : "no such file"));
        }
        LayoutFiles files = new LayoutFiles(path);
        Segments segments = new Segments(files);
        Manifest m = null;
        String problem = null;
        try {
            segments.load();
            try {
                m = Manifest.read(files.manifest());
            } catch (Manifest.Damaged d) {
                problem = d.getMessage();
                List<long[]> checkpoints = files.checkpoints();
                if (!checkpoints.isEmpty()) {
                    long[] newest = checkpoints.get(checkpoints.size() - 1);
                    m = new Manifest(newest[0], files.checkpoint(newest[0], newest[1]).getFileName().toString(),
                            newest[1], -1, -1, 0, 0, 0, null);
                }
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot read journal " + journal + ": " + IoMessages.describe(e), e);
        }
        return new JournalLayout(files, m, problem, segments);
    }

    /**
     * Returns the journal's active file.
     *
     * @return the path
     */
    public Path journal() {
        return files.journal();
    }

    /**
     * Returns the manifest, when the journal has one.
     *
     * @return its path, or empty for a journal never checkpointed
     */
    public Optional<Path> manifest() {
        return Files.exists(files.manifest()) ? Optional.of(files.manifest()) : Optional.empty();
    }

    /**
     * Returns the checkpoint the manifest names.
     *
     * @return its path, or empty for a journal never checkpointed
     */
    public Optional<Path> checkpoint() {
        return manifest == null ? Optional.empty() : Optional.of(files.directory().resolve(manifest.checkpoint()));
    }

    /**
     * Returns the revision the checkpoint folds in: the history up to it is in the checkpoint's state.
     * A key written while the checkpoint was taken may carry a later write; the history after this
     * revision holds that write too, so replaying it in order ends every key at its latest write.
     *
     * @return the revision, {@code 0} without a checkpoint
     */
    public long checkpointRevision() {
        return manifest == null ? 0 : manifest.revision();
    }

    /**
     * Returns the sealed segments, oldest first.
     *
     * @return their paths
     */
    public List<Path> segments() {
        List<Path> out = new ArrayList<>();
        for (Segments.Segment s : segments.list()) {
            out.add(s.path());
        }
        return out;
    }

    /**
     * Returns every file of the layout: the manifest, the checkpoint, the segments oldest first,
     * and the active file last.
     *
     * @return the paths that exist
     */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        manifest().ifPresent(out::add);
        checkpoint().filter(Files::exists).ifPresent(out::add);
        out.addAll(segments());
        out.add(files.journal());
        return out;
    }

    /**
     * The state a journal's files hold.
     *
     * @param entries each live key's latest write (without its old value), by key
     * @param latestRevision the latest revision stored
     * @param problems the bad lines and damaged files met on the way (the state holds the rest)
     */
    public record State(SortedMap<String, StateTransition> entries, long latestRevision, List<Problem> problems) {

        /**
         * Copies the parts.
         *
         * @param entries the entries
         * @param latestRevision the latest revision
         * @param problems the problems
         */
        public State {
            entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
            problems = List.copyOf(problems);
        }
    }

    /**
     * One bad line or damaged file.
     *
     * @param file the file
     * @param lineNumber the line, from 1, or {@code 0} for the file as a whole
     * @param reason what is wrong
     */
    public record Problem(Path file, long lineNumber, String reason) {
    }

    /**
     * Returns the state: the checkpoint, then the history after it, as a store opening the journal
     * would replay them (bad lines skipped and listed; an unfinished last line left out). Read again
     * (up to three times) when a writer sealed, checkpointed or removed files meanwhile.
     *
     * @return the state
     * @throws StateStoreException if a file cannot be read
     */
    public State state() {
        JournalLayout layout = this;
        for (int attempt = 1; ; attempt++) {
            List<Problem> problems = new ArrayList<>();
            State state = layout.readState(problems::add);
            state = new State(state.entries(), state.latestRevision(), problems);
            JournalLayout again = read(files.journal());
            if (attempt == 3 || again.segments().equals(layout.segments())
                    && Objects.equals(again.manifest, layout.manifest)) {
                return state; // no seal, checkpoint or removal happened while it was read
            }
            layout = again;
        }
    }

    /**
     * Returns the state as {@link #state()} does, read once, handing each bad line and damaged file to
     * {@code problems} as it is met instead of listing them (the result's {@link State#problems()} is
     * empty): a journal of millions of bad lines is read in memory proportional to its live keys.
     * It is not read again when a writer seals, checkpoints or removes files meanwhile; a caller that
     * must see that compares {@link #segments()} and {@link #checkpoint()} of a layout read after it
     * with this one's, and reads again when they differ.
     *
     * @param problems receives each problem, in the order met
     * @return the state
     * @throws StateStoreException if a file cannot be read (a file removed meanwhile included)
     */
    public State state(Consumer<Problem> problems) {
        Objects.requireNonNull(problems, "problems");
        return readState(problems);
    }

    private State readState(Consumer<Problem> problems) {
        LineReplay.Problems collect = (file, line, reason) -> problems.accept(new Problem(file, line, reason));
        if (manifestProblem != null) {
            problems.accept(new Problem(files.manifest(), 0, "the manifest is damaged: " + manifestProblem));
        }
        StateFold fold = new StateFold();
        long after = 0;
        long upTo = Long.MAX_VALUE;
        try {
            if (manifest != null) {
                Path checkpoint = files.directory().resolve(manifest.checkpoint());
                CheckpointFile.Read read = CheckpointFile.read(checkpoint, fold, collect);
                String mismatch = manifest.lines() < 0 ? null : read.mismatch(manifest);
                if (mismatch != null) {
                    collect.bad(checkpoint, 0, "the checkpoint is damaged: " + mismatch);
                }
                after = manifest.revision();
                if (manifest.cut() != null) {
                    upTo = manifest.cut().after(); // a restore the writer has not finished: its cut applies
                }
            }
            long activeEnd = Files.size(files.journal()); // a writer may append meanwhile: read what is there now
            LayoutOpen.Tail tail = LayoutOpen.replayTail(files, segments, manifest, after, upTo, activeEnd, fold, collect,
                    false);
            fold.end(Math.max(after, tail.latest()));
        } catch (NoSuchFileException e) {
            throw new StateStoreException("cannot read journal " + files.journal() + ": " + IoMessages.describe(e)
                    + " (a writer sealed, checkpointed or removed files meanwhile: read again)", e);
        } catch (IOException e) {
            throw new StateStoreException("cannot read journal " + files.journal() + ": " + IoMessages.describe(e), e);
        }
        return new State(new TreeMap<>(fold.map()), fold.latest(), List.of());
    }

    /**
     * Returns the oldest revision the files hold as history.
     *
     * @return the first revision of the oldest segment, or of the active file's first history
     *     line; one past the latest when there is none
     * @throws StateStoreException if the active file cannot be read
     */
    public long oldestRevision() {
        long oldest = segments.oldest();
        if (oldest > 0) {
            return oldest;
        }
        SparseIndex index = activeIndex();
        return index.isEmpty() ? Math.max(checkpointRevision(), 0) + 1 : index.firstRevision();
    }

    /**
     * Returns the latest revision the files hold: that of the active file's last history line, or
     * of the last segment's, or the checkpoint's. With {@link #history} it gives {@code tail -n}:
     * {@code history(latestRevision() - n, n)}.
     *
     * @return the revision, {@code 0} for an empty journal
     * @throws StateStoreException if a file cannot be read
     */
    public long latestRevision() {
        SparseIndex index = activeIndex();
        long latest = checkpointRevision();
        synchronized (activeLock) {
            if (!index.isEmpty()) {
                latest = Math.max(latest, index.latestRevision());
            }
        }
        List<Segments.Segment> all = segments.list();
        if (!all.isEmpty()) {
            try {
                latest = Math.max(latest, all.get(all.size() - 1).last());
            } catch (IOException e) {
                throw new StateStoreException("cannot read journal " + files.journal() + ": " + IoMessages.describe(e), e);
            }
        }
        return latest;
    }

    /**
     * Returns at most {@code limit} transitions with a revision above {@code afterRevision}, oldest
     * first, read from the segment that holds the next revision (found by its name, then its sparse
     * index) and the files after it.
     *
     * @param afterRevision the revision to read after, {@code >= 0}
     * @param limit the most to return, {@code >= 1}
     * @return a new list; empty when nothing follows {@code afterRevision}, and starting above
     *     {@code afterRevision + 1} when that revision is no longer kept
     * @throws IllegalArgumentException if {@code afterRevision < 0} or {@code limit < 1}
     * @throws StateStoreException if a file cannot be read
     */
    public List<StateTransition> history(long afterRevision, int limit) {
        if (afterRevision < 0 || limit < 1) {
            throw new IllegalArgumentException("history needs afterRevision >= 0 and limit >= 1, got " + afterRevision
                    + " and " + limit);
        }
        List<StateTransition> out = new ArrayList<>(Math.min(limit, 1024));
        try {
            SparseIndex active = activeIndex();
            long activeFirst = active.isEmpty() ? Long.MAX_VALUE : active.firstRevision();
            if (afterRevision + 1 < activeFirst) {
                segments.readHistory(afterRevision, activeFirst, limit, out);
            }
            long[] start;
            synchronized (activeLock) {
                start = active.start(afterRevision);
            }
            if (out.size() < limit && start != null) {
                HistoryPage page = new HistoryPage(afterRevision, Long.MAX_VALUE, limit, out);
                page.startAfter(start[0] - 1);
                LineScanner.scan(files.journal(), start[1], 1, page);
            }
        } catch (HistoryPage.Full full) {
            return out;
        } catch (IOException e) {
            throw new StateStoreException("cannot read the history of journal " + files.journal() + ": "
                    + IoMessages.describe(e), e);
        }
        return out;
    }

    private SparseIndex activeIndex() {
        synchronized (activeLock) {
            if (activeIndex == null) {
                List<Segments.Segment> all = segments.list();
                long previous = 0;
                try {
                    if (!all.isEmpty()) {
                        Segments.Segment last = all.get(all.size() - 1);
                        previous = Math.max(last.first() - 1, last.last());
                    }
                    activeIndex = LineSeek.indexBefore(files.journal(), Long.MAX_VALUE, previous);
                } catch (IOException e) {
                    throw new StateStoreException("cannot read journal " + files.journal() + ": "
                            + IoMessages.describe(e), e);
                }
            }
            return activeIndex;
        }
    }

    /**
     * Checks every file of the layout: the manifest (intact, naming a checkpoint that exists), the
     * checkpoint (each line, and its size, line count and CRC-32C against the manifest), each
     * segment (each line, no unfinished last line, no revisions missing before the next file) and
     * the active file (each line; an unfinished last line is reported, as a writer may be in the
     * middle of it).
     *
     * @return the problems found, in file order; empty for a sound journal
     * @throws StateStoreException if a file cannot be read
     */
    public List<Problem> verify() {
        List<Problem> problems = new ArrayList<>();
        verify(problems::add);
        return problems;
    }

    /**
     * Checks every file of the layout as {@link #verify()} does, handing each problem to
     * {@code problems} as it is found instead of listing them: a journal of millions of bad lines is
     * checked in constant memory.
     *
     * @param problems receives each problem, in file order
     * @throws StateStoreException if a file cannot be read
     */
    public void verify(Consumer<Problem> problems) {
        Objects.requireNonNull(problems, "problems");
        LineReplay.Problems collect = (file, line, reason) -> problems.accept(new Problem(file, line, reason));
        if (manifestProblem != null) {
            problems.accept(new Problem(files.manifest(), 0, "the manifest is damaged: " + manifestProblem));
        }
        StateFold ignored = new StateFold();
        try {
            if (manifest != null) {
                Path checkpoint = files.directory().resolve(manifest.checkpoint());
                if (!Files.exists(checkpoint)) {
                    collect.bad(checkpoint, 0, "the checkpoint the manifest names is missing");
                } else {
                    CheckpointFile.Read read = CheckpointFile.read(checkpoint, ignored, collect);
                    String mismatch = manifest.lines() < 0 ? null : read.mismatch(manifest);
                    if (mismatch != null) {
                        collect.bad(checkpoint, 0, "the checkpoint is damaged: " + mismatch);
                    }
                }
            }
            List<Segments.Segment> all = segments.list();
            long previous = 0;
            for (int i = 0; i < all.size(); i++) {
                Segments.Segment s = all.get(i);
                previous = Math.max(previous, s.first() - 1);
                LineReplay replay = new LineReplay(s.path(), ignored, collect, Long.MAX_VALUE, Long.MAX_VALUE, previous,
                        false, null);
                LineScanner.Result r = LineScanner.scan(s.path(), 0, 1, replay);
                if (r.tornBytes() > 0) {
                    collect.bad(s.path(), r.lines() + 1, "the segment ends in " + r.tornBytes()
                            + " bytes of an unfinished line");
                }
                long next = i + 1 < all.size() ? all.get(i + 1).first() : -1;
                if (next > 0 && replay.lastHistory() > 0 && replay.lastHistory() + 1 < next) {
                    collect.bad(s.path(), 0, "the segment ends at revision " + replay.lastHistory() + " but the next one "
                            + "starts at " + next + ": revisions " + (replay.lastHistory() + 1) + " to " + (next - 1)
                            + " are missing");
                }
                if (replay.firstHistory() > 0 && replay.firstHistory() != s.first()) {
                    collect.bad(s.path(), 0, "the segment's name says it starts at revision " + s.first()
                            + ", its first line is revision " + replay.firstHistory());
                }
                previous = Math.max(previous, replay.previous());
            }
            LineReplay replay = new LineReplay(files.journal(), ignored, collect, Long.MAX_VALUE, Long.MAX_VALUE,
                    previous, false, null);
            LineScanner.Result r = LayoutOpen.scanUpTo(files.journal(), 0, Files.size(files.journal()), replay);
            if (!all.isEmpty() && replay.firstHistory() > previous + 1 && previous > 0) {
                collect.bad(all.get(all.size() - 1).path(), 0, "the last segment ends at revision " + previous
                        + " but the active file starts at " + replay.firstHistory());
            }
            if (r.tornBytes() > 0) {
                collect.bad(files.journal(), r.lines() + 1, "the file ends in " + r.tornBytes() + " bytes of an "
                        + "unfinished line (a write in progress, or cut short by a crash: the next open cuts it off)");
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot verify journal " + files.journal() + ": " + IoMessages.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "JournalLayout[" + files.journal() + ", checkpoint after " + checkpointRevision() + ", "
                + segments.size() + " segments]";
    }
}
