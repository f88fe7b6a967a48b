package dev.statestore.jsonl.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The names of the files of one journal in the version 2 layout. The journal {@code <name>} is the
 * active file (the newest lines are appended to it); everything else lives in the directory
 * {@code <name>.d} beside it, named after the journal's stem ({@code <name>} without a final
 * {@code .jsonl}):
 * <ul>
 *   <li>{@code <stem>.<first revision, 20 digits>.jsonl}: a sealed segment, a former active file
 *       whose first history line has that revision;</li>
 *   <li>{@code <stem>.checkpoint.<epoch, 10 digits>.<revision, 20 digits>.jsonl}: the state after
 *       that revision, one {@code op:state} line per live key, sorted by key;</li>
 *   <li>{@code <stem>.manifest.json}: one JSON line naming the current checkpoint, where the tail
 *       after it starts, and a restore under way (see {@link Manifest});</li>
 *   <li>{@code <stem>.manifest.json.tmp}, {@code <stem>.checkpoint.tmp}, {@code <stem>.restore.tmp},
 *       {@code <stem>.active.tmp}: files being written, removed on open if a crash left them.</li>
 * </ul>
 * Names are zero-padded, so that {@code ls} lists segments and checkpoints in revision order.
 *
 * <p>Immutable and thread-safe; the listing methods read the directory as it is, and
 * {@link #ensureDirectory} creates it once.
 */
public final class LayoutFiles {

    /** What the directory's name adds to the journal's. */
    public static final String DIRECTORY_SUFFIX = ".d";
    private static final String EXTENSION = ".jsonl";
    private static final String CHECKPOINT = ".checkpoint.";
    private static final String MANIFEST = ".manifest.json";
    private static final String TEMP = ".tmp";

    private final Path journal;
    private final Path directory;
    private final String stem;

    /**
     * Creates the names of the layout of {@code journal}.
     *
     * @param journal the journal's canonical path
     */
    public LayoutFiles(Path journal) {
        this.journal = journal;
        String name = journal.getFileName().toString();
        this.directory = journal.resolveSibling(name + DIRECTORY_SUFFIX);
        this.stem = name.endsWith(EXTENSION) && name.length() > EXTENSION.length()
                ? name.substring(0, name.length() - EXTENSION.length()) : name;
    }

    /**
     * Returns the active file, the journal's own path.
     *
     * @return the path
     */
    public Path journal() {
        return journal;
    }

    /**
     * Returns the directory that holds the other files.
     *
     * @return {@code <name>.d}
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the manifest.
     *
     * @return {@code <name>.d/<stem>.manifest.json}
     */
    public Path manifest() {
        return directory.resolve(stem + MANIFEST);
    }

    /**
     * Returns the temp file a new manifest is written to.
     *
     * @return the path
     */
    public Path manifestTemp() {
        return directory.resolve(stem + MANIFEST + TEMP);
    }

    /**
     * Returns the temp file a new checkpoint is written to.
     *
     * @return the path
     */
    public Path checkpointTemp() {
        return directory.resolve(stem + ".checkpoint" + TEMP);
    }

    /**
     * Returns the temp file the checkpoint of a restore or replace is written to (apart from
     * {@link #checkpointTemp()}, which a background checkpoint may be writing meanwhile).
     *
     * @return the path
     */
    public Path restoreTemp() {
        return directory.resolve(stem + ".restore" + TEMP);
    }

    /**
     * Returns the temp file a new active file is created as before it is renamed to the journal.
     *
     * @return the path
     */
    public Path activeTemp() {
        return directory.resolve(stem + ".active" + TEMP);
    }

    /**
     * Returns the sealed segment whose first history revision is {@code first}.
     *
     * @param first the revision
     * @return the path
     */
    public Path segment(long first) {
        return directory.resolve(stem + "." + pad(first, 20) + EXTENSION);
    }

    /**
     * Returns the checkpoint of {@code epoch} after {@code revision}.
     *
     * @param epoch the epoch (it grows with every restore and replace)
     * @param revision the revision the checkpoint folds in
     * @return the path
     */
    public Path checkpoint(long epoch, long revision) {
        return directory.resolve(stem + CHECKPOINT + pad(epoch, 10) + "." + pad(revision, 20) + EXTENSION);
    }

    /**
     * Returns the first revision a segment's name states, or {@code -1} if {@code name} is not a
     * segment of this journal.
     *
     * @param name a file name in the directory
     * @return the revision or {@code -1}
     */
    public long segmentFirst(String name) {
        String prefix = stem + ".";
        if (!name.startsWith(prefix) || !name.endsWith(EXTENSION)
                || name.length() != prefix.length() + 20 + EXTENSION.length()) {
            return -1;
        }
        return digits(name, prefix.length(), 20);
    }

    /**
     * Returns {@code {epoch, revision}} of a checkpoint's name, or {@code null} if {@code name} is
     * not a checkpoint of this journal.
     *
     * @param name a file name in the directory
     * @return the epoch and revision, or {@code null}
     */
    public long[] checkpointOf(String name) {
        String prefix = stem + CHECKPOINT;
        if (!name.startsWith(prefix) || !name.endsWith(EXTENSION)
                || name.length() != prefix.length() + 10 + 1 + 20 + EXTENSION.length()
                || name.charAt(prefix.length() + 10) != '.') {
            return null;
        }
        long epoch = digits(name, prefix.length(), 10);
        long revision = digits(name, prefix.length() + 11, 20);
        return epoch < 0 || revision < 0 ? null : new long[] {epoch, revision};
    }

    /**
     * Returns whether the directory exists.
     *
     * @return {@code true} when the layout has a directory
     */
    public boolean hasDirectory() {
        return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Returns the first revisions of the sealed segments, ascending.
     *
     * @return the revisions; empty when there is no directory
     * @throws IOException if the directory cannot be listed
     */
    public List<Long> segments() throws IOException {
        List<Long> out = new ArrayList<>();
        for (String name : names()) {
            long first = segmentFirst(name);
            if (first >= 0) {
                out.add(first);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Returns the checkpoints as {@code {epoch, revision}}, oldest first.
     *
     * @return the checkpoints; empty when there is no directory
     * @throws IOException if the directory cannot be listed
     */
    public List<long[]> checkpoints() throws IOException {
        List<long[]> out = new ArrayList<>();
        for (String name : names()) {
            long[] c = checkpointOf(name);
            if (c != null) {
                out.add(c);
            }
        }
        out.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        return out;
    }

    /**
     * Returns the temp files a crash may have left.
     *
     * @return the paths of those that exist
     */
    public List<Path> staleTemps() {
        List<Path> out = new ArrayList<>();
        for (Path p : List.of(manifestTemp(), checkpointTemp(), restoreTemp(), activeTemp())) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                out.add(p);
            }
        }
        return out;
    }

    private List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!hasDirectory()) {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path p : stream) {
                names.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return names;
        }
        return names;
    }

    /**
     * Creates the directory if absent, readable and writable by whoever may read and write the
     * journal (its owner, group and mode, with search permission where the journal is readable),
     * and makes its entry durable.
     *
     * @param io the file operations
     * @return {@code true} if it was created now
     * @throws java.io.SyncFailedException if the fsync of the journal's directory fails
     * @throws IOException if it cannot be created, or a file that is not a directory has its name
     */
    public synchronized boolean ensureDirectory(JournalIo io) throws IOException {
        if (hasDirectory()) {
            return false;
        }
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(directory + " exists and is not a directory; the journal keeps its checkpoints and "
                    + "sealed segments there: move that file away");
        }
        try {
            Files.createDirectory(directory);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (hasDirectory()) {
                return false; // made meanwhile by another thread holding these names
            }
            throw e;
        }
        try {
            Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : Files.getPosixFilePermissions(journal)) {
                mode.add(p);
                switch (p) {
                    case OWNER_READ -> mode.add(PosixFilePermission.OWNER_EXECUTE);
                    case GROUP_READ -> mode.add(PosixFilePermission.GROUP_EXECUTE);
                    case OTHERS_READ -> mode.add(PosixFilePermission.OTHERS_EXECUTE);
                    default -> { }
                }
            }
            mode.add(PosixFilePermission.OWNER_READ);
            mode.add(PosixFilePermission.OWNER_WRITE);
            mode.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(directory, mode);
            PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes owner = Files.readAttributes(journal, PosixFileAttributes.class);
            try {
                if (!owner.owner().equals(view.readAttributes().owner())) {
                    view.setOwner(owner.owner());
                }
                if (!owner.group().equals(view.readAttributes().group())) {
                    view.setGroup(owner.group());
                }
            } catch (IOException e) {
                // not permitted (only root may give a file away): the mode above keeps it as closed
            }
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions here: the directory keeps the file system's default
        }
        LayoutChanges.syncDirectory(io, journal.getParent());
        return true;
    }

    private static String pad(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private static long digits(String s, int from, int count) {
        long n = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || n > (Long.MAX_VALUE - 9) / 10) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    @Override
    public String toString() {
        return "LayoutFiles[" + journal + "]";
    }
}
