package dev.statestore.jsonl;

import dev.statestore.jsonl.internal.JournalIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Real file operations with failures injected on demand: the files underneath are real, so what
 * reaches the disk before a failure is what a reopen finds.
 */
final class FaultyIo implements JournalIo {

    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger syncs = new AtomicInteger();
    /** Fail the next write (then clear the flag); with {@link #partial}, write half of it first. */
    volatile boolean failNextWrite;
    /** Fail every write while set (a full disk). */
    volatile boolean failAllWrites;
    volatile boolean partial;
    /**
     * How many more writes succeed before the next one fails as {@link #failNextWrite} makes it
     * (once); negative (the default) for none.
     */
    final AtomicInteger writesBeforeFailure = new AtomicInteger(-1);
    volatile boolean failSync;
    /**
     * How many more file syncs succeed before every later one fails, as {@link #failSync} makes
     * them; negative (the default) for no limit.
     */
    final AtomicInteger syncsBeforeFailure = new AtomicInteger(-1);
    volatile boolean failTruncate;
    volatile boolean failMove;
    volatile boolean failDirectorySync;
    /** When set, every file sync waits for it to open before syncing (failing after 60 s). */
    volatile CountDownLatch syncGate;
    /** Which files {@link #failSync} and {@link #syncGate} apply to; all by default. */
    volatile Predicate<Path> syncFaultsOn = p -> true;
    /** How many syncs are waiting at the gate now. */
    final AtomicInteger atGate = new AtomicInteger();
    /** The files that have been synced successfully. */
    final Set<Path> synced = ConcurrentHashMap.newKeySet();
    /** The POSIX mode of each file when its first write began, or when it was renamed before that. */
    final Map<Path, Set<PosixFilePermission>> modeAtFirstWrite = new ConcurrentHashMap<>();

    @Override
    public JournalFile open(Path path) throws IOException {
        return new Faulty(REAL.open(path), path);
    }

    @Override
    public JournalFile create(Path path) throws IOException {
        return new Faulty(REAL.create(path), path);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        if (failMove) {
            throw new IOException("injected rename failure");
        }
        if (!modeAtFirstWrite.containsKey(source) && Files.exists(source)) {
            modeAtFirstWrite.put(source, Files.getPosixFilePermissions(source)); // renamed before its first write
        }
        REAL.atomicMove(source, target);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        if (failDirectorySync) {
            throw new IOException("injected directory fsync failure");
        }
        REAL.syncDirectory(directory);
    }

    private final class Faulty implements JournalFile {
        private final JournalFile file;
        private final Path path;

        Faulty(JournalFile file, Path path) {
            this.file = file;
            this.path = path;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void write(byte[] b, int off, int len, long position) throws IOException {
            if (!modeAtFirstWrite.containsKey(path) && Files.exists(path)) {
                modeAtFirstWrite.put(path, Files.getPosixFilePermissions(path)); // else renamed; recorded at the rename
            }
            if (failAllWrites) {
                throw new IOException("injected write failure (No space left on device)");
            }
            if (writesBeforeFailure.getAndUpdate(left -> left >= 0 ? left - 1 : left) == 0) {
                failNextWrite = true;
            }
            if (failNextWrite) {
                failNextWrite = false;
                if (partial) {
                    file.write(b, off, len / 2, position);
                }
                throw new IOException("injected write failure (No space left on device)");
            }
            file.write(b, off, len, position);
            writes.incrementAndGet();
        }

        @Override
        public void sync() throws IOException {
            boolean faulty = syncFaultsOn.test(path);
            CountDownLatch gate = syncGate;
            if (gate != null && faulty) {
                atGate.incrementAndGet();
                try {
                    if (!gate.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        // a test that failed before opening its gate ends instead of hanging
                        throw new IOException("held at the sync gate for 60 s: the test never opened it");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while held at the sync gate");
                } finally {
                    atGate.decrementAndGet();
                }
            }
            syncs.incrementAndGet();
            boolean limitReached = faulty && syncsBeforeFailure.getAndUpdate(left -> left > 0 ? left - 1 : left) == 0;
            if (failSync && faulty || limitReached) {
                throw new IOException("injected fsync failure (Input/output error)");
            }
            file.sync();
            synced.add(path);
        }

        @Override
        public boolean tryLock() throws IOException {
            return file.tryLock();
        }

        @Override
        public void truncate(long size) throws IOException {
            if (failTruncate) {
                throw new IOException("injected truncate failure");
            }
            file.truncate(size);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
