package dev.statestore.jsonl.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file operations of the real file system, none of them interruptible: journal files are
 * {@link RandomAccessFile}s, not {@link FileChannel}s (an interrupt of a thread in a
 * {@code FileChannel} operation, or one that starts it with its interrupt flag set, closes the
 * channel for every thread, which would turn one caller's {@link Thread#interrupt()} into a
 * failed journal), and the directory is fsynced through an {@link AsynchronousFileChannel}. The
 * file descriptor's {@code sync()} is a full fsync. Thread-safe.
 */
final class RealJournalIo implements JournalIo {

    @Override
    public JournalFile open(Path path) throws IOException {
        return new RafFile(new RandomAccessFile(path.toFile(), "rw"));
    }

    @Override
    public JournalFile create(Path path) throws IOException {
        Files.createFile(path); // O_EXCL: never through a symlink, never over an existing file
        return new RafFile(new RandomAccessFile(path.toFile(), "rw"));
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        // A directory cannot be opened as a RandomAccessFile, and a FileChannel is closed by an
        // interrupt of the calling thread (ClosedByInterruptException). An asynchronous channel is
        // not interruptible, and its force() is a plain fsync in the calling thread: no thread
        // pool is started for it.
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static final class RafFile implements JournalFile {
        private final RandomAccessFile raf;
        /** Where the file pointer is, or -1 when unknown (after a failure). */
        private long pointer = -1;

        RafFile(RandomAccessFile raf) {
            this.raf = raf;
        }

        @Override
        public long size() throws IOException {
            return raf.length();
        }

        @Override
        public void write(byte[] b, int off, int len, long position) throws IOException {
            if (pointer != position) {
                pointer = -1;
                raf.seek(position);
            }
            pointer = -1;
            raf.write(b, off, len);
            pointer = position + len;
        }

        @Override
        public void sync() throws IOException {
            raf.getFD().sync();
        }

        @Override
        public boolean tryLock() throws IOException {
            // FileChannel.tryLock does not block, and unlike the channel's I/O methods it does not
            // close the channel when the calling thread is interrupted. Nothing else is done
            // through this channel; the lock lasts until the file is closed.
            return raf.getChannel().tryLock() != null;
        }

        @Override
        public void truncate(long size) throws IOException {
            pointer = -1;
            raf.setLength(size);
        }

        @Override
        public void close() throws IOException {
            raf.close();
        }
    }
}
