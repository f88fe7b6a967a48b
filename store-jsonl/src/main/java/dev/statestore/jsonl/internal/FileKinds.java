package dev.statestore.jsonl.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Names of the kinds of file a path can name, for refusing anything a journal cannot be:
 * directories, FIFOs, devices and sockets. Stateless and thread-safe.
 */
public final class FileKinds {

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private FileKinds() {
    }

    /**
     * Returns the kind of the file at {@code path} ("a directory", "a FIFO", "a character
     * device", ...) when it exists and is not a regular file, or {@code null} when it is a
     * regular file or absent. A symlink is not followed: it is reported as such.
     *
     * @param path the file
     * @return the kind with its article, or {@code null}
     * @throws IOException if the file's attributes cannot be read
     */
    public static String kindIfNotRegular(Path path) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (a.isRegularFile()) {
            return null;
        }
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        }
        return kindOfOther(path);
    }

    private static String kindOfOther(Path path) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
        switch (mode & S_IFMT) {
            case S_IFIFO:
                return "a FIFO (named pipe)";
            case S_IFCHR:
                return "a character device";
            case S_IFBLK:
                return "a block device";
            case S_IFSOCK:
                return "a socket";
            default:
                return "a special file";
        }
    }
}
