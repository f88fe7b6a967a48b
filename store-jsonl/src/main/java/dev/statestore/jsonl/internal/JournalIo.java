package dev.statestore.jsonl.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The file operations a journal performs, as a seam: the real implementation
 * {@link #REAL} works on the file system; tests wrap it to inject append, fsync, rename and
 * directory-sync failures while real files stay underneath. Reading (for replay) does not go
 * through this seam.
 *
 * <p>Implementations must be thread-safe; a {@link JournalFile} is used by one thread at a time,
 * except that {@link JournalFile#sync()} may run while another thread writes.
 */
public interface JournalIo {

    /** The file system itself. */
    JournalIo REAL = new RealJournalIo();

    /**
     * Opens {@code path} for writing at explicit positions, creating it when absent.
     *
     * @param path the file
     * @return the open file
     * @throws IOException if it cannot be opened
     */
    JournalFile open(Path path) throws IOException;

    /**
     * Creates {@code path} as a new, empty file.
     *
     * @param path the file
     * @return the open file
     * @throws java.nio.file.FileAlreadyExistsException if anything has that name, a symlink included
     * @throws IOException if it cannot be created
     */
    JournalFile create(Path path) throws IOException;

    /**
     * Renames {@code source} over {@code target} atomically.
     *
     * @param source the new content
     * @param target the name it takes
     * @throws IOException if the rename fails; then {@code target} is unchanged
     */
    void atomicMove(Path source, Path target) throws IOException;

    /**
     * Makes the entries of {@code directory} durable (fsync of the directory).
     *
     * @param directory the directory
     * @throws IOException if the fsync fails
     */
    void syncDirectory(Path directory) throws IOException;

    /** One open journal file. */
    interface JournalFile extends Closeable {
        /**
         * Returns the file's size.
         *
         * @return the size in bytes
         * @throws IOException on an I/O error
         */
        long size() throws IOException;

        /**
         * Writes all of {@code b[off, off+len)} at {@code position}.
         *
         * @param b the bytes
         * @param off start
         * @param len count
         * @param position the file offset
         * @throws IOException if the write fails; an unknown part may have been written
         */
        void write(byte[] b, int off, int len, long position) throws IOException;

        /**
         * Flushes the file's data and metadata to the device (fsync).
         *
         * @throws IOException if the fsync fails
         */
        void sync() throws IOException;

        /**
         * Takes an exclusive OS lock on the whole file without waiting; it is held until the file
         * is closed. Not interruptible.
         *
         * @return {@code true} if locked now, {@code false} if another process holds a lock on it
         * @throws IOException on an I/O error
         * @throws java.nio.channels.OverlappingFileLockException if this JVM holds a lock on it
         */
        boolean tryLock() throws IOException;

        /**
         * Cuts the file to {@code size} bytes.
         *
         * @param size the new size
         * @throws IOException on an I/O error
         */
        void truncate(long size) throws IOException;
    }
}
