package dev.statestore.cli;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.JournalLayout;
import dev.statestore.jsonl.JournalLine;
import dev.statestore.jsonl.JournalReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The latest transitions of a journal, read from the end of its files towards their start: the
 * active file, then the sealed segments newest first, a block of lines at a time, until enough
 * are found. The cost follows the lines shown (and, with a filter, the lines passed over), not
 * the size of the journal.
 *
 * <p>The active file is opened first and held: the result hands it over with the offset where its
 * read ended, so {@code tail -f} follows on from exactly there. When a writer seals that file
 * meanwhile, the segment it becomes is not read a second time (it is the same file); when it
 * removes a segment being read, the read starts again. Stateless.
 */
final class RecentHistory {

    /** How many lines a block decoded at once holds, at least. */
    static final int BLOCK_LINES = 256;

    private RecentHistory() {
    }

    /**
     * What was read.
     *
     * @param transitions the latest wanted transitions, oldest first
     * @param latestRevision the highest revision read, 0 when none
     * @param latestTimestamp the latest timestamp read, or {@code null} when no line was read
     * @param active the active file, open; the caller closes it
     * @param activeKey its file key (or path, where the platform has none)
     * @param activeEnd the offset just past the last complete line read from it
     * @param bad how many bad lines were passed over
     * @param firstBad the first of them, worded, or {@code null}
     */
    record Result(List<StateTransition> transitions, long latestRevision, Instant latestTimestamp, FileChannel active, Object activeKey,
                  long activeEnd, long bad, String firstBad) {
    }

    /** Stops a forward read at the end of a block. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * Returns the latest {@code n} transitions whose key {@code wanted} accepts.
     *
     * @throws CliException with exit code 3 if a file cannot be read
     */
    static Result last(Path journal, int n, Predicate<String> wanted) {
        for (int attempt = 1; ; attempt++) {
            Object before = key(journal);
            FileChannel active;
            try {
                active = FileChannel.open(journal, StandardOpenOption.READ);
            } catch (IOException e) {
                throw CliException.io("cannot read " + journal + ": " + e, e);
            }
            boolean handedOver = false;
            try {
                if (!Objects.equals(before, key(journal)) && attempt < Journals.ATTEMPTS) {
                    continue; // the path changed while it was opened
                }
                Reader reader = new Reader(n, wanted);
                long end = BackwardLines.endOfLastLine(active, active.size());
                reader.file(journal, active, end);
                JournalLayout layout = JournalLayout.read(journal);
                List<Path> segments = layout.segments();
                for (int i = segments.size() - 1; i >= 0 && !reader.done(); i--) {
                    Path s = segments.get(i);
                    if (Objects.equals(key(s), before)) {
                        continue; // the active file this read holds, sealed meanwhile: read already
                    }
                    try (FileChannel ch = FileChannel.open(s, StandardOpenOption.READ)) {
                        reader.file(s, ch, BackwardLines.endOfLastLine(ch, ch.size()));
                    }
                }
                handedOver = true;
                return new Result(reader.result(), reader.latest, reader.latestTimestamp, active, before, end, reader.bad, reader.firstBad);
            } catch (IOException | StateStoreException e) {
                if (attempt < Journals.ATTEMPTS) {
                    continue; // a segment was removed, or a restore cut a file, while it was read
                }
                throw CliException.io("cannot read " + journal + ": " + e.getMessage(), e);
            } finally {
                if (!handedOver) {
                    closeQuietly(active);
                }
            }
        }
    }

    /** Collects the latest wanted transitions, file by file from the newest, block by block from the end. */
    private static final class Reader {
        private final int n;
        private final Predicate<String> wanted;
        private final ArrayDeque<StateTransition> newestFirst = new ArrayDeque<>();
        long latest;
        Instant latestTimestamp;
        long bad;
        String firstBad;

        Reader(int n, Predicate<String> wanted) {
            this.n = n;
            this.wanted = wanted;
        }

        /** Returns whether enough was read: {@code n} transitions, and at least one line (for the latest revision). */
        boolean done() {
            return newestFirst.size() >= n && latestTimestamp != null;
        }

        /** Reads {@code file}'s lines before {@code end}, newest block first, until {@link #done()}. */
        void file(Path file, FileChannel ch, long end) throws IOException {
            BackwardLines lines = new BackwardLines(ch, end);
            long blockEnd = end;
            int blockLines = Math.max(BLOCK_LINES, n);
            while (!done()) {
                int counted = 0;
                long blockStart = blockEnd;
                while (counted < blockLines && lines.previous()) {
                    blockStart = lines.offset();
                    counted++;
                }
                if (counted == 0) {
                    return;
                }
                List<StateTransition> block = decode(file, blockStart, blockEnd);
                for (int i = block.size() - 1; i >= 0 && !done(); i--) {
                    newestFirst.addLast(block.get(i));
                }
                blockEnd = blockStart;
                blockLines = Math.min(blockLines * 2, 1 << 16);
            }
        }

        /** Returns the wanted transitions of the lines in [start, end), oldest first. */
        private List<StateTransition> decode(Path file, long start, long end) {
            List<StateTransition> out = new ArrayList<>();
            List<StateTransition> all = new ArrayList<>();
            try {
                JournalReader.readFrom(file, start, 1, line -> {
                    if (line.offset() >= end) {
                        throw new Stop();
                    }
                    take(file, line, all);
                });
            } catch (Stop stop) {
                // the block ends here
            }
            for (StateTransition t : all) {
                latest = Math.max(latest, t.revision());
                if (latestTimestamp == null || t.timestamp().isAfter(latestTimestamp)) {
                    latestTimestamp = t.timestamp();
                }
                if (wanted.test(t.key())) {
                    out.add(t);
                }
            }
            return out;
        }

        private void take(Path file, JournalLine line, List<StateTransition> all) {
            if (line.transition().isPresent()) {
                all.add(line.transition().get());
            } else if (bad++ == 0) {
                firstBad = file.getFileName() + " at byte " + line.offset() + ": " + line.problem().orElse("");
            }
        }

        List<StateTransition> result() {
            List<StateTransition> out = new ArrayList<>(newestFirst.size());
            newestFirst.descendingIterator().forEachRemaining(out::add);
            return out;
        }
    }

    /** Returns the file key of {@code file} (its path where the platform has none), or {@code null} if it is gone. */
    static Object key(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key == null ? file.toAbsolutePath() : key;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw CliException.io("cannot read " + file + ": " + e, e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // a read-only channel: closing loses nothing
        }
    }
}
