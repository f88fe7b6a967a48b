package dev.statestore.jsonl.internal;

import dev.statestore.StateStoreException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Returns exclusive ownership of a journal: an OS file lock on {@code <journal>.lock} (held
 * until {@link #close()} or the death of the process) plus a registry of the journals open in
 * this JVM, since the JVM reports a second lock of the same file by one process as an
 * {@link OverlappingFileLockException} rather than a refusal. The lock is on a separate file
 * because rewrites rename a new file over the journal, and a lock on the old inode would not
 * stop another process from opening the new one. The lock file stays after close; it holds the
 * owner's process id for messages.
 *
 * <p>Thread-safe.
 */
public final class JournalLock implements Closeable {

    private static final Set<Path> OPEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path journal;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private JournalLock(Path journal, FileChannel channel, FileLock lock) {
        this.journal = journal;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Returns the lock file of a journal.
     *
     * @param journal the journal's canonical path
     * @return {@code <journal>.lock}
     */
    public static Path lockFile(Path journal) {
        return journal.resolveSibling(journal.getFileName() + ".lock");
    }

    /**
     * Returns the lock of {@code journal}, or fails if anyone holds it.
     *
     * @param journal the journal's canonical path (same spelling for the same file)
     * @return the held lock
     * @throws StateStoreException naming the path if the journal is open in this process or
     *     locked by another one, or the lock file cannot be created
     */
    public static JournalLock acquire(Path journal) {
        if (!OPEN_IN_THIS_JVM.add(journal)) {
            throw new StateStoreException("journal " + journal + " is already open in this process: "
                    + "close the other store first (one journal, one writer)");
        }
        FileChannel channel = null;
        boolean held = false;
        try {
            Path lockFile = lockFile(journal);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new StateStoreException("journal " + journal + " is already open in this process "
                        + "(through another class loader): close the other store first");
            }
            if (lock == null) {
                String owner = readOwner(lockFile);
                throw new StateStoreException("journal " + journal + " is locked by another process"
                        + (owner.isEmpty() ? "" : " (" + owner + ")") + " through " + lockFile
                        + ": one journal has one writer; close that process's store or use another path");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            JournalLock lockHeld = new JournalLock(journal, channel, lock);
            held = true;
            return lockHeld;
        } catch (IOException e) {
            throw new StateStoreException("cannot lock journal " + journal + " through " + lockFile(journal) + ": "
                    + IoMessages.describe(e), e);
        } finally {
            if (!held) {
                // whatever failed (an I/O error, an Error), this process holds no lock of the journal
                OPEN_IN_THIS_JVM.remove(journal);
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // the open failed already; that failure is reported
                    }
                }
            }
        }
    }

    private static String readOwner(Path lockFile) {
        try {
            return new String(Files.readAllBytes(lockFile), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Releases the lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
            OPEN_IN_THIS_JVM.remove(journal);
        }
    }
}
