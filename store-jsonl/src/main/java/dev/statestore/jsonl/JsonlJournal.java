package dev.statestore.jsonl;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.FileAccess;
import dev.statestore.jsonl.internal.GroupCommit;
import dev.statestore.jsonl.internal.HistoryIndex;
import dev.statestore.jsonl.internal.IoMessages;
import dev.statestore.jsonl.internal.JournalIo;
import dev.statestore.jsonl.internal.JournalIo.JournalFile;
import dev.statestore.jsonl.internal.JournalLock;
import dev.statestore.jsonl.internal.JournalPaths;
import dev.statestore.jsonl.internal.LineDecoder;
import dev.statestore.jsonl.internal.LineEncoder;
import dev.statestore.jsonl.internal.LineFormat;
import dev.statestore.jsonl.internal.LineScanner;
import dev.statestore.jsonl.internal.TornTails;
import dev.statestore.jsonl.internal.Values;
import dev.statestore.spi.Journal;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;

/**
 * A {@link Journal} kept as a JSON Lines file: one line per transition (format in {@link
 * JsonlStateStore}), replayed on open, rewritten whole by compaction. Most users open a {@link
 * JsonlStateStore}, which attaches one of these to the in-memory engine.
 *
 * <p>Files: the journal {@code <name>}; {@code .<name>.statestore-tmp} during a rewrite, removed
 * on open if a crash left it and it is ours (a regular file no process holds; anything else there
 * is left alone, and rewrites fail naming it); {@code <name>.torn-<UTC time>}, the bytes of an
 * unfinished last line cut off on open, under a name that did not exist. No other file is touched.
 * A path that is a symlink names its target (followed even before the target exists), and rewrites
 * replace the target, not the link.
 *
 * <p>Exclusive: the journal file itself carries an OS lock while open ({@link JournalLock}), and
 * the files open in this JVM are registered by file identity, so a second opener is refused
 * whatever name it uses (a symlink, a hard link, another spelling) and in whatever process. A
 * rewrite locks its new file before renaming it over the journal, so the lock moves with the
 * journal. The lock is a POSIX record lock, which the operating system drops when the holding
 * process closes any descriptor of the file: this library keeps its own descriptors of an open
 * journal open until it closes, but other code of the same process must not open and close the
 * journal file while a store holds it (read it through {@link JournalReader}, or from another
 * process).
 *
 * <p>Writes: {@link Durability#BUFFERED} collects lines in a 64 KiB buffer written when full, on
 * {@link #sync()} and on {@link #close()} (if that write fails, the exception counts the
 * acknowledged writes and bytes in the buffer: kept for the next try, or, at close, lost); {@link
 * Durability#FLUSHED} writes each line to the operating system in {@link #append}; {@link
 * Durability#SYNCED} does the same and {@link #awaitDurable} waits for an fsync covering it: the
 * first waiter runs the fsync for everyone written so far, the others wait for it (group commit).
 * A failed append throws and cuts the partial line off (if even that fails, the journal refuses
 * further writes). A failed fsync makes the journal refuse every further append, rewrite and sync
 * for good; it is never retried. A rewrite that is under way when an fsync fails is abandoned
 * before its rename: it throws that failure and the journal keeps its old content, so the writes
 * the engine rolls back (those the fsync should have covered) are not made durable by the rewrite.
 * Rewrites give the temp file the journal's owner, group and mode ({@link FileAccess}), write and
 * fsync it, rename it over the journal atomically and fsync the directory.
 *
 * <p>Thread-safety: safe for the engine's calling protocol ({@link Journal}); appends, rewrites,
 * syncs and close are serialized by an internal lock, fsyncs by another. No I/O of the journal is
 * interruptible (files are {@link java.io.RandomAccessFile}s, the directory is fsynced through an
 * asynchronous channel, waits are uninterruptible), so a thread interrupt, arriving before or
 * during any call, never fails the call or closes the journal; the interrupt flag is left as it
 * was. The journal owns its file and lock; the store that attaches it closes it. The class is
 * longer than most here because it keeps the journal's whole locking discipline (the write lock,
 * group commit, the swap of files by a rewrite) in one place.
 */
public final class JsonlJournal implements Journal {

    private static final System.Logger LOG = System.getLogger(JsonlJournal.class.getName());
    private static final int PENDING_CAPACITY = 1 << 16;
    private static final int MAX_LOGGED_SKIPS = 100;

