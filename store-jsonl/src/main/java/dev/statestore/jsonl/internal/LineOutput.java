package dev.statestore.jsonl.internal;

import dev.statestore.jsonl.internal.JournalIo.JournalFile;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write side of a journal's active file: lines appended but not yet handed to the operating
 * system wait in a buffer, and every write of the file, whichever thread runs it, goes to the end
 * of the file in sequence order. Any thread may {@link #drain} the buffer: the journal's writers
 * under its write lock, and the leader of a group commit without it, which hands the lines of all
 * the writers queued behind it to the operating system in one write (flat combining) while new
 * lines go on collecting in a second buffer.
 *
 * <p>Two locks: the output lock is held across every write of the file, so writes never overlap
 * and land in sequence order; the buffer lock is held only to copy a line in or to swap the
 * buffers, never across I/O, so a writer copying its line waits at most for a swap. Order: the
 * output lock before the buffer lock.
 *
 * <p>A failed write is cut off the file again. What then happens to the lines it held depends on
 * the journal: a buffered journal {@linkplain #LineOutput(JournalFile, int, boolean) keeps} them
 * for the next try; a synced one cannot (its writers are waiting for them), so the output is
 * {@linkplain #broken() broken} and refuses every later write, as it is when a failed write could
 * not be cut off.
 *
 * <p>Thread-safe. {@link #add}, {@link #write} and {@link #reset} are called by one thread at a
 * time (the journal's write lock); in a journal that keeps failed lines, so is {@link #drain}.
 * Holds no file of its own: the journal owns the file it is given.
 */
public final class LineOutput {

    private final ReentrantLock output = new ReentrantLock();
    private final ReentrantLock buffer = new ReentrantLock();
    private final boolean keepOnFailure;
    private final int capacity;
    /** The lines waiting, guarded by {@link #buffer}. */
    private byte[] pending;
    private int pendingLength;
    /** The sequence number of the last line in {@link #pending}. */
    private long pendingLast;
    /** The buffer being written while {@link #pending} fills, allocated on the first swap; guarded by {@link #output}. */
    private byte[] spare;
    /** The file's size once every write begun has ended; guarded by {@link #buffer}. */
    private long end;
    /** Guarded by {@link #output}. */
    private JournalFile file;
    private volatile boolean broken;
    /** Why a failed write could not be cut off, if that happened. */
    private volatile IOException cutFailure;
    /** The highest sequence number whose line is in the file. */
    private volatile long written;

    /**
     * Creates the output of {@code file}, empty and at its start; {@link #reset} it once the file's
     * valid end is known.
     *
     * @param file the active file
     * @param capacity the buffer's size in bytes
     * @param keepOnFailure whether the lines of a failed {@link #drain} stay buffered for the next
     *     one, instead of breaking the output
     */
    public LineOutput(JournalFile file, int capacity, boolean keepOnFailure) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.file = file;
        this.capacity = capacity;
        this.keepOnFailure = keepOnFailure;
        this.pending = new byte[capacity];
    }

    /**
     * Points the output at {@code activeFile}, whose valid lines end at {@code size} and hold every
     * line up to {@code sequence}; after a replay, a seal or a cut, with nothing buffered.
     *
     * @param activeFile the active file
     * @param size where the next line goes
     * @param sequence the sequence number of the last line written
     * @throws IllegalStateException if lines are buffered
     */
    public void reset(JournalFile activeFile, long size, long sequence) {
        output.lock();
        try {
            buffer.lock();
            try {
                if (pendingLength > 0) {
                    throw new IllegalStateException("the output still holds " + pendingLength + " bytes of lines");
                }
                file = activeFile;
                end = size;
                written = sequence;
            } finally {
                buffer.unlock();
            }
        } finally {
            output.unlock();
        }
    }

    /**
     * Copies {@code line[0, n)}, the line numbered {@code sequence}, into the buffer if it fits.
     *
     * @param line the bytes
     * @param n how many
     * @param sequence its sequence number, greater than every line's before it
     * @return {@code false}, copying nothing, if the buffer has no room for it
     */
    public boolean add(byte[] line, int n, long sequence) {
        buffer.lock();
        try {
            if (pendingLength + n > capacity) {
                return false;
            }
            System.arraycopy(line, 0, pending, pendingLength, n);
            pendingLength += n;
            pendingLast = sequence;
            return true;
        } finally {
            buffer.unlock();
        }
    }

    /**
     * Returns how many bytes of lines are buffered.
     *
     * @return the byte count
     */
    public int pendingBytes() {
        buffer.lock();
        try {
            return pendingLength;
        } finally {
            buffer.unlock();
        }
    }

    /**
     * Returns the highest sequence number whose line is in the file (handed to the operating
     * system).
     *
     * @return the sequence number
     */
    public long written() {
        return written;
    }

    /**
     * Returns whether the output refuses writes: a write failed that could not be cut off, or whose
     * lines could not be kept.
     *
     * @return {@code true} once broken
     */
    public boolean broken() {
        return broken;
    }

    /**
     * Returns why the part of a failed write that reached the file could not be cut off again.
     *
     * @return the truncate's failure, or {@code null} if every failed write was cut off
     */
    public IOException cutFailure() {
        return cutFailure;
    }

    /**
     * Returns the file written to; the caller holds what keeps it from being replaced (the journal's
     * write lock, or a running group commit).
     *
     * @return the active file
     */
    public JournalFile file() {
        output.lock();
        try {
            return file;
        } finally {
            output.unlock();
        }
    }

    /**
     * Writes every buffered line at the end of the file in one write, waiting for a write in
     * progress first; lines added meanwhile wait for the next drain.
     *
     * @return the highest sequence number whose line is in the file
     * @throws IOException if the output is broken or the write fails; the part written is cut off
     *     again, and the lines are kept or the output is broken (see the class)
     */
    public long drain() throws IOException {
        output.lock();
        try {
            checkNotBroken();
            byte[] chunk;
            int length;
            long last;
            long position;
            buffer.lock();
            try {
                if (pendingLength == 0) {
                    return written;
                }
                if (spare == null) {
                    spare = new byte[capacity];
                }
                chunk = pending;
                length = pendingLength;
                last = pendingLast;
                position = end;
                pending = spare;
                pendingLength = 0;
                end += length;
            } finally {
                buffer.unlock();
            }
            spare = chunk;
            try {
                file.write(chunk, 0, length, position);
            } catch (IOException e) {
                cutOff(position, e);
                buffer.lock();
                try {
                    if (keepOnFailure && pendingLength == 0) {
                        spare = pending;
                        pending = chunk;
                        pendingLength = length;
                        end = position;
                    } else {
                        broken = true;
                    }
                } finally {
                    buffer.unlock();
                }
                throw e;
            }
            written = last;
            return last;
        } finally {
            output.unlock();
        }
    }

    /**
     * Writes {@code b[0, n)}, the line numbered {@code sequence}, at the end of the file at once;
     * nothing may be buffered (drain first).
     *
     * @param b the bytes
     * @param n how many
     * @param sequence its sequence number
     * @throws IOException if the output is broken or the write fails; then the part written is cut
     *     off again (if that fails too, the output is broken) and the line counts as not written
     * @throws IllegalStateException if lines are buffered
     */
    public void write(byte[] b, int n, long sequence) throws IOException {
        output.lock();
        try {
            checkNotBroken();
            long position;
            buffer.lock();
            try {
                if (pendingLength > 0) {
                    throw new IllegalStateException("drain the " + pendingLength + " buffered bytes before writing a line");
                }
                position = end;
            } finally {
                buffer.unlock();
            }
            try {
                file.write(b, 0, n, position);
            } catch (IOException e) {
                cutOff(position, e);
                throw e;
            }
            buffer.lock();
            try {
                end = position + n;
            } finally {
                buffer.unlock();
            }
            written = sequence;
        } finally {
            output.unlock();
        }
    }

    /** Cuts the file back to {@code position} after {@code failure}; breaks the output if that fails. Caller holds the output lock. */
    private void cutOff(long position, IOException failure) {
        try {
            file.truncate(position);
        } catch (IOException cut) {
            failure.addSuppressed(cut);
            cutFailure = cut;
            broken = true;
        }
    }

    private void checkNotBroken() throws IOException {
        if (broken) {
            throw new IOException("an earlier write of the journal failed, and what it held could not be kept or cut "
                    + "off; nothing more is written");
        }
    }
}
