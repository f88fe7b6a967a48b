package dev.statestore.jsonl.internal;

import dev.statestore.StateStoreException;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An exclusive hold on one journal file: the file open for writing, with an OS lock on the file
 * itself, held until {@link #close()} or the death of the process, and registered in
 * {@link HeldFiles} under the file's identity. Since the lock belongs to the file and not to a
 * name, every name of the file (a symlink, a hard link, another spelling of the path) meets the
 * same lock, and deleting some other file cannot release it.
 *
 * <p>A rewrite creates its new file with {@link #create}, which locks it before anything is
 * written, and renames it over the journal: the journal's name never names an unlocked file. An
 * opener checks after locking that the name still names the file it locked, and tries again if
 * a rewrite moved it on meanwhile.
 *
 * <p>Thread-safe to close; the file is used under the journal's own lock.
 */
public final class JournalLock implements Closeable {

    private static final int ATTEMPTS = 100;

    private final Object key;
    private final JournalIo.JournalFile file;
    private final boolean created;
    private boolean closed;

    private JournalLock(Object key, JournalIo.JournalFile file, boolean created) {
        this.key = key;
        this.file = file;
        this.created = created;
    }

    /**
     * Returns the journal file at {@code journal}, created empty if absent, open and locked.
     *
     * @param journal the journal's canonical path
     * @param io the file operations
     * @return the held lock, owning the open file
     * @throws StateStoreException naming the path if the journal is open in this process or
     *     locked by another one
     * @throws IOException if the file cannot be opened or created
     */
    public static JournalLock acquire(Path journal, JournalIo io) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Object before = Files.exists(journal) ? HeldFiles.keyOf(journal) : null;
            if (before != null) {
                refuseIfHeldHere(before, journal);
            }
            JournalIo.JournalFile file = io.open(journal);
            Object key;
            try {
                key = HeldFiles.keyOf(journal);
            } catch (NoSuchFileException e) {
                HeldFiles.closeOrDefer(before, file);
                continue; // removed or renamed meanwhile: look again
            }
            if (before != null && !before.equals(key)) {
                HeldFiles.closeOrDefer(HeldFiles.heldAs(before) != null ? before : key, file);
                continue;
            }
            if (!HeldFiles.register(key, journal)) {
                HeldFiles.closeOrDefer(key, file);
                refuseIfHeldHere(key, journal);
                continue;
            }
            JournalLock lock = new JournalLock(key, file, before == null);
            boolean locked;
            try {
                locked = file.tryLock();
            } catch (OverlappingFileLockException e) {
                lock.close();
                throw new StateStoreException("journal " + journal + " is already open in this process "
                        + "(through another class loader): close the other store first");
            } catch (IOException | RuntimeException | Error e) {
                lock.closeAfterFailure(e); // whatever failed, this process holds no lock of the journal
                throw e;
            }
            if (!locked) {
                lock.close();
                String holder = holderOf(key);
                throw new StateStoreException("journal " + journal + " is locked by another process"
                        + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + ": one journal has one writer; close that process's store or use another path");
            }
            if (isStill(journal, key)) {
                String kind = FileKinds.kindIfNotRegular(journal); // it was checked before; a swap meanwhile
                if (kind != null) {
                    lock.close();
                    throw new StateStoreException("cannot open journal " + journal + ": it is " + kind
                            + ", not a regular file; a journal must be a regular file");
                }
                return lock;
            }
            lock.close(); // a rewrite renamed a new file over the name while it was locked
        }
        throw new StateStoreException("cannot lock journal " + journal + ": it was replaced " + ATTEMPTS
                + " times while being opened; is another process rewriting it in a loop?");
    }

    /**
     * Returns a new, empty file at {@code path} (which must not exist), open and locked:
     * the next content of {@code journal}, to be renamed over it.
     *
     * @param path the new file's path
     * @param journal the journal it will replace, named in messages to other openers
     * @param io the file operations
     * @return the held lock, owning the open file
     * @throws IOException if the file cannot be created or locked
     */
    public static JournalLock create(Path path, Path journal, JournalIo io) throws IOException {
        JournalIo.JournalFile file = io.create(path);
        Object key;
        try {
            key = HeldFiles.keyOf(path);
        } catch (IOException e) {
            closeAfter(file, e);
            throw e;
        }
        if (!HeldFiles.register(key, journal)) {
            HeldFiles.closeOrDefer(key, file);
            throw new IOException("the new file " + path + " is a file this process holds open already");
        }
        JournalLock lock = new JournalLock(key, file, true);
        try {
            if (!file.tryLock()) {
                throw new IOException("the new file " + path + " is locked by another process");
            }
        } catch (IOException | RuntimeException | Error e) {
            lock.closeAfterFailure(e);
            throw e;
        }
        return lock;
    }

    /**
     * Returns why the file at {@code path} is not free for this library to remove or replace, or
     * {@code null} when it is absent or free: a regular file (not a symlink) that no journal of
     * this JVM holds and no other process has locked.
     *
     * @param path the file
     * @return the reason, or {@code null}
     * @throws IOException if the file's attributes cannot be read
     */
    public static String whyNotFree(Path path) throws IOException {
        String kind = FileKinds.kindIfNotRegular(path);
        if (kind != null) {
            return "it is " + kind;
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Object key = HeldFiles.keyOf(path);
        Path heldAs = HeldFiles.heldAs(key);
        if (heldAs != null) {
            return "it is open in this process" + (heldAs.equals(path) ? "" : " as " + heldAs);
        }
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            // Not held in this JVM (checked above), so closing this descriptor drops no lock of ours.
            if (raf.getChannel().tryLock() == null) {
                String holder = holderOf(key);
                return "it is locked by another process" + (holder.isEmpty() ? "" : " (" + holder + ")");
            }
        } catch (OverlappingFileLockException e) {
            return "it is open in this process (through another class loader)";
        } catch (FileNotFoundException e) {
            return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "it cannot be opened for writing (" + e.getMessage() + ")"
                    : null;
        }
        return null;
    }

    private static void refuseIfHeldHere(Object key, Path journal) {
        Path heldAs = HeldFiles.heldAs(key);
        if (heldAs != null) {
            throw new StateStoreException("journal " + journal + " is already open in this process"
                    + (heldAs.equals(journal) ? "" : " (as " + heldAs + ", another name of the same file)")
                    + ": close the other store first (one journal, one writer)");
        }
    }

    private static boolean isStill(Path journal, Object key) {
        try {
            return key.equals(HeldFiles.keyOf(journal));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns the holder of a POSIX lock on the file {@code key} as "pid N", read from
     * {@code /proc/locks} where there is one, else an empty string.
     */
    private static String holderOf(Object key) {
        String k = key.toString(); // "(dev=fe00,ino=2146608)" on Linux and other Unix systems
        int ino = k.indexOf("ino=");
        if (!k.startsWith("(dev=") || ino < 0) {
            return "";
        }
        long dev;
        long inode;
        try {
            dev = Long.parseLong(k.substring(5, k.indexOf(',')), 16);
            inode = Long.parseLong(k.substring(ino + 4, k.indexOf(')', ino)));
        } catch (RuntimeException e) {
            return "";
        }
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        String wanted = String.format(":%02x:%02x:%d", major, minor, inode);
        String text;
        try (FileInputStream in = new FileInputStream("/proc/locks")) { // a stream: not interruptible
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        for (String line : text.split("\n")) {
            // "1: POSIX  ADVISORY  WRITE 15263 fe:00:2146608 0 EOF"; "->" marks a waiter
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[1].equals("POSIX") && (":" + f[5]).equals(wanted)) {
                return "pid " + f[4];
            }
        }
        return "";
    }

    /**
     * Returns the open, locked file.
     *
     * @return the file
     */
    public JournalIo.JournalFile file() {
        return file;
    }

    /**
     * Returns whether {@link #acquire} created the file.
     *
     * @return {@code true} if it did not exist before
     */
    public boolean created() {
        return created;
    }

    private void closeAfterFailure(Throwable failure) {
        try {
            close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeAfter(JournalIo.JournalFile file, Exception failure) {
        try {
            file.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Closes the file, which releases the lock, and every descriptor this JVM kept open for it.
     * Idempotent.
     *
     * @throws IOException if closing the file fails; the lock is released anyway
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        HeldFiles.release(key, file);
    }
}