    private final Path path;
    private final Path directory;
    private final Path tempFile;
    private final Durability durability;
    private final boolean strict;
    private final JournalIo io;

    /** Guards the lock, the file, the buffer and the counters below. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private static final dev.statestore.internal.TransitionAccess.Access TRANSITIONS =
            dev.statestore.internal.TransitionAccess.get();

    private final LineEncoder encoder = new LineEncoder();
    /** Where each revision's line is; guarded by {@link #writeLock}. */
    private final HistoryIndex index = new HistoryIndex();
    /** The journal's current file and its OS lock; a rewrite replaces both. */
    private JournalLock lock;
    /** The file of {@link #lock}; changed only inside {@link GroupCommit#whileIdle}, where fsyncs read it. */
    private JournalFile file;
    private final byte[] pending = new byte[PENDING_CAPACITY];
    private int pendingLength;
    private long fileSize;
    private long appended;
    /** The highest sequence number whose line has been handed to the operating system. */
    private volatile long written;

    private final GroupCommit commit = new GroupCommit();

    private volatile StateStoreException poison;
    private volatile boolean closed;
    private boolean replayed;
    /** Whether a replay succeeded, so that appends go to the end of the valid lines. */
    private boolean ready;
    private volatile ReplayReport report;

    private JsonlJournal(Path path, Durability durability, boolean strict, JournalIo io, JournalLock lock) {
        this.path = path;
        this.directory = path.getParent();
        this.tempFile = JournalPaths.tempFile(path);
        this.durability = durability;
        this.strict = strict;
        this.io = io;
        this.lock = lock;
        this.file = lock.file();
    }

    /**
     * Returns the journal at {@code path}, created empty if absent, locked for this caller. Call
     * {@link #replay} next (the engine does).
     *
     * @param path the journal file; its directory must exist
     * @param durability when an append counts as done
     * @param strict whether a malformed or checksum-failing line fails {@link #replay} instead
     *     of being skipped
     * @return the open journal, which the caller (or the store it is attached to) closes
     * @throws StateStoreException naming the path if the directory is missing, the file cannot
     *     be opened or created, or another opener holds it
     */
    public static JsonlJournal open(Path path, Durability durability, boolean strict) {
        return open(path, durability, strict, JournalIo.REAL);
    }

    /**
     * Returns the journal at {@code path} with its file operations done through {@code io}.
     *
     * @param path the journal file
     * @param durability when an append counts as done
     * @param strict whether a bad line fails the replay
     * @param io the file operations (the real file system, or a fault-injecting wrapper)
     * @return the open journal
     */
    static JsonlJournal open(Path path, Durability durability, boolean strict, JournalIo io) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(io, "io");
        Path canonical = JournalPaths.resolve(path);
        JournalLock lock;
        try {
            lock = JournalLock.acquire(canonical, io);
        } catch (IOException e) {
            throw new StateStoreException("cannot open journal " + path + ": " + IoMessages.describe(e), e);
        }
        try {
            JournalPaths.removeStaleTemp(canonical);
            if (lock.created()) {
                io.syncDirectory(canonical.getParent());
            }
            return new JsonlJournal(canonical, durability, strict, io, lock);
        } catch (IOException e) {
            StateStoreException failure = new StateStoreException("cannot open journal " + path + ": "
                    + IoMessages.describe(e), e);
            closeQuietly(lock, failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            closeQuietly(lock, e);
            throw e;
        }
    }

    /**
     * Returns the journal's canonical path.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns what {@link #replay} found.
     *
     * @return the report
     * @throws IllegalStateException before {@link #replay}
     */
    public ReplayReport replayReport() {
        ReplayReport r = report;
        if (r == null) {
            throw new IllegalStateException("journal " + path + " has not been replayed yet");
        }
        return r;
    }

    @Override
    public Durability durability() {
        return durability;
    }

    @Override
    public JsonNode writableCopy(String key, JsonNode value) {
        return Values.writableCopy(key, value);
    }

    // ------------------------------------------------------------------ replay

