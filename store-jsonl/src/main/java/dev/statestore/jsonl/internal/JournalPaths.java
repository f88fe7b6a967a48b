package dev.statestore.jsonl.internal;

import dev.statestore.StateStoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The names of a journal's files: which file a journal path names (resolved as the operating
 * system resolves it, symlinks followed even to a file not created yet, anything but a regular
 * file refused) and the temp file its rewrites use, with the removal of a stale one. Stateless
 * and thread-safe.
 */
public final class JournalPaths {

    private static final System.Logger LOG = System.getLogger(JournalPaths.class.getName());
    private static final int MAX_SYMLINK_HOPS = 40;
    private static final String TEMP_SUFFIX = ".statestore-tmp";

    private JournalPaths() {
    }

    /**
     * Returns the file {@code path} names, as the operating system resolves it: the directory is
     * its real path (so {@code ..} applies after symlinks, never to the text of the path), and a
     * symlink as the last element is followed, even when its target does not exist yet.
     *
     * @param path the journal path as given
     * @return the absolute path of the file it names
     * @throws StateStoreException naming the path if it is not a file path, its directory does not
     *     exist, or it names anything but a regular file
     */
    public static Path resolve(Path path) {
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        Path name = absolute.getFileName();
        if (parent == null || name == null || name.toString().equals(".") || name.toString().equals("..")) {
            throw new StateStoreException("cannot open journal " + path + ": not a file path");
        }
        if (!Files.isDirectory(parent)) {
            throw new StateStoreException("cannot open journal " + path + ": directory " + parent
                    + (Files.exists(parent) ? " is not a directory" : " does not exist") + "; create it first");
        }
        try {
            Path real = parent.toRealPath().resolve(name);
            for (int hops = 0; Files.isSymbolicLink(real); hops++) {
                if (hops == MAX_SYMLINK_HOPS) {
                    throw new StateStoreException("cannot open journal " + path + ": more than " + MAX_SYMLINK_HOPS
                            + " symbolic links in a row (a loop?)");
                }
                // Followed by hand, so that a link to a file not created yet names that file.
                Path target = real.getParent().resolve(Files.readSymbolicLink(real));
                Path targetParent = target.getParent();
                Path targetName = target.getFileName();
                if (targetParent == null || targetName == null || targetName.toString().equals(".")
                        || targetName.toString().equals("..")) {
                    throw new StateStoreException("cannot open journal " + path + ": its symbolic link " + real
                            + " points to " + target + ", which is not a file path");
                }
                if (!Files.isDirectory(targetParent)) {
                    throw new StateStoreException("cannot open journal " + path + ": its symbolic link " + real
                            + " points into directory " + targetParent + ", which does not exist; create it first");
                }
                real = targetParent.toRealPath().resolve(targetName);
            }
            String kind = FileKinds.kindIfNotRegular(real);
            if (kind != null) {
                throw new StateStoreException("cannot open journal " + real + (real.equals(absolute) ? "" : " (named by "
                        + path + ")") + ": it is " + kind + ", not a regular file; a journal must be a regular file");
            }
            return real;
        } catch (IOException e) {
            throw new StateStoreException("cannot open journal " + path + ": " + IoMessages.describe(e), e);
        }
    }

    /**
     * Returns the temp file of the rewrites of {@code journal}: {@code .<name>.statestore-tmp},
     * a hidden name no tool gives a journal by accident.
     *
     * @param journal the journal's resolved path
     * @return the temp file's path
     */
    public static Path tempFile(Path journal) {
        return journal.resolveSibling("." + journal.getFileName() + TEMP_SUFFIX);
    }

    /**
     * Removes the temp file a crashed rewrite left, if it is ours: a regular file that no process
     * holds open as a journal. Anything else at that name is left alone (a rewrite then fails,
     * naming it).
     *
     * @param journal the journal's resolved path; the caller holds its lock
     * @throws IOException if the temp file cannot be examined or removed
     */
    public static void removeStaleTemp(Path journal) throws IOException {
        Path temp = tempFile(journal);
        String inUse = JournalLock.whyNotFree(temp);
        if (inUse != null) {
            if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                LOG.log(Level.WARNING, () -> "journal " + journal + ": left " + temp + " alone: " + inUse
                        + "; rewrites of the journal fail until it is moved away");
            }
            return;
        }
        if (Files.deleteIfExists(temp)) {
            LOG.log(Level.INFO, () -> "journal " + journal + ": removed " + temp + ", left by a rewrite that did not finish");
        }
    }
}
