package dev.statestore.cli;

import dev.statestore.jsonl.JournalLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files of a journal and their sizes, by kind: the manifest, the checkpoint it names (with the
 * revision it folds in), the sealed segments and the active file. A journal of version 1 or
 * car-state's is its active file alone. Read once from a {@link JournalLayout}; a file a writer
 * removed meanwhile counts as 0 bytes.
 *
 * <p>Immutable.
 *
 * @param manifestBytes the manifest's size, or -1 when the journal has no manifest
 * @param checkpoint the checkpoint, when the journal has one
 * @param checkpointRevision the revision the checkpoint folds in, 0 without one
 * @param checkpointBytes the checkpoint's size, 0 without one
 * @param segments how many sealed segments there are
 * @param segmentBytes their sizes added up
 * @param activeBytes the active file's size
 */
record LayoutSizes(long manifestBytes, Optional<Path> checkpoint, long checkpointRevision, long checkpointBytes,
                   int segments, long segmentBytes, long activeBytes) {

    /** Returns the sizes of {@code layout}'s files as they are now. */
    static LayoutSizes of(JournalLayout layout) {
        long manifest = layout.manifest().map(LayoutSizes::size).orElse(-1L);
        Optional<Path> checkpoint = layout.checkpoint();
        List<Path> segments = layout.segments();
        long segmentBytes = 0;
        for (Path s : segments) {
            segmentBytes += size(s);
        }
        return new LayoutSizes(manifest, checkpoint, layout.checkpointRevision(), checkpoint.map(LayoutSizes::size).orElse(0L),
                segments.size(), segmentBytes, size(layout.journal()));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0; // removed by a writer since the layout was read
        } catch (IOException e) {
            throw CliException.io("cannot read the size of " + file + ": " + e, e);
        }
    }

    /** Returns whether the journal has the files of version 2 (a manifest or segments). */
    boolean checkpointed() {
        return manifestBytes >= 0 || segments > 0;
    }

    /** Returns the bytes of every file. */
    long totalBytes() {
        return Math.max(0, manifestBytes) + checkpointBytes + segmentBytes + activeBytes;
    }

    /** Returns how many files there are. */
    int files() {
        return (manifestBytes >= 0 ? 1 : 0) + (checkpoint.isPresent() ? 1 : 0) + segments + 1;
    }

    /**
     * Returns the files in words: "one file (version 1: no checkpoint yet)", or "4 files: the
     * manifest, a checkpoint after rev 18, 2 segments, the active file".
     */
    String describe() {
        if (!checkpointed()) {
            return "one file (no checkpoint yet: version 1 or car-state's layout)";
        }
        StringBuilder b = new StringBuilder(Text.plural(files(), "file", "files")).append(":");
        String sep = " ";
        if (manifestBytes >= 0) {
            b.append(sep).append("the manifest");
            sep = ", ";
        }
        if (checkpoint.isPresent()) {
            b.append(sep).append("a checkpoint after rev ").append(Text.count(checkpointRevision));
            sep = ", ";
        }
        if (segments > 0) {
            b.append(sep).append(Text.plural(segments, "sealed segment", "sealed segments"));
            sep = ", ";
        }
        return b.append(sep).append("the active file").toString();
    }

    /** Adds the figures to a JSON report, under {@code files}. */
    void addTo(ObjectNode o) {
        ObjectNode f = o.putObject("files");
        f.put("count", files());
        f.put("bytes", totalBytes());
        f.put("manifest_bytes", Math.max(0, manifestBytes));
        f.put("checkpoint_revision", checkpointRevision);
        f.put("checkpoint_bytes", checkpointBytes);
        checkpoint.ifPresent(c -> f.put("checkpoint", c.toString()));
        f.put("segments", segments);
        f.put("segment_bytes", segmentBytes);
        f.put("active_bytes", activeBytes);
    }
}