    /**
     * Replays every valid line into {@code sink}, oldest first; skips (or, when strict, fails on)
     * bad lines; cuts a torn last line off into a side file.
     *
     * @param sink receives each transition
     * @throws StateStoreException if the file cannot be read or repaired, or, when strict, at
     *     the first bad line (then nothing on disk is changed)
     */
    @Override
    public void replay(Journal.ReplaySink sink) {
        Objects.requireNonNull(sink, "sink");
        writeLock.lock();
        try {
            ensureOpen();
            if (replayed) {
                throw new IllegalStateException("journal " + path + " was replayed already");
            }
            replayed = true;
            ReplaySink lines = new ReplaySink(sink);
            LineScanner.Result r;
            try {
                r = LineScanner.scan(path, 0, 1, lines);
            } catch (IOException e) {
                throw new StateStoreException("cannot read journal " + path + ": " + IoMessages.describe(e), e);
            }
            if (r.tornBytes() > 0) {
                cutTornTail(r.endOfLastLine(), r.fileBytes());
            }
            fileSize = r.endOfLastLine();
            long skipped = lines.skipped.count();
            report = new ReplayReport(path, r.lines(), lines.applied, skipped, lines.skipped.first(), r.tornBytes(),
                    r.fileBytes());
            ready = true;
            if (skipped > 0) {
                LOG.log(Level.WARNING, "journal " + path + ": skipped " + skipped + " bad line(s) of " + r.lines()
                        + "; the store holds the rest" + (skipped > MAX_LOGGED_SKIPS ? " (warned of the first "
                        + MAX_LOGGED_SKIPS + "; replayReport() lists the first " + ReplayReport.MAX_SKIPPED_KEPT + ")" : ""));
            }
        } finally {
            writeLock.unlock();
        }
    }

    private final class ReplaySink implements LineScanner.Sink {
        final Journal.ReplaySink sink;
        final SkippedLines skipped = new SkippedLines();
        final LineDecoder.Shared shared = new LineDecoder.Shared();
        long applied;

        ReplaySink(Journal.ReplaySink sink) {
            this.sink = sink;
        }

        @Override
        public void line(long lineNumber, long offset, byte[] b, int off, int len) {
            if (LineDecoder.isBlank(b, off, len)) {
                return;
            }
            StateTransition t;
            try {
                t = LineDecoder.decode(b, off, len, shared);
            } catch (LineDecoder.BadLine e) {
                skip(lineNumber, e.getMessage());
                return;
            }
            if (shared.lastWasEnd()) {
                index.state(t.revision());
                sink.end(t.revision());
            } else if (shared.lastWasState()) {
                index.state(t.revision());
                sink.state(t);
            } else {
                index.history(t.revision(), offset);
                sink.history(t);
            }
            applied++;
        }

        @Override
        public void overlong(long lineNumber, long offset, long length) {
            skip(lineNumber, "line of " + length + " bytes is longer than the limit of " + LineFormat.MAX_LINE_BYTES);
        }

        private void skip(long lineNumber, String reason) {
            if (strict) {
                throw new StateStoreException("journal " + path + " line " + lineNumber + ": " + reason
                        + "; the open fails because recovery=strict (recovery=lenient skips bad lines)");
            }
            if (skipped.count() < MAX_LOGGED_SKIPS) {
                LOG.log(Level.WARNING, () -> "journal " + path + " line " + lineNumber + ": " + reason + "; line skipped");
            }
            skipped.add(lineNumber, reason);
        }
    }

    private void cutTornTail(long endOfLastLine, long fileBytes) {
        Path side;
        try {
            side = TornTails.cut(path, file, io, endOfLastLine, fileBytes);
        } catch (IOException e) {
            throw new StateStoreException("cannot cut the unfinished last line off journal " + path + ": "
                    + IoMessages.describe(e), e);
        }
        LOG.log(Level.WARNING, () -> "journal " + path + ": cut off an unfinished last line of "
                + (fileBytes - endOfLastLine) + " bytes at offset " + endOfLastLine
                + " (a write interrupted by a crash); its bytes are kept in " + side);
    }

    // ------------------------------------------------------------------ writes

