package dev.statestore.jsonl.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A reader of a journal file's lines, in large chunks from a byte offset to the end of
 * the file: each complete line (ended by {@code '\n'}) is handed to a {@link Sink} with its line
 * number and file offset; the bytes after the last {@code '\n'} are reported as a torn tail and
 * not handed over. A line longer than {@link LineFormat#MAX_LINE_BYTES} is reported as overlong
 * without being held in memory.
 *
 * <p>Stateless and thread-safe; takes no lock and changes nothing on disk.
 */
public final class LineScanner {

    private static final int INITIAL_BUFFER = 1 << 16;

    private LineScanner() {
    }

    /** Receives lines. */
    public interface Sink {
        /**
         * Receives one complete line.
         *
         * @param lineNumber its number, counting from the first line number given
         * @param offset the file offset of its first byte
         * @param b the array holding it, valid only during the call
         * @param off where it starts in {@code b}
         * @param len its length without the {@code '\n'}
         */
        void line(long lineNumber, long offset, byte[] b, int off, int len);

        /**
         * Receives a complete line too long to parse.
         *
         * @param lineNumber its number
         * @param offset the file offset of its first byte
         * @param length its length without the {@code '\n'}
         */
        void overlong(long lineNumber, long offset, long length);

        /**
         * Receives, after the lines of each read, the bytes of those complete lines that were
         * handed to {@link #line} as one run, newlines included (an overlong line's bytes are not
         * among them), so that a checksum over them costs one call per read instead of one per
         * line. The default ignores them.
         *
         * @param b the array holding them, valid only during the call
         * @param off where they start in {@code b}
         * @param len their length
         */
        default void lines(byte[] b, int off, int len) {
        }
    }

    /**
     * What a scan found.
     *
     * @param lines complete lines handed over (including blank and overlong ones)
     * @param endOfLastLine the file offset just past the last complete line's {@code '\n'}
     * @param tornBytes bytes after it, up to the end of the file
     * @param fileBytes the file offset where reading stopped (the file's size then)
     */
    public record Result(long lines, long endOfLastLine, long tornBytes, long fileBytes) {
    }

    /**
     * Scans {@code path} from {@code offset} to its end. Reads through {@link HeldFiles}, so a
     * journal this JVM holds stays locked.
     *
     * @param path the file
     * @param offset where to start; should be the start of a line
     * @param firstLineNumber the number of the line at {@code offset}
     * @param sink receives the lines
     * @return what the scan found
     * @throws IOException if the file cannot be read
     */
    public static Result scan(Path path, long offset, long firstLineNumber, Sink sink) throws IOException {
        try (HeldFiles.Reader reader = HeldFiles.openReader(path)) {
            return scan(reader::read, offset, firstLineNumber, sink, LineFormat.MAX_LINE_BYTES);
        }
    }

    /**
     * Scans an open channel from {@code offset} to its end, with positional reads.
     *
     * @param ch the channel
     * @param offset where to start
     * @param firstLineNumber the number of the line at {@code offset}
     * @param sink receives the lines
     * @return what the scan found
     * @throws IOException if the channel cannot be read
     */
    public static Result scan(FileChannel ch, long offset, long firstLineNumber, Sink sink) throws IOException {
        return scan(ch, offset, firstLineNumber, sink, LineFormat.MAX_LINE_BYTES);
    }

    /**
     * Scans an open channel from {@code offset} to its end, reporting lines longer than
     * {@code maxLine} bytes as overlong.
     *
     * @param ch the channel
     * @param offset where to start
     * @param firstLineNumber the number of the line at {@code offset}
     * @param sink receives the lines
     * @param maxLine the longest line handed over whole
     * @return what the scan found
     * @throws IOException if the channel cannot be read
     */
    static Result scan(FileChannel ch, long offset, long firstLineNumber, Sink sink, int maxLine) throws IOException {
        return scan((b, off, len, position) -> ch.read(ByteBuffer.wrap(b, off, len), position), offset, firstLineNumber,
                sink, maxLine);
    }

    /** Positional reads of a file. */
    private interface Source {
        int read(byte[] b, int off, int len, long position) throws IOException;
    }

    private static Result scan(Source ch, long offset, long firstLineNumber, Sink sink, int maxLine) throws IOException {
        byte[] buf = new byte[Math.min(INITIAL_BUFFER, maxLine + 1)];
        int start = 0;
        int end = 0;
        long base = offset; // file offset of buf[0]
        long pos = offset;
        long lineNumber = firstLineNumber;
        long lines = 0;
        boolean skipping = false;
        long skipStart = 0;
        while (true) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    base += start;
                    end -= start;
                    start = 0;
                } else if (buf.length <= maxLine) {
                    byte[] bigger = new byte[(int) Math.min(2L * buf.length, maxLine + 1L)];
                    System.arraycopy(buf, 0, bigger, 0, end);
                    buf = bigger;
                } else {
                    skipping = true;
                    skipStart = base;
                    base += end;
                    start = 0;
                    end = 0;
                    buf = new byte[Math.min(INITIAL_BUFFER, maxLine + 1)];
                }
            }
            int n = ch.read(buf, end, buf.length - end, pos);
            if (n < 0) {
                break;
            }
            pos += n;
            int from = end;
            end += n;
            int run = skipping ? -1 : start; // where the run of whole lines handed over begins
            for (int i = from; i < end; i++) {
                if (buf[i] == '\n') {
                    if (skipping) {
                        sink.overlong(lineNumber++, skipStart, base + i - skipStart);
                        skipping = false;
                        run = i + 1;
                    } else {
                        sink.line(lineNumber++, base + start, buf, start, i - start);
                    }
                    lines++;
                    start = i + 1;
                }
            }
            if (run >= 0 && start > run) {
                sink.lines(buf, run, start - run);
            }
            if (skipping || start == end) {
                base += end; // nothing in the buffer is needed any more
                start = 0;
                end = 0;
            }
        }
        long endOfLastLine = skipping ? skipStart : base + start;
        return new Result(lines, endOfLastLine, pos - endOfLastLine, pos);
    }
}
