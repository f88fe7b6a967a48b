package dev.statestore.jsonl.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of the journal files this JVM holds locked, keyed by file identity (device and
 * inode, {@link BasicFileAttributes#fileKey()}), not by path: two names of one file, through hard
 * links or symlinks, are one entry.
 *
 * <p>It also keeps the OS locks alive. A journal's lock is a POSIX record lock on the file, and
 * the operating system drops every such lock a process holds on a file when the process closes
 * <em>any</em> descriptor of that file. So descriptors of a held file that this library opens for
 * reading are not closed while the file is held: {@link #openReader} hands out a reader whose
 * {@code close()} keeps the descriptor for reuse until the journal's lock is released, and
 * {@link #closeOrDefer} does the same for any other descriptor. Code outside this library that
 * opens and closes a held journal file in the same process still drops the lock (see the README).
 *
 * <p>Thread-safe: every change and every close of a descriptor of a registered file happens under
 * one monitor, so a file cannot become held between the check and the close.
 */
public final class HeldFiles {

    private static final Object MONITOR = new Object();
    /** Guarded by {@link #MONITOR}. */
    private static final Map<Object, Entry> HELD = new HashMap<>();

    private HeldFiles() {
    }

    /** What is kept for one held file. */
    private static final class Entry {
        final Path path;
        final Deque<RandomAccessFile> idleReaders = new ArrayDeque<>();
        final List<Closeable> deferred = new ArrayList<>();

        Entry(Path path) {
            this.path = path;
        }
    }

    /**
     * Returns the identity of the file at {@code path}, following symlinks: its file key where the
     * file system has one, else its real path.
     *
     * @param path the file
     * @return an object equal for every name of the same file
     * @throws IOException if the file does not exist or cannot be read
     */
    public static Object keyOf(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return key != null ? key : path.toRealPath();
    }

    /**
     * Registers a file as held; returns {@code false} if it is held already.
     *
     * @param key its identity
     * @param path the name it was opened by, for messages
     * @return whether it was registered now
     */
    static boolean register(Object key, Path path) {
        synchronized (MONITOR) {
            return HELD.putIfAbsent(key, new Entry(path)) == null;
        }
    }

    /**
     * Returns the name a held file was opened by, or {@code null} when it is not held.
     *
     * @param key its identity
     * @return the path, or {@code null}
     */
    static Path heldAs(Object key) {
        synchronized (MONITOR) {
            Entry e = HELD.get(key);
            return e == null ? null : e.path;
        }
    }

    /**
     * Unregisters a held file and closes {@code lockHolder} (releasing the lock) and every
     * descriptor kept for it, in that order.
     *
     * @param key its identity
     * @param lockHolder the descriptor that holds the lock
     * @throws IOException if closing {@code lockHolder} fails (the others are closed anyway)
     */
    static void release(Object key, Closeable lockHolder) throws IOException {
        synchronized (MONITOR) {
            Entry e = HELD.remove(key);
            try {
                lockHolder.close();
            } finally {
                if (e != null) {
                    e.deferred.addAll(e.idleReaders);
                    for (Closeable c : e.deferred) {
                        closeQuietly(c);
                    }
                }
            }
        }
    }

    /**
     * Closes {@code c}, a descriptor of the file {@code key}, unless that file is held by this JVM:
     * then it is kept open until the holder releases it.
     *
     * @param key the identity of the file {@code c} reads or writes
     * @param c the descriptor
     */
    static void closeOrDefer(Object key, Closeable c) {
        synchronized (MONITOR) {
            Entry e = key == null ? null : HELD.get(key);
            if (e != null) {
                e.deferred.add(c);
            } else {
                closeQuietly(c);
            }
        }
    }

    /**
     * Returns a reader of the file at {@code path} by positional reads, which never drops this
     * JVM's lock on it: when the file is held, its {@code close()} keeps the descriptor for the
     * next reader instead of closing it.
     *
     * @param path the file
     * @return the reader, which the caller closes
     * @throws IOException if the file cannot be opened
     */
    public static Reader openReader(Path path) throws IOException {
        while (true) {
            Object before = keyOf(path);
            synchronized (MONITOR) {
                Entry e = HELD.get(before);
                if (e != null && !e.idleReaders.isEmpty()) {
                    return new Reader(e.idleReaders.pop(), before);
                }
            }
            RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r");
            Object after;
            try {
                after = keyOf(path);
            } catch (IOException e) {
                closeOrDefer(before, raf);
                throw e;
            }
            if (before.equals(after)) {
                return new Reader(raf, after);
            }
            // The name moved to another file (a rewrite renamed one over it) while it was opened;
            // which of the two the descriptor reads is unknown, so it is kept if either is held.
            synchronized (MONITOR) {
                closeOrDefer(HELD.containsKey(before) ? before : after, raf);
            }
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // a read-only descriptor; nothing was written through it
        }
    }

    /** A positional reader of one file; used by one thread at a time. */
    public static final class Reader implements Closeable {
        private final RandomAccessFile raf;
        private final Object key;
        private boolean closed;

        private Reader(RandomAccessFile raf, Object key) {
            this.raf = raf;
            this.key = key;
        }

        /**
         * Reads up to {@code len} bytes at {@code position} into {@code b[off, off+len)}.
         *
         * @param b the array
         * @param off where to put them
         * @param len the most to read
         * @param position the file offset
         * @return the number of bytes read, or -1 at the end of the file
         * @throws IOException on an I/O error
         */
        public int read(byte[] b, int off, int len, long position) throws IOException {
            raf.seek(position);
            return raf.read(b, off, len);
        }

        /**
         * Returns the file's size now.
         *
         * @return the size in bytes
         * @throws IOException on an I/O error
         */
        public long size() throws IOException {
            return raf.length();
        }

        /** Closes the descriptor, or keeps it for the next reader while the file is held. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (MONITOR) {
                Entry e = HELD.get(key);
                if (e != null) {
                    e.idleReaders.push(raf);
                } else {
                    closeQuietly(raf);
                }
            }
        }
    }
}