    @Override
    public long append(StateTransition transition) {
        Objects.requireNonNull(transition, "transition");
        writeLock.lock();
        try {
            ensureWritable();
            int n = encoder.encode(transition);
            byte[] line = encoder.buffer();
            long sequence = appended + 1;
            index.history(transition.revision(), fileSize + pendingLength);
            if (durability == Durability.BUFFERED) {
                if (pendingLength + n > pending.length) {
                    try {
                        flushPending();
                    } catch (IOException e) {
                        throw new StateStoreException("cannot append to journal " + path + ": writing out the full buffer "
                                + "failed: " + IoMessages.describe(e) + "; the write was not applied, and the "
                                + bufferedWrites() + " it holds are still only in memory: a later sync(), close() or "
                                + "write tries again, and they are lost if the process ends first", e);
                    }
                    if (n > pending.length) {
                        writeLine(line, n);
                        written = sequence;
                        appended = sequence;
                        return sequence;
                    }
                }
                System.arraycopy(line, 0, pending, pendingLength, n);
                pendingLength += n;
            } else {
                writeLine(line, n);
                written = sequence;
            }
            appended = sequence;
            return sequence;
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes one line, or throws saying it was not applied. Caller holds the write lock. */
    private void writeLine(byte[] line, int n) {
        try {
            writeOut(line, n);
        } catch (IOException e) {
            throw new StateStoreException("cannot append to journal " + path + ": " + IoMessages.describe(e)
                    + "; the write was not applied", e);
        }
    }

    /** Returns "N acknowledged writes (B bytes)" for the buffer. Caller holds the write lock. */
    private String bufferedWrites() {
        long count = appended - written;
        return count + " acknowledged write" + (count == 1 ? "" : "s") + " (" + pendingLength + " bytes)";
    }

    /**
     * Writes the buffered lines; on failure they stay buffered, and the exception says nothing of
     * what it means for them (the caller does). Caller holds the write lock.
     */
    private void flushPending() throws IOException {
        if (pendingLength > 0) {
            writeOut(pending, pendingLength);
            pendingLength = 0;
        }
        written = appended;
    }

    /**
     * Writes {@code b[0, len)} at the end of the file; on failure cuts off what part of it was
     * written (or, if even that fails, makes the journal refuse writes) and rethrows. Caller holds
     * the write lock.
     */
    private void writeOut(byte[] b, int len) throws IOException {
        try {
            file.write(b, 0, len, fileSize);
            fileSize += len;
        } catch (IOException e) {
            try {
                file.truncate(fileSize);
            } catch (IOException cut) {
                e.addSuppressed(cut);
                poison = new StateStoreException("journal " + path + " refuses writes: an append failed ("
                        + IoMessages.describe(e) + ") and its partial line could not be cut off ("
                        + IoMessages.describe(cut) + "); reopen the store to recover", e);
            }
            throw e;
        }
    }

    @Override
    public void awaitDurable(long sequence) {
        if (durability == Durability.SYNCED) {
            syncTo(sequence);
        }
    }

    @Override
    public long durableSequence() {
        switch (durability) {
            case SYNCED:
                return commit.synced();
            case FLUSHED:
                return written;
            default:
                writeLock.lock();
                try {
                    return appended;
                } finally {
                    writeLock.unlock();
                }
        }
    }

    /** Returns {@code true}: the history since the last rewrite reads back from the file. */
    @Override
    public boolean readsHistory() {
        return true;
    }

    @Override
    public long oldestRetainedRevision() {
        writeLock.lock();
        try {
            return index.oldest();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Returns at most {@code limit} history lines after revision {@code afterRevision}, read from
     * the file from the nearest indexed line before it; buffered lines are written out first.
     */
    @Override
    public List<StateTransition> readHistory(long afterRevision, int limit) {
        long[] start;
        writeLock.lock();
        try {
            ensureOpen();
            if (pendingLength > 0 && poison == null) {
                String buffered = bufferedWrites();
                try {
                    flushPending();
                } catch (IOException e) {
                    throw new StateStoreException("cannot read the history of journal " + path + ": writing out the "
                            + buffered + " buffered in memory first failed: " + IoMessages.describe(e) + "; they are "
                            + "still only in memory: a later sync() or close() tries again, and they are lost if the "
                            + "process ends first", e);
                }
            }
            if (afterRevision + 1 < index.oldest()) {
                throw dev.statestore.HistoryCompactedException.readAfter(afterRevision, index.oldest());
            }
            if (afterRevision >= index.latest()) {
                return new ArrayList<>();
            }
            start = index.start(afterRevision);
        } finally {
            writeLock.unlock();
        }
        List<StateTransition> out = new ArrayList<>(Math.min(limit, 1024));
        if (start == null) {
            return out;
        }
        HistoryPage page = new HistoryPage(afterRevision, limit, start[0] - 1, out);
        try {
            LineScanner.scan(path, start[1], 1, page);
        } catch (HistoryPage.Full full) {
            return out;
        } catch (IOException e) {
            throw new StateStoreException("cannot read the history of journal " + path + ": "
                    + IoMessages.describe(e), e);
        }
        return out;
    }

    /** Collects history lines from an indexed line on, numbering those stored without a revision. */
    private final class HistoryPage implements LineScanner.Sink {
        /** Thrown to stop the scan once the page is full. */
        static final class Full extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Full() {
                super(null, null, false, false);
            }
        }

        private final long after;
        private final int limit;
        private final List<StateTransition> out;
        private final LineDecoder.Shared shared = new LineDecoder.Shared();
        private long previous;

        HistoryPage(long after, int limit, long previous, List<StateTransition> out) {
            this.after = after;
            this.limit = limit;
            this.previous = previous;
            this.out = out;
        }

        @Override
        public void line(long lineNumber, long offset, byte[] b, int off, int len) {
            if (LineDecoder.isBlank(b, off, len)) {
                return;
            }
            StateTransition t;
            try {
                t = LineDecoder.decode(b, off, len, shared);
            } catch (LineDecoder.BadLine e) {
                return; // skipped on replay too
            }
            if (shared.lastWasState() || shared.lastWasEnd()) {
                return;
            }
            long revision = t.revision() > 0 ? t.revision() : previous + 1;
            previous = revision;
            if (revision <= after) {
                return;
            }
            out.add(t.revision() > 0 ? t : TRANSITIONS.adopt(t.key(), TRANSITIONS.sharedOldValue(t),
                    TRANSITIONS.sharedNewValue(t), t.actionId(), t.timestamp(), t.ttlSecs().orElse(-1), revision,
                    0));
            if (out.size() >= limit) {
                throw new Full();
            }
        }

        @Override
        public void overlong(long lineNumber, long offset, long length) {
            // skipped on replay too
        }
    }

    @Override
    public void sync() {
        long target;
        writeLock.lock();
        try {
            ensureWritable();
            String buffered = bufferedWrites();
            try {
                flushPending();
            } catch (IOException e) {
                throw new StateStoreException("cannot sync journal " + path + ": writing out the " + buffered
                        + " buffered in memory failed: " + IoMessages.describe(e) + "; they are still only in memory: "
                        + "a later sync() or close() tries again, and they are lost if the process ends first", e);
            }
            target = written;
        } finally {
            writeLock.unlock();
        }
        syncTo(target);
    }

    /** Returns once an fsync covering {@code target} has succeeded (see {@link GroupCommit}). */
    private void syncTo(long target) {
        commit.syncTo(target, () -> written, () -> file::sync, () -> poison, failure -> poison = fsyncFailed(failure));
    }

    private StateStoreException fsyncFailed(Throwable cause) {
        String why = cause instanceof IOException ? IoMessages.describe((IOException) cause) : cause.toString();
        return new StateStoreException("journal " + path + " refuses writes: an fsync failed (" + why
                + "); the operating system may have dropped unwritten data, so the fsync is not retried "
                + "and nothing more is written. Reads keep working; reopen the store to continue from "
                + "what is on disk", cause);
    }

    /**
     * Replaces the file with {@code state} as state lines (temp file, fsync, rename, directory
     * fsync). The history in the file before it no longer reads back: this journal's
     * {@link #oldestRetainedRevision()} becomes {@code historyEnd + 1}.
     */
    @Override
    public void rewrite(Collection<StateTransition> records, long historyEnd) {
        Objects.requireNonNull(records, "records");
        writeLock.lock();
        try {
            ensureWritable();
            Temp temp = writeTemp(records, historyEnd);
            commit.whileIdle(() -> {
                StateStoreException failed = poison;
                if (failed != null) {
                    // An fsync that ran while the temp file was written failed: the writes it was
                    // to cover are being rolled back, so this rewrite, which holds them, must not
                    // take the journal's place, nor report success.
                    discard(temp.lock);
                    throw new StateStoreException(failed.getMessage() + " (the rewrite was abandoned; the journal "
                            + "keeps its old content)", failed);
                }
                try {
                    io.atomicMove(tempFile, path);
                } catch (IOException e) {
                    discard(temp.lock);
                    throw new StateStoreException("cannot rewrite journal " + path + ": renaming " + tempFile
                            + " over it failed: " + IoMessages.describe(e) + "; the journal is unchanged", e);
                }
                // The new file was locked before it took the journal's name; the old one is gone.
                JournalLock old = lock;
                lock = temp.lock;
                file = lock.file();
                index.restart(historyEnd + 1);
                fileSize = temp.size;
                pendingLength = 0;
                written = appended;
                closeQuietly(old, null);
                try {
                    io.syncDirectory(directory);
                } catch (IOException e) {
                    poison = new StateStoreException("journal " + path + " refuses writes: after a rewrite was "
                            + "renamed into place, the directory fsync failed (" + IoMessages.describe(e) + "); on "
                            + "disk is either the old or the new content, complete. Reopen the store to continue", e);
                    throw new StateStoreException(poison.getMessage(), e);
                }
                commit.markSynced(appended);
            });
        } finally {
            writeLock.unlock();
        }
    }

    /** A written and fsynced temp file, locked, and its size. */
    private record Temp(JournalLock lock, long size) {
    }

    /** Writes and fsyncs the temp file. Caller holds the write lock. */
    private Temp writeTemp(Collection<StateTransition> records, long historyEnd) {
        JournalLock temp;
        try {
            String inUse = JournalLock.whyNotFree(tempFile);
            if (inUse != null) {
                throw new StateStoreException("cannot rewrite journal " + path + ": its temp file name " + tempFile
                        + " is taken (" + inUse + "); the journal is unchanged. Move that file away: the name is "
                        + "reserved for rewrites of the journal");
            }
            Files.deleteIfExists(tempFile); // a stale temp file of ours
            temp = JournalLock.create(tempFile, path, io);
        } catch (IOException e) {
            throw new StateStoreException("cannot rewrite journal " + path + ": cannot create " + tempFile + ": "
                    + IoMessages.describe(e) + "; the journal is unchanged", e);
        }
        try {
            FileAccess.copy(path, tempFile); // before any byte of the journal is in it
            long size = encoder.writeAll(records, historyEnd, temp.file());
            try {
                temp.file().sync();
            } catch (IOException e) {
                poison = fsyncFailed(e);
                throw new StateStoreException(poison.getMessage(), e);
            }
            return new Temp(temp, size);
        } catch (IOException e) {
            discard(temp);
            throw new StateStoreException("cannot rewrite journal " + path + ": writing " + tempFile + " failed: "
                    + IoMessages.describe(e) + "; the journal is unchanged", e);
        } catch (RuntimeException | Error e) {
            discard(temp);
            throw e;
        }
    }

    /** Closes and removes an unused temp file. */
    private void discard(JournalLock temp) {
        closeQuietly(temp, null);
        deleteQuietly(tempFile);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Writes what is buffered, fsyncs, closes the file and releases the lock. Idempotent. A
     * journal that refuses writes is closed without writing.
     *
     * @throws StateStoreException if the final write or fsync fails; the lock is released anyway
     */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            StateStoreException failure = null;
            if (poison == null) {
                String buffered = bufferedWrites();
                try {
                    flushPending();
                    syncTo(written);
                } catch (IOException e) {
                    failure = new StateStoreException("journal " + path + " closed with " + buffered + " lost: writing "
                            + "them out of the buffer failed: " + IoMessages.describe(e) + ". The journal holds every "
                            + "write acknowledged before them", e);
                } catch (StateStoreException e) {
                    failure = e;
                }
            } else if (pendingLength > 0) {
                failure = new StateStoreException("journal " + path + " closed with " + bufferedWrites() + " lost: they "
                        + "were buffered when the journal began refusing writes (" + poison.getMessage() + ")", poison);
            }
            closed = true;
            try {
                lock.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = new StateStoreException("cannot close journal " + path + ": " + IoMessages.describe(e), e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("journal " + path + " is closed");
        }
    }

    private void ensureWritable() {
        ensureOpen();
        if (!ready) {
            throw new IllegalStateException("journal " + path + " has not been replayed: call replay before writing");
        }
        StateStoreException failed = poison;
        if (failed != null) {
            throw new StateStoreException(failed.getMessage(), failed);
        }
    }

    /** Closes {@code lock}; a failure is added to {@code failure}, if any, else dropped. */
    private static void closeQuietly(JournalLock lock, Throwable failure) {
        try {
            lock.close();
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
            // else the file is abandoned; its failure does not change the outcome
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, () -> "cannot remove " + p + ": " + IoMessages.describe(e) + "; the next open removes it");
        }
    }

    @Override
    public String toString() {
        return "JsonlJournal[" + path + ", " + durability.urlName() + (poison != null ? ", refusing writes" : "") + "]";
    }
}
