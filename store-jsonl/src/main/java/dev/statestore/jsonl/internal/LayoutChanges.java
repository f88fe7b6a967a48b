package dev.statestore.jsonl.internal;

import java.io.IOException;
import java.io.SyncFailedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The crash-safe steps that change a journal's layout: writing a manifest (temp file, fsync,
 * rename, directory fsync), cutting the history after a restored revision, and removing segments.
 * An fsync failure is reported as a {@link SyncFailedException}, after which the journal must
 * refuse writes (an fsync is never retried); any other {@link IOException} before the manifest's
 * rename leaves the layout as it was.
 *
 * <p>Stateless and thread-safe; callers serialize changes of one journal.
 */
public final class LayoutChanges {

    private LayoutChanges() {
    }

    /**
     * Makes {@code m} the journal's manifest: the commit point of a checkpoint or a restore.
     *
     * @param files the layout's names
     * @param io the file operations
     * @param m the new manifest
     * @throws SyncFailedException if an fsync fails; the new manifest may or may not be in place
     * @throws IOException if it cannot be written or renamed; the old manifest stays in place
     */
    public static void writeManifest(LayoutFiles files, JournalIo io, Manifest m) throws IOException {
        Path temp = files.manifestTemp();
        Files.deleteIfExists(temp);
        byte[] bytes = m.encode(files.journal().getFileName().toString());
        JournalIo.JournalFile out = io.create(temp);
        boolean written = false;
        try {
            FileAccess.copyOrRestrict(files.journal(), temp);
            out.write(bytes, 0, bytes.length, 0);
            sync(out, temp);
            out.close();
            written = true;
        } finally {
            if (!written) {
                closeQuietly(out);
                Files.deleteIfExists(temp);
            }
        }
        try {
            io.atomicMove(temp, files.manifest());
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(io, files.directory());
    }

    /**
     * Drops the history after a restored revision: removes every segment that starts after it,
     * cuts the segment that holds it and the active file to the sizes the cut gives, fsyncs each
     * and the directory. Idempotent, so a crash part-way is finished by the next open.
     *
     * @param files the layout's names
     * @param io the file operations
     * @param active the active file, open and locked
     * @param segments the segments, updated
     * @param cut the cut
     * @throws SyncFailedException if an fsync fails
     * @throws IOException if a file cannot be removed or cut
     */
    public static void applyCut(LayoutFiles files, JournalIo io, JournalIo.JournalFile active, Segments segments,
            Manifest.Cut cut) throws IOException {
        for (Segments.Segment s : segments.list()) {
            if (s.first() > cut.after()) {
                Files.deleteIfExists(s.path());
                segments.remove(s.first());
            }
        }
        Segments.Segment straddling = cut.segment() > 0 ? segments.get(cut.segment()) : null;
        if (straddling != null && Files.size(straddling.path()) > cut.segmentOffset()) {
            JournalIo.JournalFile f = io.open(straddling.path());
            try {
                f.truncate(cut.segmentOffset());
                sync(f, straddling.path());
            } finally {
                closeQuietly(f);
            }
            straddling.forgetIndex();
        }
        if (active.size() > cut.activeOffset()) {
            active.truncate(cut.activeOffset());
            sync(active, files.journal());
        }
        if (files.hasDirectory()) {
            syncDirectory(io, files.directory());
        }
    }

    /**
     * Removes a segment's file and makes the removal durable.
     *
     * @param files the layout's names
     * @param io the file operations
     * @param segment the segment
     * @throws SyncFailedException if the directory fsync fails
     * @throws IOException if the file cannot be removed
     */
    public static void removeSegment(LayoutFiles files, JournalIo io, Segments.Segment segment) throws IOException {
        Files.deleteIfExists(segment.path());
        syncDirectory(io, files.directory());
    }

    /**
     * Fsyncs {@code f}, reporting a failure as a {@link SyncFailedException}.
     *
     * @param f the file
     * @param path its path, for the message
     * @throws SyncFailedException if the fsync fails
     */
    public static void sync(JournalIo.JournalFile f, Path path) throws SyncFailedException {
        try {
            f.sync();
        } catch (IOException e) {
            SyncFailedException failed = new SyncFailedException("fsync of " + path + " failed: " + IoMessages.describe(e));
            failed.initCause(e);
            throw failed;
        }
    }

    /**
     * Fsyncs a directory, reporting a failure as a {@link SyncFailedException}.
     *
     * @param io the file operations
     * @param directory the directory
     * @throws SyncFailedException if the fsync fails
     */
    public static void syncDirectory(JournalIo io, Path directory) throws SyncFailedException {
        try {
            io.syncDirectory(directory);
        } catch (IOException e) {
            SyncFailedException failed = new SyncFailedException("fsync of directory " + directory + " failed: "
                    + IoMessages.describe(e));
            failed.initCause(e);
            throw failed;
        }
    }

    private static void closeQuietly(JournalIo.JournalFile f) {
        try {
            f.close();
        } catch (IOException ignored) {
            // nothing was left unwritten in it; the outcome is decided elsewhere
        }
    }
}
