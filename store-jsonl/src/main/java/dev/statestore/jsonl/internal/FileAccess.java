package dev.statestore.jsonl.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Copies who may read and write a journal to a file that will hold its bytes: the POSIX owner,
 * group and mode. Called on a new, still empty file, so its content is never more readable than
 * the journal's. Does nothing on file systems without POSIX attributes; does not copy ACLs or
 * extended attributes. Stateless and thread-safe.
 */
public final class FileAccess {

    private FileAccess() {
    }

    /**
     * Gives {@code to} the owner, group and mode of {@code from}.
     *
     * @param from the journal
     * @param to the new file
     * @throws IOException naming the file and the owner, group or mode that could not be set
     *     (changing the owner needs root; the group, membership of it)
     */
    public static void copy(Path from, Path to) throws IOException {
        // By path (chown, chmod), never through a descriptor: {@code to} is locked, and closing any
        // descriptor of it would drop the lock (see HeldFiles). It is a file just created with
        // O_EXCL, not a symlink.
        PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (target == null) {
            return;
        }
        PosixFileAttributes source = Files.readAttributes(from, PosixFileAttributes.class);
        PosixFileAttributes now = target.readAttributes();
        try {
            if (!source.owner().equals(now.owner())) {
                target.setOwner(source.owner());
            }
        } catch (IOException e) {
            throw new IOException("cannot give " + to + " the owner " + source.owner().getName() + " of " + from
                    + " (" + reason(e) + "); only root or that user can rewrite the journal without changing its owner", e);
        }
        try {
            if (!source.group().equals(now.group())) {
                target.setGroup(source.group());
            }
        } catch (IOException e) {
            throw new IOException("cannot give " + to + " the group " + source.group().getName() + " of " + from
                    + " (" + reason(e) + ")", e);
        }
        target.setPermissions(source.permissions());
    }

    /**
     * Gives {@code to} the owner, group and mode of {@code from} where it can; where the owner or
     * group cannot be copied, {@code to} keeps its own and gets only the owner's bits of
     * {@code from}'s mode, so it is never readable by anyone the journal is not readable by.
     *
     * @param from the journal
     * @param to the new file
     * @throws IOException if even the mode cannot be set
     */
    public static void copyOrRestrict(Path from, Path to) throws IOException {
        try {
            copy(from, to);
        } catch (IOException e) {
            Set<PosixFilePermission> ownerOnly = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : Files.getPosixFilePermissions(from)) {
                if (p.name().startsWith("OWNER_")) {
                    ownerOnly.add(p);
                }
            }
            Files.setPosixFilePermissions(to, ownerOnly);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
