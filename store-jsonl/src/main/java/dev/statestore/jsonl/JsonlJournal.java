package dev.statestore.jsonl;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.FileAccess;
import dev.statestore.HistoryCompactedException;
import dev.statestore.internal.HistoryPolicy;
import dev.statestore.jsonl.internal.CheckpointFile;
import dev.statestore.jsonl.internal.Checkpointer;
import dev.statestore.jsonl.internal.Flusher;
import dev.statestore.jsonl.internal.HistoryPage;
import dev.statestore.jsonl.internal.LayoutChanges;
import dev.statestore.jsonl.internal.LayoutFiles;
import dev.statestore.jsonl.internal.LayoutOpen;
import dev.statestore.jsonl.internal.LayoutOptions;
import dev.statestore.jsonl.internal.LineReplay;
import dev.statestore.jsonl.internal.LineSeek;
import dev.statestore.jsonl.internal.Manifest;
import dev.statestore.jsonl.internal.Segments;
import dev.statestore.jsonl.internal.SparseIndex;
import dev.statestore.jsonl.internal.StateFold;
import dev.statestore.jsonl.internal.GroupCommit;
import dev.statestore.jsonl.internal.IoMessages;
import dev.statestore.jsonl.internal.JournalIo;
import dev.statestore.jsonl.internal.JournalIo.JournalFile;
import dev.statestore.jsonl.internal.JournalLock;
import dev.statestore.jsonl.internal.JournalPaths;
import dev.statestore.jsonl.internal.LineEncoder;
import dev.statestore.jsonl.internal.LineOutput;
import dev.statestore.jsonl.internal.LineScanner;
import dev.statestore.jsonl.internal.TornTails;
import dev.statestore.jsonl.internal.Values;
import dev.statestore.spi.Journal;
import java.io.IOException;
import java.io.SyncFailedException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * A {@link Journal} kept as JSON Lines files, in the version 2 layout: the active file
 * {@code <name>}, where each transition is appended as one line (format in
 * {@link JsonlStateStore}), and beside it the directory {@code <name>.d} of sealed segments,
 * checkpoints and the manifest ({@link LayoutFiles}). Opening replays the newest checkpoint and
 * the history after it; a background thread ({@link Checkpointer}) checkpoints once the tail passes
 * its bound (from the engine's live state, {@link #attachState}, or else from the files), seals the active file into a segment once it passes
 * {@code segment-bytes}, and removes the segments a bounded {@code history} no longer keeps
 * ({@link LayoutOptions}). The retained history reads back by revision ({@link #readHistory}).
 * Most users open a {@link JsonlStateStore}, which attaches one of these to the in-memory engine.
 *
 * <p>Files: see {@link LayoutFiles}; also {@code <name>.torn-<UTC time>}, the bytes of an
 * unfinished last line cut off the active file on open, under a name that did not exist, and
 * {@code .<name>.statestore-tmp}, a version 1 rewrite's temp file, removed on open if a crash
 * left it and it is ours (a regular file no process holds). No other file is touched. A path that
 * is a symlink names its target (followed even before the target exists).
 *
 * <p>Exclusive: the active file itself carries an OS lock while open ({@link JournalLock}), and
 * the files open in this JVM are registered by file identity, so a second opener is refused
 * whatever name it uses (a symlink, a hard link, another spelling) and in whatever process.
 * Sealing locks the new active file before renaming it over the journal's name, so the lock moves
 * with the journal. The lock is a POSIX record lock, which the operating system drops when the
 * holding process closes any descriptor of the file: this library keeps its own descriptors of an
 * open journal open until it closes, but other code of the same process must not open and close
 * the journal file while a store holds it (read it through {@link JournalReader} or
 * {@link JournalLayout}, or from another process).
 *
 * <p>Writes: {@link Durability#BUFFERED} collects lines in a 64 KiB buffer written when full, at
 * least every {@code flush-interval} by a background thread ({@link Flusher}), on {@link #sync()}
 * and on {@link #close()} (if that write fails, the exception counts the acknowledged writes and
 * bytes in the buffer: kept for the next try, or, at close, lost); {@link Durability#FLUSHED}
 * writes each line to the operating system in {@link #append}; {@link Durability#SYNCED} only copies
 * it into a buffer there (no system call under the engine's lock), and {@link #awaitDurable} waits
 * for a commit covering it: the first waiter becomes the leader, writes out the lines of every
 * writer queued so far in one write and fsyncs them; the others wait for it (group commit with
 * flat combining, {@link GroupCommit}, {@link LineOutput}). A failed append throws and cuts the
 * partial line off (if even that fails, the journal refuses further writes). A failed write of a
 * synced journal's buffer fails every write it held and makes the journal refuse further writes,
 * as a failed fsync of any file of the layout does: the journal then refuses every append,
 * rewrite and sync for good; an fsync is never retried. A checkpoint or restore waiting for an
 * fsync that fails is abandoned before it commits, so the writes the engine rolls back are not
 * made durable by it.
 * Every file written gets the journal's owner, group and mode before its first byte
 * ({@link FileAccess}), is fsynced, renamed into place, and its directory fsynced.
 *
 * <p>Thread-safety: safe for the engine's calling protocol ({@link Journal}); appends, syncs and
 * close are serialized by an internal lock, writes of the active file and fsyncs each by another
 * (so the leader of a group commit writes and fsyncs without the first); layout changes are
 * serialized by a fourth and never hold the first for longer than a flush, an fsync and a rename,
 * except a restore (called with the engine's lock held), which cuts the files. No I/O of the journal is
 * interruptible (files are {@link java.io.RandomAccessFile}s, the directory is fsynced through an
 * asynchronous channel, waits are uninterruptible), so a thread interrupt, arriving before or
 * during any call, never fails the call or closes the journal; the interrupt flag is left as it
 * was. The journal owns its files, lock and background threads; the store that attaches it closes
 * it. This class is longer than most because the whole locking discipline of the layout is here.
 */
public final class JsonlJournal implements Journal {

    private static final System.Logger LOG = System.getLogger(JsonlJournal.class.getName());
    private static final Comparator<StateTransition> BY_KEY = Comparator.comparing(StateTransition::key);
    private static final int PENDING_CAPACITY = 1 << 16;
    private static final int MAX_LOGGED_SKIPS = 100;
    /** A batch buffer larger than this (grown by huge lines) is not kept for the next batch. */
    private static final int BATCH_KEEP = 1 << 20;
    /** How long a checkpoint waits for the engine to apply the writes appended before it. */
    private static final long APPLY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Path path;
    private final Path directory;
    private final Durability durability;
    private final boolean strict;
    private final JournalIo io;

    /** Guards the lock, the file, the buffer and the counters below. */
    private final ReentrantLock writeLock = new ReentrantLock();

    private final LineEncoder encoder = new LineEncoder();
    /** The lines of an {@link #appendAll}, reused; guarded by the write lock. */
    private byte[] batch = new byte[0];
    private final LayoutOptions options;
    private final LayoutFiles files;
    private final Segments segments;
    /** Serializes the commits of layout changes: checkpoints, rolls, segment removals, rewrites. */
    private final ReentrantLock layoutLock = new ReentrantLock();
    /** Serializes background maintenance with {@link #compact()}. */
    private final ReentrantLock maintenance = new ReentrantLock();
    /** Reads of files hold it shared; renames and removals of files (roll, retention, cut) exclusive. */
    private final ReentrantReadWriteLock filesLock = new ReentrantReadWriteLock();
    /** The current manifest, {@code null} for a journal never checkpointed; written under the layout lock. */
    private volatile Manifest manifest;
    private final Checkpointer checkpointer;
    private Flusher flusher;
    /** Where the active file's history lines are; guarded by {@link #writeLock}. */
    private SparseIndex activeIndex = new SparseIndex(0);
    /** The revision of the active file's first history line, or the next one when it holds none. */
    private long activeFirst = 1;
    private long latestRevision;
    private Instant latestTimestamp;
    /** History lines and bytes appended since the last checkpoint. */
    private long tailLines;
    private long tailBytes;
    private boolean maintenanceRequested;
    /**
     * The engine's live state ({@link #attachState}), from which checkpoints are written; {@code null}
     * until attached and from a rewrite until the engine attaches the state that replaced it, when
     * checkpoints fold the files instead. Guarded by {@link #writeLock}.
     */
    private Collection<StateTransition> live;
    /** The revision the engine has applied to {@link #live}, or {@code null} if it did not say; guarded by the write lock. */
    private LongSupplier liveApplied;
    /** Counts the seals of the active file; written under the write lock and the files lock. */
    private volatile int activeGeneration;
    /** The journal's current file and its OS lock; a rewrite replaces both. */
    private JournalLock lock;
    /**
     * The file of {@link #lock}; changed only inside {@link GroupCommit#whileIdle}, as the leader of a
     * group commit writes and fsyncs it (through {@link #output}) without the write lock.
     */
    private JournalFile file;
    /** The lines not yet handed to the operating system, and every write of the active file. */
    private final LineOutput output;
    /** The active file's size once every line appended is written; guarded by {@link #writeLock}. */
    private long fileSize;
    private long appended;

    private final GroupCommit commit = new GroupCommit();

    private volatile StateStoreException poison;
    private volatile boolean closed;
    private boolean replayed;
    /** Whether a replay succeeded, so that appends go to the end of the valid lines. */
    private boolean ready;
    private volatile ReplayReport report;

    private JsonlJournal(Path path, Durability durability, boolean strict, JournalIo io, JournalLock lock,
            LayoutOptions options) {
        this.path = path;
        this.options = options;
        this.files = new LayoutFiles(path);
        this.segments = new Segments(files);
        this.checkpointer = new Checkpointer("statestore-checkpointer " + path.getFileName(), new Checkpointer.Work() {
            @Override
            public void run() throws Exception {
                maintain();
            }

            @Override
            public boolean finished() {
                return closed || poison != null;
            }
        }, options.history().age() == null ? null : Duration.ofMinutes(1));
        this.directory = path.getParent();
        this.durability = durability;
        this.strict = strict;
        this.io = io;
        this.lock = lock;
        this.file = lock.file();
        this.output = new LineOutput(file, PENDING_CAPACITY, durability == Durability.BUFFERED);
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
        return open(path, durability, strict, io, LayoutOptions.defaults());
    }

    /**
     * Returns the journal at {@code path} with its file operations done through {@code io} and its
     * layout bounded by {@code options}.
     *
     * @param path the journal file
     * @param durability when an append counts as done
     * @param strict whether a bad line fails the replay
     * @param io the file operations
     * @param options the bounds of segments, checkpoints and buffered writes, and the history kept
     * @return the open journal
     */
    static JsonlJournal open(Path path, Durability durability, boolean strict, JournalIo io, LayoutOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
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
            return new JsonlJournal(canonical, durability, strict, io, lock, options);
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
     * Replays the journal into {@code sink}: the newest checkpoint, then the history after it,
     * oldest first (a journal without a checkpoint from its oldest file); skips (or, when strict,
     * fails on) bad lines and a damaged checkpoint or manifest; cuts a torn last line off the active
     * file into a side file. Before that it finishes or undoes what a crash interrupted (see
     * {@link LayoutOpen}).
     *
     * @param sink receives each record
     * @throws StateStoreException if a file cannot be read or repaired, or, when strict, at
     *     the first bad line or damaged file
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
            BadLines bad = new BadLines();
            LayoutOpen.Result r;
            try {
                r = LayoutOpen.open(files, io, file, segments, strict, sink, bad);
            } catch (IOException e) {
                throw new StateStoreException("cannot read journal " + path + ": " + IoMessages.describe(e), e);
            }
            if (r.activeSize() > r.activeEnd()) {
                cutTornTail(r.activeEnd(), r.activeSize());
            }
            fileSize = r.activeEnd();
            output.reset(file, fileSize, 0);
            manifest = r.manifest();
            activeIndex = r.activeIndex();
            activeFirst = r.activeFirst();
            latestRevision = r.latest();
            tailLines = r.tailLines();
            tailBytes = r.tailBytes();
            sink.end(r.latest());
            long skipped = bad.skipped.count();
            report = new ReplayReport(path, r.linesRead(), r.applied(), skipped, bad.skipped.first(),
                    r.activeSize() - r.activeEnd(), r.activeSize());
            ready = true;
            if (skipped > 0) {
                LOG.log(Level.WARNING, "journal " + path + ": skipped " + skipped + " bad line(s) of " + r.linesRead()
                        + "; the store holds the rest" + (skipped > MAX_LOGGED_SKIPS ? " (warned of the first "
                        + MAX_LOGGED_SKIPS + "; replayReport() lists the first " + ReplayReport.MAX_SKIPPED_KEPT + ")" : ""));
            }
            if (durability == Durability.BUFFERED) {
                flusher = new Flusher("statestore-flusher " + path.getFileName(), this::flushInBackground,
                        options.flushInterval());
            }
            requestMaintenanceIfDue();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The bad lines and damaged files a replay found: counted, the first kept, warned of; in
     * strict mode the first one fails the open. A line of a file other than the active one is
     * reported with that file's name; line 0 stands for a whole file (a damaged checkpoint or
     * manifest).
     */
    private final class BadLines implements LineReplay.Problems {
        final SkippedLines skipped = new SkippedLines();

        @Override
        public void bad(Path where, long lineNumber, String reason) {
            String text = where.equals(path) ? reason : where.getFileName() + ": " + reason;
            String place = where.equals(path) ? "journal " + path + " line " + lineNumber
                    : "journal " + path + ", file " + where + (lineNumber > 0 ? " line " + lineNumber : "");
            if (strict) {
                throw new StateStoreException(place + ": " + reason
                        + "; the open fails because recovery=strict (recovery=lenient skips bad lines)");
            }
            if (skipped.count() < MAX_LOGGED_SKIPS) {
                LOG.log(Level.WARNING, () -> place + ": " + reason + "; skipped");
            }
            skipped.add(lineNumber, text);
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

    /**
     * Appends one line: in {@code FLUSHED} mode writes it to the operating system now; in
     * {@code BUFFERED} and {@code SYNCED} mode copies it into the buffer, which in {@code SYNCED}
     * mode the next group commit writes out with the lines of every writer queued behind it (one
     * write, then one fsync), so that no system call is made here; a full buffer is written out
     * here first, and a line larger than the buffer is written at once.
     */
    @Override
    public long append(StateTransition transition) {
        Objects.requireNonNull(transition, "transition");
        writeLock.lock();
        try {
            ensureWritable();
            int n = encoder.encode(transition);
            byte[] line = encoder.buffer();
            long sequence = appended + 1;
            long offset = fileSize;
            handOver(line, n, sequence);
            appended = sequence;
            fileSize += n;
            recordAppended(transition, offset, n);
            return sequence;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Appends the transitions as {@link #append} would, all or none: every line is encoded first
     * (one that cannot be refuses them all, before anything is written), then the lines are handed
     * over together, with one {@code write(2)} when flushed or when they do not fit the buffer, else
     * into the buffer at once. A failed write is cut off the file again, as for one line.
     */
    @Override
    public long appendAll(List<StateTransition> transitions) {
        Objects.requireNonNull(transitions, "transitions");
        int count = transitions.size();
        if (count == 0) {
            throw new IllegalArgumentException("appendAll needs at least one transition");
        }
        if (count == 1) {
            return append(transitions.get(0));
        }
        writeLock.lock();
        try {
            ensureWritable();
            int[] lengths = new int[count];
            int total = 0;
            byte[] lines = batch;
            for (int i = 0; i < count; i++) {
                StateTransition t = Objects.requireNonNull(transitions.get(i), "transitions[" + i + "]");
                int n = encoder.encode(t);
                if ((long) total + n > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("the " + count + " transitions take more than "
                            + (Integer.MAX_VALUE - 16) + " bytes as lines; append them in smaller batches");
                }
                if (total + n > lines.length) {
                    lines = Arrays.copyOf(lines, (int) Math.min(Integer.MAX_VALUE - 16,
                            Math.max((long) total + n, Math.max(2L * lines.length, 1 << 16))));
                }
                System.arraycopy(encoder.buffer(), 0, lines, total, n);
                total += n;
                lengths[i] = n;
            }
            // Keep a batch buffer of ordinary size for the next reap, not one a huge value grew.
            batch = lines.length <= BATCH_KEEP ? lines : batch;
            long last = appended + count;
            handOver(lines, total, last);
            long offset = fileSize;
            for (int i = 0; i < count; i++) {
                appended++;
                fileSize += lengths[i];
                recordAppended(transitions.get(i), offset, lengths[i]);
                offset += lengths[i];
            }
            return last;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Keeps the engine's live state to write checkpoints from, so that a checkpoint costs an
     * iteration of the heap instead of reading and decoding the last checkpoint and every line
     * after it.
     */
    @Override
    public void attachState(Collection<StateTransition> state) {
        attach(state, null);
    }

    /**
     * Keeps the engine's live state as {@link #attachState(Collection)} does, and the revision the
     * engine has applied to it, which a checkpoint waits for before it reads the state.
     */
    @Override
    public void attachState(Collection<StateTransition> state, LongSupplier applied) {
        attach(state, Objects.requireNonNull(applied, "applied"));
    }

    private void attach(Collection<StateTransition> state, LongSupplier applied) {
        Objects.requireNonNull(state, "state");
        writeLock.lock();
        try {
            live = state;
            liveApplied = applied;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Hands {@code n} bytes of whole lines, the last with sequence {@code last}, to the file: at once
     * when flushed or when they do not fit the buffer, else into the buffer. On failure nothing of
     * them counts as written. Caller holds the write lock.
     */
    private void handOver(byte[] lines, int n, long last) {
        if (durability == Durability.FLUSHED) {
            writeLine(lines, n, last);
        } else if (!output.add(lines, n, last)) {
            flushFullBuffer();
            if (!output.add(lines, n, last)) {
                writeLine(lines, n, last); // larger than the buffer
            }
        }
    }

    /** Writes out the full buffer before an append, or throws saying the append was not applied. Caller holds the write lock. */
    private void flushFullBuffer() {
        String buffered = bufferedWrites();
        try {
            flushPending();
        } catch (IOException e) {
            throw new StateStoreException("cannot append to journal " + path + ": writing out the full buffer "
                    + "failed: " + IoMessages.describe(e) + "; the write was not applied, and the " + buffered
                    + " it holds are still only in memory: a later sync(), close() or write tries again, and they "
                    + "are lost if the process ends first", e);
        }
    }

    /**
     * Indexes an appended line and counts it into the tail; asks for maintenance when the tail or
     * the active file passes its bound. Caller holds the write lock.
     */
    private void recordAppended(StateTransition t, long offset, int n) {
        long revision = t.revision() > 0 ? t.revision() : latestRevision + 1;
        if (activeFirst > latestRevision) {
            activeFirst = revision; // the active file's first history line
        }
        activeIndex.add(revision, offset);
        latestRevision = revision;
        latestTimestamp = t.timestamp();
        tailLines++;
        tailBytes += n;
        requestMaintenanceIfDue();
    }

    /** Asks the checkpointer to run when a bound is passed and it was not asked yet. Caller holds the write lock. */
    private void requestMaintenanceIfDue() {
        if (!maintenanceRequested && poison == null && (checkpointDue() || rollDue())) {
            maintenanceRequested = true;
            checkpointer.request();
        }
    }

    /** Returns whether the tail after the last checkpoint passed its bound. Caller holds the write lock. */
    private boolean checkpointDue() {
        Manifest m = manifest;
        long lines = Math.max(options.checkpointLines(), m == null ? 0 : m.lines());
        long bytes = Math.max(options.checkpointBytes(), m == null ? 0 : m.bytes());
        return tailLines >= lines || tailBytes >= bytes;
    }

    /** Returns whether the active file is due to be sealed. Caller holds the write lock. */
    private boolean rollDue() {
        return fileSize >= options.segmentBytes() && activeFirst <= latestRevision;
    }

    /**
     * Writes one line at once (nothing is buffered), or throws saying it was not applied; a part of
     * it that reached the file is cut off again, and if even that fails the journal refuses writes.
     * Caller holds the write lock.
     */
    private void writeLine(byte[] line, int n, long sequence) {
        try {
            output.write(line, n, sequence);
        } catch (IOException e) {
            refuseIfBroken(e);
            throw new StateStoreException("cannot append to journal " + path + ": " + IoMessages.describe(e)
                    + "; the write was not applied", e);
        }
    }

    /**
     * Returns "N acknowledged writes (B bytes)" for the buffer of a buffered journal ("N writes
     * waiting for their fsync" in a synced one). Caller holds the write lock.
     */
    private String bufferedWrites() {
        long count = appended - output.written();
        return count + (durability == Durability.SYNCED ? " write" + (count == 1 ? "" : "s") + " waiting for their fsync"
                : " acknowledged write" + (count == 1 ? "" : "s")) + " (" + output.pendingBytes() + " bytes)";
    }

    /**
     * Writes the buffered lines out, after a write in progress. On failure a buffered journal keeps
     * them (the exception says nothing of what that means for them: the caller does); a synced
     * journal cannot, as their writers are waiting: it then refuses writes and throws that
     * refusal. Caller holds the write lock.
     *
     * @throws IOException if the write fails and the lines stay buffered
     * @throws StateStoreException if the write fails and the journal refuses writes for it
     */
    private void flushPending() throws IOException {
        try {
            output.drain();
        } catch (IOException e) {
            StateStoreException refusal = refuseIfBroken(e);
            if (refusal != null && durability == Durability.SYNCED) {
                throw new StateStoreException(refusal.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Makes the journal refuse writes if the failed write {@code e} broke the output (its lines
     * could not be kept, or what reached the file could not be cut off); returns the refusal, or
     * {@code null} if the journal can go on.
     */
    private StateStoreException refuseIfBroken(IOException e) {
        if (!output.broken()) {
            return null;
        }
        StateStoreException refusal = poison;
        if (refusal == null) {
            IOException cut = output.cutFailure();
            String notCut = cut == null ? "" : " and its partial line could not be cut off (" + IoMessages.describe(cut)
                    + ")";
            if (durability == Durability.SYNCED) {
                refusal = new StateStoreException("journal " + path + " refuses writes: writing out the lines of the "
                        + "writes waiting for their fsync failed (" + IoMessages.describe(e) + ")" + notCut + "; those "
                        + "writes fail and are undone, and nothing more is written. Reads keep working; reopen the "
                        + "store to continue from what is on disk", e);
            } else {
                refusal = new StateStoreException("journal " + path + " refuses writes: an append failed ("
                        + IoMessages.describe(e) + ")" + notCut + "; reopen the store to recover", e);
            }
            poison = refusal;
        }
        return refusal;
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
                return output.written();
            default:
                writeLock.lock();
                try {
                    return appended;
                } finally {
                    writeLock.unlock();
                }
        }
    }

    /** Returns {@code true}: the retained history reads back from the segments and the active file. */
    @Override
    public boolean readsHistory() {
        return true;
    }

    /**
     * Returns the first revision of the oldest segment, or, without segments, of the active file's
     * first history line (one past the latest when it holds none).
     */
    @Override
    public long oldestRetainedRevision() {
        writeLock.lock();
        try {
            long oldest = segments.oldest();
            return oldest > 0 ? Math.min(oldest, activeFirst) : activeFirst;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Returns at most {@code limit} history lines after revision {@code afterRevision}: from the
     * segment that holds the next revision (found by its name, read from the nearest line its index
     * knows), then the later segments and the active file; buffered lines are written out first.
     */
    @Override
    public List<StateTransition> readHistory(long afterRevision, int limit) {
        while (true) {
            long first;
            long latest;
            int captured;
            writeLock.lock();
            try {
                ensureOpen();
                if (poison == null && output.pendingBytes() > 0) {
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
                long oldest = oldestRetainedRevision();
                if (afterRevision + 1 < oldest) {
                    throw HistoryCompactedException.readAfter(afterRevision, oldest);
                }
                first = activeFirst;
                latest = latestRevision;
                captured = activeGeneration;
            } finally {
                writeLock.unlock();
            }
            List<StateTransition> out = new ArrayList<>(Math.min(limit, 1024));
            if (afterRevision >= latest) {
                return out;
            }
            try {
                // Found before the files lock is taken (a seal takes the write lock, then the files lock);
                // the generation tells whether a seal replaced the active file meanwhile.
                long[] start = activeStart(afterRevision);
                int generation = (int) start[2];
                filesLock.readLock().lock();
                try {
                    if (generation != activeGeneration || generation != captured) {
                        // Sealed meanwhile: the active file's first revision taken above is stale,
                        // and the segments would be read only up to it. Look again.
                        continue;
                    }
                    if (afterRevision + 1 < first) {
                        segments.readHistory(afterRevision, first, limit, out);
                    }
                    if (out.size() < limit && start[1] >= 0) {
                        HistoryPage page = new HistoryPage(afterRevision, latest, limit, out);
                        page.startAfter(start[0] - 1);
                        LineScanner.scan(path, start[1], 1, page);
                    }
                } finally {
                    filesLock.readLock().unlock();
                }
            } catch (HistoryPage.Full full) {
                return out;
            } catch (IOException e) {
                throw new StateStoreException("cannot read the history of journal " + path + ": "
                        + IoMessages.describe(e), e);
            }
            return out;
        }
    }

    /**
     * Returns where to read the active file for revisions above {@code after}, as
     * {@code {revision, offset, generation}} (offset {@code -1} when it holds no history line),
     * indexing the part of it that the open skipped if needed. Takes no files lock.
     */
    private long[] activeStart(long after) throws IOException {
        long coveredFrom;
        long previous;
        int generation;
        writeLock.lock();
        try {
            generation = activeGeneration;
            long[] start = activeIndex.start(after);
            coveredFrom = activeIndex.coveredFrom();
            if (coveredFrom == 0 || start != null && start[0] <= after + 1) {
                return start == null ? new long[] {0, -1, generation} : new long[] {start[0], start[1], generation};
            }
            previous = activeFirst - 1;
        } finally {
            writeLock.unlock();
        }
        SparseIndex prefix = LineSeek.indexBefore(path, coveredFrom, previous);
        writeLock.lock();
        try {
            if (activeGeneration == generation && activeIndex.coveredFrom() == coveredFrom) {
                activeIndex.prepend(prefix);
            }
            long[] start = activeIndex.start(after);
            return start == null ? new long[] {0, -1, generation} : new long[] {start[0], start[1], generation};
        } finally {
            writeLock.unlock();
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
            target = output.written();
        } finally {
            writeLock.unlock();
        }
        syncTo(target);
    }

    /** Returns once an fsync covering {@code target} has succeeded (see {@link GroupCommit}). */
    private void syncTo(long target) {
        commit.syncTo(target, this::writeAndFsync, () -> poison,
                failure -> failure instanceof StateStoreException refusal ? refusal : (poison = fsyncFailed(failure)));
    }

    /**
     * What the leader of a group commit runs, holding neither the write lock nor the engine's: in
     * a synced journal, writes out the lines buffered by every writer queued behind it, in one
     * write (flat combining); then fsyncs the file. A failed write makes the journal refuse writes
     * and is thrown as that refusal. Other journals write under the write lock and only fsync here.
     *
     * @return the highest sequence number the fsync covers
     */
    private long writeAndFsync() throws IOException {
        JournalFile f = output.file(); // not replaced while a group commit runs (see seal)
        long cover;
        if (durability == Durability.SYNCED) {
            try {
                cover = output.drain();
            } catch (IOException e) {
                StateStoreException refusal = refuseIfBroken(e); // a synced journal's output keeps no failed line
                throw new StateStoreException(refusal != null ? refusal.getMessage()
                        : "cannot sync journal " + path + ": " + IoMessages.describe(e), e);
            }
        } else {
            cover = output.written();
        }
        f.sync();
        return cover;
    }

    private StateStoreException fsyncFailed(Throwable cause) {
        String why = cause instanceof IOException ? IoMessages.describe((IOException) cause) : cause.toString();
        return new StateStoreException("journal " + path + " refuses writes: an fsync failed (" + why
                + "); the operating system may have dropped unwritten data, so the fsync is not retried "
                + "and nothing more is written. Reads keep working; reopen the store to continue from "
                + "what is on disk", cause);
    }

    /**
     * Replaces the stored state with {@code records} and ends the stored history at
     * {@code historyEnd}, keeping the history up to it: writes a checkpoint of {@code records} after
     * {@code historyEnd} in a new epoch, and commits it with a manifest that records the cut of the
     * lines after {@code historyEnd}; then applies the cut (removes the segments after it, cuts the
     * segment and the active file that hold it) and clears it with a second manifest. A crash before
     * the first manifest's rename leaves the old journal; after it, the open finishes the cut. No
     * line is appended before the cut is cleared, so a cut never touches later lines.
     */
    @Override
    public void rewrite(Collection<StateTransition> records, long historyEnd) {
        Objects.requireNonNull(records, "records");
        if (historyEnd < 0) {
            throw new IllegalArgumentException("historyEnd must be >= 0, was " + historyEnd);
        }
        layoutLock.lock();
        try {
            writeLock.lock();
            try {
                ensureWritable();
                try {
                    flushPending();
                } catch (IOException e) {
                    throw new StateStoreException("cannot rewrite journal " + path + ": writing out the "
                            + bufferedWrites() + " buffered in memory failed: " + IoMessages.describe(e)
                            + "; the journal is unchanged", e);
                }
                syncTo(appended);
                rewriteLocked(records, Math.min(historyEnd, latestRevision), historyEnd);
            } finally {
                writeLock.unlock();
            }
        } finally {
            layoutLock.unlock();
        }
    }

    /** The cut of a rewrite, and where the tail after its checkpoint starts. */
    private record CutPlan(Manifest.Cut cut, long tailFile, long tailOffset) {
    }

    /** Caller holds the layout lock and the write lock; everything appended is written and fsynced. */
    private void rewriteLocked(Collection<StateTransition> records, long keep, long historyEnd) {
        live = null; // the engine attaches the state that replaces it after this rewrite
        liveApplied = null;
        CutPlan plan;
        CheckpointFile.Written checkpoint;
        Manifest old = manifest;
        long epoch = (old == null ? 0 : old.epoch()) + 1;
        try {
            files.ensureDirectory(io);
            plan = planCut(keep);
            checkpoint = CheckpointFile.write(files, files.restoreTemp(), io, encoder, epoch, historyEnd, records);
        } catch (SyncFailedException e) {
            throw refuseAfterFsync(e);
        } catch (IOException e) {
            throw new StateStoreException("cannot rewrite journal " + path + ": " + IoMessages.describe(e)
                    + "; the journal is unchanged", e);
        }
        Manifest next = new Manifest(epoch, checkpoint.path().getFileName().toString(), historyEnd, checkpoint.lines(),
                checkpoint.bytes(), checkpoint.crc(), plan.tailFile(), plan.tailOffset(), plan.cut());
        try {
            LayoutChanges.writeManifest(files, io, next);
        } catch (SyncFailedException e) {
            throw refuseAfterFsync(e);
        } catch (IOException e) {
            deleteQuietly(checkpoint.path());
            throw new StateStoreException("cannot rewrite journal " + path + ": writing its manifest failed: "
                    + IoMessages.describe(e) + "; the journal is unchanged", e);
        }
        // Committed: from here on a failure leaves a journal that the next open finishes.
        manifest = next.withoutCut();
        try {
            if (plan.cut() != null) {
                filesLock.writeLock().lock();
                try {
                    LayoutChanges.applyCut(files, io, file, segments, plan.cut());
                } finally {
                    filesLock.writeLock().unlock();
                }
                LayoutChanges.writeManifest(files, io, next.withoutCut());
            }
        } catch (IOException e) {
            poison = new StateStoreException("journal " + path + " refuses writes: a restore to revision " + keep
                    + " was committed, but dropping the history after it failed (" + IoMessages.describe(e)
                    + "); reopen the store: the open finishes it", e);
            throw new StateStoreException(poison.getMessage(), e);
        }
        if (old != null && !old.checkpoint().equals(next.checkpoint())) {
            deleteQuietly(files.directory().resolve(old.checkpoint()));
        }
        if (plan.cut() != null) {
            fileSize = plan.cut().activeOffset();
            if (fileSize == 0 || keep + 1 < activeFirst) {
                activeIndex = new SparseIndex(0);
                activeFirst = keep + 1;
            } else {
                activeIndex.truncateAfter(keep);
            }
        }
        latestRevision = historyEnd;
        if (activeFirst > latestRevision) {
            activeFirst = latestRevision + 1;
        }
        tailLines = 0;
        tailBytes = 0;
        output.reset(file, fileSize, appended);
        commit.markSynced(appended);
    }

    /**
     * Returns the cut that drops the history after {@code keep}, and where the tail after a
     * checkpoint at {@code keep} then starts. Caller holds the write lock.
     */
    private CutPlan planCut(long keep) throws IOException {
        if (keep >= latestRevision) {
            return new CutPlan(null, activeFirst, fileSize);
        }
        if (keep + 1 >= activeFirst) {
            long[] start = activeIndex.start(keep);
            if (activeIndex.coveredFrom() > 0 && (start == null || start[0] > keep + 1)) {
                activeIndex.prepend(LineSeek.indexBefore(path, activeIndex.coveredFrom(), activeFirst - 1));
                start = activeIndex.start(keep);
            }
            long offset = start == null ? fileSize : LineSeek.firstAfter(path, start[1], start[0] - 1, keep);
            return new CutPlan(new Manifest.Cut(keep, 0, 0, offset), activeFirst, offset);
        }
        Segments.Segment holding = segments.containing(keep + 1);
        if (holding == null) {
            return new CutPlan(new Manifest.Cut(keep, 0, 0, 0), keep + 1, 0);
        }
        long[] start = holding.index().start(keep);
        long offset = start == null ? 0 : LineSeek.firstAfter(holding.path(), start[1], start[0] - 1, keep);
        return new CutPlan(new Manifest.Cut(keep, holding.first(), offset, 0), holding.first(), offset);
    }

    private StateStoreException refuseAfterFsync(SyncFailedException e) {
        poison = fsyncFailed(e.getCause() != null ? e.getCause() : e);
        return new StateStoreException(poison.getMessage(), e);
    }

    // ------------------------------------------------------------------ maintenance

    /**
     * Checkpoints now, whatever the tail's size: writes the engine's live state, or without one folds
     * the last checkpoint and the history after it, read from the files, into a new checkpoint; with a bounded {@code history}, first seals the
     * active file and afterwards removes the segments the policy no longer keeps. Nothing the
     * {@code history} option keeps is dropped. Writers are held only to flush and fsync what they
     * wrote and, to seal the active file, for a rename.
     *
     * @throws StateStoreException if it fails; the journal is as before, or refuses writes after
     *     a failed fsync
     * @throws IllegalStateException after {@link #close()}
     */
    public void compact() {
        ensureOpen();
        maintenance.lock();
        try {
            ensureWritable();
            if (!options.history().keepsAll()) {
                roll();
            }
            checkpoint();
            retain();
        } catch (SyncFailedException e) {
            throw refuseAfterFsync(e);
        } catch (IOException e) {
            throw new StateStoreException("cannot compact journal " + path + ": " + IoMessages.describe(e)
                    + "; the journal is unchanged", e);
        } finally {
            maintenance.unlock();
        }
    }

    /**
     * Waits until the background thread has done what was due (sealing, checkpointing, removing):
     * for tests, which write faster than a checkpoint runs.
     */
    void awaitMaintenance() {
        checkpointer.awaitIdle();
    }

    /** What the checkpointer thread runs: whatever is due of sealing, checkpointing and removing. */
    private void maintain() throws IOException {
        maintenance.lock();
        try {
            boolean checkpointDue;
            boolean rollDue;
            writeLock.lock();
            try {
                maintenanceRequested = false;
                if (closed || poison != null) {
                    return;
                }
                checkpointDue = checkpointDue();
                rollDue = rollDue();
            } finally {
                writeLock.unlock();
            }
            if (checkpointDue || rollDue && manifest == null) {
                checkpoint();
            }
            if (rollDue) {
                roll();
            }
            retain();
        } catch (SyncFailedException e) {
            throw new IOException(refuseAfterFsync(e).getMessage(), e);
        } finally {
            maintenance.unlock();
        }
    }

    /** What the write lock hands a checkpoint: the end of the history it folds in. */
    private record Capture(Manifest manifest, long latest, long activeFirst, long activeEnd, long tailLines,
                           long tailBytes, long target, Collection<StateTransition> live, LongSupplier applied) {
    }

    /**
     * Writes a new checkpoint after the latest revision, from the engine's live state or else from
     * the files, and commits it with a manifest. Caller holds the maintenance lock.
     */
    private void checkpoint() throws IOException {
        Capture c;
        writeLock.lock();
        try {
            ensureWritable();
            flushPending();
            c = new Capture(manifest, latestRevision, activeFirst, fileSize, tailLines, tailBytes, output.written(),
                    live, liveApplied);
        } finally {
            writeLock.unlock();
        }
        syncTo(c.target()); // the lines folded in are durable before a checkpoint says so
        Manifest m = c.manifest();
        if (m != null && m.revision() >= c.latest() && m.cut() == null) {
            return;
        }
        files.ensureDirectory(io);
        if (c.live() != null && !awaitApplied(c, m)) {
            return; // a rewrite replaced the state meanwhile, or the journal closed
        }
        List<StateTransition> state = c.live() != null ? liveState(c.live()) : foldedState(c, m);
        long epoch = m == null ? 0 : m.epoch();
        CheckpointFile.Written w = CheckpointFile.write(files, files.checkpointTemp(), io, new LineEncoder(), epoch,
                c.latest(), state);
        layoutLock.lock();
        try {
            if (closed || manifest != m) {
                deleteQuietly(w.path()); // a rewrite replaced the state meanwhile
                return;
            }
            Manifest next = new Manifest(epoch, w.path().getFileName().toString(), c.latest(), w.lines(), w.bytes(),
                    w.crc(), c.activeFirst(), c.activeEnd(), null);
            try {
                LayoutChanges.writeManifest(files, io, next);
            } catch (SyncFailedException e) {
                throw e;
            } catch (IOException e) {
                deleteQuietly(w.path());
                throw e;
            }
            manifest = next;
            if (m != null && !m.checkpoint().equals(next.checkpoint())) {
                deleteQuietly(files.directory().resolve(m.checkpoint()));
            }
            writeLock.lock();
            try {
                tailLines -= c.tailLines();
                tailBytes -= c.tailBytes();
            } finally {
                writeLock.unlock();
            }
        } finally {
            layoutLock.unlock();
        }
        LOG.log(Level.DEBUG, () -> "journal " + path + ": checkpoint after revision " + c.latest() + ", " + w.lines()
                + " keys, " + w.bytes() + " bytes");
    }

    /**
     * Waits until the engine has applied every write up to the capture's revision to its live
     * state. The engine appends a write, then applies it; a checkpoint that read the state in
     * between would say it holds that write while it holds the one before, and opening, which
     * replays only the lines after the checkpoint's revision, would lose the write. Returns
     * {@code false} when a rewrite replaced the state or the journal closed meanwhile (the capture
     * is then void); throws when the engine does not catch up within {@link #APPLY_WAIT_NANOS}, so
     * this checkpoint fails and is tried again later. Caller holds the maintenance lock.
     */
    private boolean awaitApplied(Capture c, Manifest m) throws IOException {
        LongSupplier applied = c.applied();
        if (applied == null) {
            return true;
        }
        long deadline = System.nanoTime() + APPLY_WAIT_NANOS;
        while (applied.getAsLong() < c.latest()) {
            if (closed || manifest != m) {
                return false;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the engine had not applied revision " + c.latest() + " to its state "
                        + TimeUnit.NANOSECONDS.toMillis(APPLY_WAIT_NANOS) + " ms after the journal appended it "
                        + "(it has applied " + applied.getAsLong() + "); the checkpoint is taken later");
            }
            LockSupport.parkNanos(50_000);
        }
        return true;
    }

    /**
     * Returns the engine's live state, sorted by key, made durable: read without a lock while
     * writes go on, so a key may carry a write newer than the checkpoint's revision. Opening
     * replays every history line after that revision in order, which ends each such key at its
     * latest write again (ZooKeeper's fuzzy snapshots rely on the same). The lines of those newer
     * writes are fsynced before the checkpoint can name them. Caller holds the maintenance lock.
     */
    private List<StateTransition> liveState(Collection<StateTransition> state) throws IOException {
        List<StateTransition> sorted = new ArrayList<>(state);
        sorted.sort(BY_KEY);
        long target;
        writeLock.lock();
        try {
            ensureWritable();
            flushPending();
            target = output.written();
        } finally {
            writeLock.unlock();
        }
        syncTo(target);
        return sorted;
    }

    /**
     * Returns the state of the last checkpoint and the history after it up to the capture, read
     * from the files, sorted by key: for a journal with no engine attached. Caller holds the
     * maintenance lock.
     */
    private List<StateTransition> foldedState(Capture c, Manifest m) throws IOException {
        StateFold fold = new StateFold();
        LineReplay.Problems problems = (where, line, reason) -> LOG.log(Level.WARNING, () -> "journal " + path
                + ", checkpoint of " + where + (line > 0 ? " line " + line : "") + ": " + reason + "; skipped");
        filesLock.readLock().lock();
        try {
            if (m != null) {
                Path previous = files.directory().resolve(m.checkpoint());
                CheckpointFile.Read read = CheckpointFile.read(previous, fold, problems);
                String mismatch = m.lines() < 0 ? null : read.mismatch(m);
                if (mismatch != null) {
                    throw new IOException("the checkpoint " + previous + " is damaged (" + mismatch + "); a new one is "
                            + "not built on it. Reopen the store, which reports what is lost, to checkpoint again");
                }
            }
            LayoutOpen.replayTail(files, segments, m, m == null ? 0 : m.revision(), c.latest(), c.activeEnd(), fold,
                    problems, false);
        } finally {
            filesLock.readLock().unlock();
        }
        fold.end(c.latest());
        return fold.sorted();
    }

    /**
     * Seals the active file as a segment named by its first history revision and starts a new,
     * empty one: fsyncs it, gives it a second name in the layout's directory (a hard link), renames
     * a new locked file over the journal's name, fsyncs both directories. A crash before the
     * rename leaves the second name, which the open removes. Caller holds the maintenance lock.
     */
    private void roll() throws IOException {
        layoutLock.lock();
        try {
            writeLock.lock();
            try {
                ensureWritable();
                if (activeFirst > latestRevision) {
                    return; // no history line to seal
                }
                flushPending();
                files.ensureDirectory(io);
                Path temp = files.activeTemp();
                Path segment = files.segment(activeFirst);
                if (Files.exists(segment, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("cannot seal the active file as " + segment + ": that file exists; "
                            + "move it away");
                }
                Files.deleteIfExists(temp);
                JournalLock next = JournalLock.create(temp, path, io);
                try {
                    FileAccess.copy(path, temp);
                    IOException[] failure = new IOException[1];
                    commit.whileIdle(() -> {
                        try {
                            seal(temp, segment, next);
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    });
                    if (failure[0] != null) {
                        throw failure[0];
                    }
                } finally {
                    if (lock != next) { // not sealed: the new file is not the active one
                        closeQuietly(next, null);
                        deleteQuietly(temp);
                    }
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            layoutLock.unlock();
        }
    }

    /** The renames of {@link #roll()}; runs while no fsync runs, under the write lock. */
    private void seal(Path temp, Path segment, JournalLock next) throws IOException {
        if (poison != null) {
            throw new IOException(poison.getMessage(), poison);
        }
        LayoutChanges.sync(file, path);
        filesLock.writeLock().lock();
        try {
            boolean linked;
            try {
                Files.createLink(segment, path);
                linked = true;
            } catch (UnsupportedOperationException | FileSystemException e) {
                linked = false; // no hard links here: rename, leaving the name empty for a moment
            }
            if (linked) {
                LayoutChanges.syncDirectory(io, files.directory());
                try {
                    io.atomicMove(temp, path);
                } catch (IOException e) {
                    deleteQuietly(segment);
                    throw e;
                }
            } else {
                io.atomicMove(path, segment);
                io.atomicMove(temp, path);
            }
            // Readers of the files see the sealed segment and the new active file together.
            segments.add(activeFirst, activeIndex.coveredFrom() == 0 ? activeIndex : null, latestRevision,
                    latestTimestamp);
            activeGeneration++;
            activeIndex = new SparseIndex(0);
            activeFirst = latestRevision + 1;
            fileSize = 0;
            JournalLock old = lock;
            lock = next;
            file = next.file();
            output.reset(file, 0, appended);
            closeQuietly(old, null);
            commit.markSynced(appended);
            LayoutChanges.syncDirectory(io, directory);
            LayoutChanges.syncDirectory(io, files.directory());
        } finally {
            filesLock.writeLock().unlock();
        }
    }

    /**
     * Removes, oldest first, the segments that the {@code history} option no longer keeps and a
     * checkpoint covers: whole segments only, each entirely before the retained history. Caller
     * holds the maintenance lock.
     */
    private void retain() throws IOException {
        HistoryPolicy policy = options.history();
        Manifest m = manifest;
        if (policy.keepsAll() || m == null) {
            return;
        }
        long latest;
        long first;
        writeLock.lock();
        try {
            latest = latestRevision;
            first = activeFirst;
        } finally {
            writeLock.unlock();
        }
        Instant now = options.clock().instant();
        List<Segments.Segment> all = segments.list();
        for (int i = 0; i < all.size(); i++) {
            Segments.Segment s = all.get(i);
            long last = (i + 1 < all.size() ? all.get(i + 1).first() : first) - 1;
            if (last > m.revision()) {
                return; // not covered by the checkpoint
            }
            Instant stamp;
            filesLock.readLock().lock(); // a restore may be cutting files meanwhile
            try {
                stamp = policy.age() == null ? now : s.lastTimestamp();
            } finally {
                filesLock.readLock().unlock();
            }
            if (stamp != null && !policy.mayDrop(last, stamp, latest, now)) {
                return;
            }
            layoutLock.lock();
            try {
                if (manifest != m) {
                    return;
                }
                filesLock.writeLock().lock();
                try {
                    LayoutChanges.removeSegment(files, io, s);
                    segments.remove(s.first());
                } finally {
                    filesLock.writeLock().unlock();
                }
            } finally {
                layoutLock.unlock();
            }
            LOG.log(Level.DEBUG, () -> "journal " + path + ": removed segment " + s.path() + " (history=" + policy + ")");
        }
    }

    /** Writes the buffer out; what the flusher of a buffered journal runs. */
    private void flushInBackground() {
        writeLock.lock();
        try {
            if (closed || poison != null || output.pendingBytes() == 0) {
                return;
            }
            String buffered = bufferedWrites();
            try {
                flushPending();
            } catch (IOException e) {
                LOG.log(Level.WARNING, () -> "journal " + path + ": writing out the " + buffered + " buffered in memory "
                        + "failed: " + IoMessages.describe(e) + "; they stay buffered, and the next flush, sync() or "
                        + "close() tries again");
            }
        } finally {
            writeLock.unlock();
        }
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
        checkpointer.close(); // waits for a checkpoint in progress to commit
        Flusher f = flusher;
        if (f != null) {
            f.close();
        }
        checkpointBeforeClose();
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
                    syncTo(appended);
                } catch (IOException e) {
                    failure = new StateStoreException("journal " + path + " closed with " + buffered + " lost: writing "
                            + "them out of the buffer failed: " + IoMessages.describe(e) + ". The journal holds every "
                            + "write acknowledged before them", e);
                } catch (StateStoreException e) {
                    failure = e;
                }
            } else if (durability == Durability.BUFFERED && output.pendingBytes() > 0) {
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

    /**
     * Takes the checkpoint that is due, if one is, before a clean close: writers that outran the
     * background checkpoints leave a long tail, and without this the next open would replay it.
     * A failure is logged; the close goes on and the next open replays the longer tail.
     */
    private void checkpointBeforeClose() {
        boolean due;
        writeLock.lock();
        try {
            due = !closed && ready && poison == null && checkpointDue();
        } finally {
            writeLock.unlock();
        }
        if (!due) {
            return;
        }
        maintenance.lock();
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "journal " + path + ": the checkpoint at close failed (" + e
                    + "); the next open replays the history since the last checkpoint");
        } finally {
            maintenance.unlock();
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
