package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.spi.Journal;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opening a journal's layout: finishes or undoes what a crash interrupted, then replays the newest
 * checkpoint and the tail after it. In order:
 * <ol>
 *   <li>removes the temp files of an unfinished checkpoint, manifest or roll;</li>
 *   <li>undoes an unfinished roll: a segment that is still a second name of the active file
 *       (the hard link was made, the new active file not yet renamed in) is removed;</li>
 *   <li>reads the manifest; finishes the cut of a restore it records, then clears it;</li>
 *   <li>removes checkpoints the manifest does not name (left by a crash before their removal, or,
 *       without a manifest, by a first checkpoint or a restore that never committed);</li>
 *   <li>replays the checkpoint, checked against the size, line count and CRC-32C the manifest
 *       gives, through {@link Journal.ReplaySink#state};</li>
 *   <li>replays the tail: the history lines after the checkpoint's revision, from the position the
 *       manifest gives, through the following segments and the active file, whose unfinished last
 *       line (if any) is left for the caller to cut off.</li>
 * </ol>
 * A journal without a manifest (version 1, car-state's, or one not checkpointed yet) is replayed
 * from its oldest file. Bad lines and a damaged checkpoint go to the {@link LineReplay.Problems}
 * callback, which fails the open in strict mode.
 *
 * <p>Not thread-safe: the caller holds the journal's lock.
 */
public final class LayoutOpen {

    private static final System.Logger LOG = System.getLogger(LayoutOpen.class.getName());

    private LayoutOpen() {
    }

    /**
     * What opening found.
     *
     * @param manifest the manifest, or {@code null} when the journal has none
     * @param latest the latest revision stored
     * @param activeFirst the revision of the active file's first history line, or the next
     *     revision when it holds none
     * @param activeIndex the index of the active file's history lines, covering it from
     *     {@link SparseIndex#coveredFrom()}
     * @param activeEnd the offset just past the active file's last complete line
     * @param activeSize the active file's size, an unfinished last line included
     * @param tailLines history lines replayed after the checkpoint
     * @param tailBytes bytes of the files replayed after the checkpoint
     * @param linesRead complete lines read in every file
     * @param applied lines handed to the sink
     */
    public record Result(Manifest manifest, long latest, long activeFirst, SparseIndex activeIndex, long activeEnd,
                         long activeSize, long tailLines, long tailBytes, long linesRead, long applied) {
    }

    /**
     * Opens the layout of {@code files} and replays it into {@code sink}.
     *
     * @param files the layout's names
     * @param io the file operations
     * @param active the active file, open and locked
     * @param segments the segment list, loaded here
     * @param strict whether a damaged manifest or checkpoint fails the open (bad lines are the
     *     callback's to judge)
     * @param sink receives the records
     * @param problems receives bad lines and damaged files
     * @return what was found
     * @throws IOException if a file cannot be read or a crash's leftovers cannot be cleaned up
     * @throws java.io.SyncFailedException if an fsync of that cleanup fails
     */
    public static Result open(LayoutFiles files, JournalIo io, JournalIo.JournalFile active, Segments segments,
            boolean strict, Journal.ReplaySink sink, LineReplay.Problems problems) throws IOException {
        Path journal = files.journal();
        for (Path temp : files.staleTemps()) {
            Files.deleteIfExists(temp);
            LOG.log(Level.INFO, () -> "journal " + journal + ": removed " + temp + ", left by a crash while it was written");
        }
        segments.load();
        undoUnfinishedRoll(files, io, segments);
        Manifest m = readManifest(files, strict, problems);
        if (m != null && m.cut() != null) {
            LayoutChanges.applyCut(files, io, active, segments, m.cut());
            m = m.withoutCut();
            LayoutChanges.writeManifest(files, io, m);
            Manifest finished = m;
            LOG.log(Level.INFO, () -> "journal " + journal + ": finished the restore to revision " + finished.revision()
                    + " that a crash interrupted");
        }
        if (m == null && !Files.exists(files.manifest())) {
            removeOtherCheckpoints(files, null); // written by a checkpoint or restore that never committed
        } else if (m != null && m.lines() >= 0) {
            removeOtherCheckpoints(files, m);
        }
        Counting counting = new Counting(sink);
        long linesRead = 0;
        long applied = 0;
        long after = 0;
        if (m != null) {
            Path checkpoint = files.directory().resolve(m.checkpoint());
            if (!Files.exists(checkpoint)) {
                problems.bad(checkpoint, 0, "the checkpoint the manifest names is missing; the keys written before "
                        + "revision " + m.revision() + " and not since are lost");
            } else {
                if (m.lines() > 0) {
                    sink.expectKeys(m.lines());
                }
                CheckpointFile.Read read = CheckpointFile.read(checkpoint, counting, problems);
                linesRead += read.lines();
                applied += read.applied();
                String mismatch = m.lines() < 0 ? null : read.mismatch(m);
                if (mismatch != null) {
                    problems.bad(checkpoint, 0, "the checkpoint is damaged: " + mismatch
                            + "; the keys on its missing or bad lines are lost");
                }
            }
            after = m.revision();
        }
        Tail tail = replayTail(files, segments, m, after, Long.MAX_VALUE, Long.MAX_VALUE, counting, problems, true);
        linesRead += tail.linesRead();
        applied += tail.applied();
        long latest = Math.max(Math.max(after, tail.latest()), counting.latestState);
        long activeFirst = tail.activeFirst();
        if (activeFirst <= 0) {
            activeFirst = latest + 1;
        }
        return new Result(m, latest, activeFirst, tail.activeIndex(), tail.activeEnd(), tail.activeSize(),
                counting.history, tail.bytes(), linesRead, applied);
    }

    /**
     * What replaying a tail found.
     *
     * @param linesRead complete lines read
     * @param applied lines handed to the sink
     * @param bytes bytes read
     * @param latest the highest history revision read, or {@code -1}
     * @param activeFirst the revision of the active file's first history line, when known (the
     *     file was read from its start, or the manifest says), else {@code -1}
     * @param activeIndex the index of the active file from where it was read, or {@code null}
     * @param activeEnd the offset just past the active file's last complete line
     * @param activeSize the active file's size when read
     */
    public record Tail(long linesRead, long applied, long bytes, long latest, long activeFirst,
                       SparseIndex activeIndex, long activeEnd, long activeSize) {
    }

    /**
     * Replays the history after the checkpoint of {@code m} (everything, without a manifest): from
     * the position the manifest gives (or, when its file is gone or unknown, from the file that
     * holds the revision after the checkpoint), through the later segments and the active file.
     *
     * @param files the layout's names
     * @param segments the segments
     * @param m the manifest, or {@code null}
     * @param after history lines up to this revision are skipped
     * @param upTo history lines above this revision are skipped
     * @param activeEnd the active file is read up to this offset (lines written later are not read)
     * @param sink receives the lines
     * @param problems receives bad lines
     * @param indexActive whether to index the active file's history lines
     * @return what was found
     * @throws IOException if a file cannot be read
     */
    public static Tail replayTail(LayoutFiles files, Segments segments, Manifest m, long after, long upTo,
            long activeEnd, Journal.ReplaySink sink, LineReplay.Problems problems, boolean indexActive)
            throws IOException {
        List<Segments.Segment> all = segments.list();
        int from = all.size(); // an index into all; all.size() stands for the active file
        long offset = 0;
        boolean activeFromManifest = false;
        if (m == null) {
            from = 0; // everything, from the oldest segment (or the active file when there is none)
        } else if (m.tailFile() > 0) {
            Segments.Segment named = segments.get(m.tailFile());
            long next = segments.after(m.tailFile());
            if (named != null) {
                from = all.indexOf(named);
                offset = m.tailOffset();
            } else if (next > 0) {
                from = all.indexOf(segments.get(next)); // the tail's segment was removed: it ended at the checkpoint
            } else {
                offset = m.tailOffset(); // the tail starts in the active file
                activeFromManifest = true;
            }
        } else {
            Segments.Segment holding = segments.containing(after + 1);
            from = holding != null ? all.indexOf(holding) : 0;
        }
        long previous = after;
        long bytes = 0;
        long linesRead = 0;
        long applied = 0;
        long latest = -1;
        for (int i = from; i < all.size(); i++) {
            Segments.Segment s = all.get(i);
            long start = Math.min(i == from ? offset : 0, Files.size(s.path()));
            if (start > 0 && !startsLine(s.path(), start)) {
                start = 0; // the manifest's offset is not where a line starts: read the file from its start
            }
            if (start == 0) {
                previous = Math.max(previous, s.first() - 1);
            }
            LineReplay replay = new LineReplay(s.path(), sink, problems, after, upTo, previous, false, null);
            LineScanner.Result r = LineScanner.scan(s.path(), start, 1, replay);
            if (r.tornBytes() > 0) {
                problems.bad(s.path(), r.lines() + 1, "the segment ends in " + r.tornBytes() + " bytes of an "
                        + "unfinished line: it was cut short after it was sealed");
            }
            linesRead += r.lines();
            applied += replay.applied();
            bytes += r.fileBytes() - start;
            previous = Math.max(previous, replay.previous());
            latest = Math.max(latest, replay.lastHistory());
            long next = i + 1 < all.size() ? all.get(i + 1).first() : -1;
            if (next > 0 && replay.lastHistory() > 0 && replay.lastHistory() + 1 < next) {
                problems.bad(s.path(), 0, "the segment ends at revision " + replay.lastHistory() + " but the next one "
                        + "starts at " + next + ": the lines of revisions " + (replay.lastHistory() + 1) + " to "
                        + (next - 1) + " are missing (the segment was cut short after it was sealed)");
            }
        }
        Path journal = files.journal();
        long activeSize = Files.size(journal);
        long start = from == all.size() ? Math.min(offset, activeSize) : 0;
        if (start > 0 && !startsLine(journal, start)) {
            start = 0;
        }
        SparseIndex index = indexActive ? new SparseIndex(start) : null;
        LineReplay replay = new LineReplay(journal, sink, problems, after, upTo, previous, false, index);
        LineScanner.Result r = scanUpTo(journal, start, activeEnd, replay);
        linesRead += r.lines();
        applied += replay.applied();
        bytes += r.endOfLastLine() - start;
        if (start == 0 && from < all.size() && latest > 0 && replay.firstHistory() > latest + 1) {
            Path last = all.get(all.size() - 1).path();
            problems.bad(last, 0, "the segment ends at revision " + latest + " but the active file starts at "
                    + replay.firstHistory() + ": the lines of revisions " + (latest + 1) + " to "
                    + (replay.firstHistory() - 1) + " are missing (the segment was cut short after it was sealed)");
        }
        latest = Math.max(latest, replay.lastHistory());
        long activeFirst = start > 0 && activeFromManifest ? m.tailFile() : start == 0 ? replay.firstHistory() : -1;
        return new Tail(linesRead, applied, bytes, latest, activeFirst, index, r.endOfLastLine(), r.fileBytes());
    }

    /** Stops a scan at a bound. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the signal, without a stack trace. */
        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * Scans {@code file} from {@code start}, handing over the lines that start before {@code end}:
     * a file that a writer keeps appending to is read up to where it was, not chased.
     *
     * @param file the file
     * @param start where to start
     * @param end where to stop ({@link Long#MAX_VALUE}: the end of the file)
     * @param replay receives the lines
     * @return what the scan found (a stopped scan reports no torn bytes)
     * @throws IOException if the file cannot be read
     */
    public static LineScanner.Result scanUpTo(Path file, long start, long end, LineReplay replay) throws IOException {
        if (end == Long.MAX_VALUE) {
            return LineScanner.scan(file, start, 1, replay);
        }
        long[] counted = {0, start};
        LineScanner.Sink bounded = new LineScanner.Sink() {
            @Override
            public void line(long lineNumber, long offset, byte[] b, int off, int len) {
                if (offset >= end) {
                    throw new Stop();
                }
                counted[0]++;
                counted[1] = offset + len + 1;
                replay.line(lineNumber, offset, b, off, len);
            }

            @Override
            public void overlong(long lineNumber, long offset, long length) {
                if (offset >= end) {
                    throw new Stop();
                }
                counted[0]++;
                counted[1] = offset + length + 1;
                replay.overlong(lineNumber, offset, length);
            }
        };
        try {
            return LineScanner.scan(file, start, 1, bounded);
        } catch (Stop stop) {
            return new LineScanner.Result(counted[0], counted[1], 0, counted[1]);
        }
    }

    /** Passes records on, counting history records and the highest state revision. */
    private static final class Counting implements Journal.ReplaySink {
        final Journal.ReplaySink sink;
        long history;
        long latestState;

        Counting(Journal.ReplaySink sink) {
            this.sink = sink;
        }

        @Override
        public void state(StateTransition latestWrite) {
            latestState = Math.max(latestState, latestWrite.revision());
            sink.state(latestWrite);
        }

        @Override
        public void history(StateTransition transition) {
            history++;
            sink.history(transition);
        }
    }

    /** Returns whether the byte before {@code offset} of {@code file} is a newline. */
    private static boolean startsLine(Path file, long offset) throws IOException {
        try (HeldFiles.Reader r = HeldFiles.openReader(file)) {
            byte[] b = new byte[1];
            return r.read(b, 0, 1, offset - 1) == 1 && b[0] == '\n';
        }
    }

    private static void undoUnfinishedRoll(LayoutFiles files, JournalIo io, Segments segments) throws IOException {
        List<Segments.Segment> all = segments.list();
        if (all.isEmpty() || !Files.exists(files.journal())) {
            return;
        }
        Segments.Segment newest = all.get(all.size() - 1);
        if (Files.isSameFile(newest.path(), files.journal())) {
            Files.delete(newest.path());
            segments.remove(newest.first());
            LayoutChanges.syncDirectory(io, files.directory());
            LOG.log(Level.INFO, () -> "journal " + files.journal() + ": undid the sealing of the active file as "
                    + newest.path() + ", which a crash interrupted");
        }
    }

    /**
     * Returns the manifest; a damaged one fails the open in strict mode, and is otherwise replaced
     * by the newest checkpoint's name, unchecked, with the tail read from the segment that holds
     * the revision after it.
     */
    private static Manifest readManifest(LayoutFiles files, boolean strict, LineReplay.Problems problems)
            throws IOException {
        try {
            return Manifest.read(files.manifest());
        } catch (Manifest.Damaged d) {
            List<long[]> checkpoints = files.checkpoints();
            String fallback = checkpoints.isEmpty() ? "no checkpoint is left, so the journal is replayed from its "
                    + "oldest file" : "the newest checkpoint is used, unchecked";
            problems.bad(files.manifest(), 0, "the manifest is damaged (" + d.getMessage() + "); " + fallback);
            if (checkpoints.isEmpty()) {
                return null;
            }
            long[] newest = checkpoints.get(checkpoints.size() - 1);
            return new Manifest(newest[0], files.checkpoint(newest[0], newest[1]).getFileName().toString(), newest[1],
                    -1, -1, 0, 0, 0, null);
        }
    }

    private static void removeOtherCheckpoints(LayoutFiles files, Manifest m) throws IOException {
        for (long[] c : files.checkpoints()) {
            Path p = files.checkpoint(c[0], c[1]);
            if (m == null || !p.getFileName().toString().equals(m.checkpoint())) {
                Files.deleteIfExists(p);
                LOG.log(Level.INFO, () -> "journal " + files.journal() + ": removed " + p
                        + ", a checkpoint no manifest names");
            }
        }
    }
}
