package dev.statestore.jsonl.internal;

import dev.statestore.StateTransition;
import dev.statestore.spi.Journal;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Finding lines in a journal file by revision: where the first history line after a revision
 * starts (where a restore cuts the file), and the index of the part of a file before a given
 * offset (the part of the active file a checkpoint made the open skip).
 *
 * <p>Stateless and thread-safe.
 */
public final class LineSeek {

    private static final Journal.ReplaySink IGNORE = new Journal.ReplaySink() {
        @Override
        public void state(StateTransition latestWrite) {
        }

        @Override
        public void history(StateTransition transition) {
        }
    };

    private LineSeek() {
    }

    /** Stops a scan. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long offset;

        Stop(long offset) {
            super(null, null, false, false);
            this.offset = offset;
        }
    }

    /**
     * Returns the offset of the first history line of {@code file} with a revision above
     * {@code revision}, reading from {@code start}; the end of its last complete line when there is
     * none.
     *
     * @param file the file
     * @param start where to start reading: the start of a line at or before the one sought
     * @param previous the revision of the line before {@code start}, for lines stored without one
     * @param revision the revision
     * @return the offset
     * @throws IOException if the file cannot be read
     */
    public static long firstAfter(Path file, long start, long previous, long revision) throws IOException {
        LineDecoder.Shared shared = new LineDecoder.Shared();
        long[] prev = {previous};
        LineScanner.Sink sink = new LineScanner.Sink() {
            @Override
            public void line(long lineNumber, long offset, byte[] b, int off, int len) {
                StateTransition t = LineDecoder.decodeOrSkip(b, off, len, shared, null);
                if (t == null) {
                    return;
                }
                if (shared.lastWasState()) {
                    prev[0] = Math.max(prev[0], t.revision());
                    return;
                }
                long r = t.revision() > 0 ? t.revision() : prev[0] + 1;
                prev[0] = r;
                if (r > revision) {
                    throw new Stop(offset);
                }
            }

            @Override
            public void overlong(long lineNumber, long offset, long length) {
            }
        };
        try {
            return LineScanner.scan(file, start, 1, sink).endOfLastLine();
        } catch (Stop stop) {
            return stop.offset;
        }
    }

    /**
     * Returns the index of the history lines of {@code file} that start before {@code end},
     * covering it from offset 0.
     *
     * @param file the file
     * @param end where to stop
     * @param previous the revision before the file's first line, for lines stored without one
     * @return the index
     * @throws IOException if the file cannot be read
     */
    public static SparseIndex indexBefore(Path file, long end, long previous) throws IOException {
        SparseIndex index = new SparseIndex(0);
        LineReplay replay = new LineReplay(file, IGNORE, (f, line, reason) -> { }, Long.MAX_VALUE, Long.MAX_VALUE,
                previous, false, index);
        LineScanner.Sink bounded = new LineScanner.Sink() {
            @Override
            public void line(long lineNumber, long offset, byte[] b, int off, int len) {
                if (offset >= end) {
                    throw new Stop(offset);
                }
                replay.line(lineNumber, offset, b, off, len);
            }

            @Override
            public void overlong(long lineNumber, long offset, long length) {
                if (offset >= end) {
                    throw new Stop(offset);
                }
            }
        };
        try {
            LineScanner.scan(file, 0, 1, bounded);
        } catch (Stop stop) {
            // reached the part already indexed
        }
        return index;
    }
}
