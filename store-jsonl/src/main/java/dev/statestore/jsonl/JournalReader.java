package dev.statestore.jsonl;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.IoMessages;
import dev.statestore.jsonl.internal.LineDecoder;
import dev.statestore.jsonl.internal.LineFormat;
import dev.statestore.jsonl.internal.LineScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The reader of a journal file's lines without opening it as a store: it takes no lock, repairs
 * nothing (a torn tail is reported, not cut) and never writes. Safe to use while another process
 * holds the journal open for writing; lines appended during a read may or may not be seen, and a
 * compaction by the writer renames a new file over the path, which a reader that keeps an offset
 * (as {@code tail -f} does) should notice by the file shrinking.
 *
 * <p>Reads both this library's lines and car-state's (see {@link JsonlStateStore}). Blank lines
 * are counted but not handed to the sink.
 *
 * <p>Stateless and thread-safe.
 */
public final class JournalReader {

    private JournalReader() {
    }

    /**
     * Reads every line from the start and returns the report.
     *
     * @param path the journal
     * @param sink receives each complete, non-blank line in order
     * @return what the read found
     * @throws StateStoreException naming the path if the file cannot be read
     */
    public static ReplayReport read(Path path, Consumer<JournalLine> sink) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sink, "sink");
        Collector c = new Collector(sink);
        LineScanner.Result r = scan(path, 0, 1, c);
        return new ReplayReport(path, r.lines(), c.applied, c.skipped.count(), c.skipped.first(), r.tornBytes(),
                r.fileBytes());
    }

    /**
     * Reads the complete lines from byte {@code offset} on and returns the offset just past the
     * last one read: the offset to continue from, as {@code tail -f} does. Bytes of a line not
     * yet ended by {@code '\n'} are left for the next call.
     *
     * @param path the journal
     * @param offset where to start, the start of a line (0 or a value this method returned)
     * @param firstLineNumber the number of the line at {@code offset}
     * @param sink receives each complete, non-blank line in order
     * @return the offset just past the last complete line
     * @throws IllegalArgumentException if {@code offset < 0} or {@code firstLineNumber < 1}
     * @throws StateStoreException naming the path if the file cannot be read
     */
    public static long readFrom(Path path, long offset, long firstLineNumber, Consumer<JournalLine> sink) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sink, "sink");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (firstLineNumber < 1) {
            throw new IllegalArgumentException("firstLineNumber must be >= 1, was " + firstLineNumber);
        }
        return scan(path, offset, firstLineNumber, new Collector(sink)).endOfLastLine();
    }

    private static LineScanner.Result scan(Path path, long offset, long firstLine, Collector c) {
        try {
            return LineScanner.scan(path, offset, firstLine, c);
        } catch (IOException e) {
            throw new StateStoreException("cannot read journal " + path + ": " + IoMessages.describe(e), e);
        }
    }

    private static final class Collector implements LineScanner.Sink {
        final Consumer<JournalLine> sink;
        final SkippedLines skipped = new SkippedLines();
        long applied;

        Collector(Consumer<JournalLine> sink) {
            this.sink = sink;
        }

        @Override
        public void line(long lineNumber, long offset, byte[] b, int off, int len) {
            StateTransition t = LineDecoder.decodeOrSkip(b, off, len, new LineDecoder.Shared(), reason -> {
                skipped.add(lineNumber, reason);
                sink.accept(new JournalLine(lineNumber, offset, len, Optional.empty(), Optional.of(reason)));
            });
            if (t == null) {
                return;
            }
            applied++;
            sink.accept(new JournalLine(lineNumber, offset, len, Optional.of(t), Optional.empty()));
        }

        @Override
        public void overlong(long lineNumber, long offset, long length) {
            String reason = "line of " + length + " bytes is longer than the limit of " + LineFormat.MAX_LINE_BYTES;
            skipped.add(lineNumber, reason);
            sink.accept(new JournalLine(lineNumber, offset, (int) Math.min(length, Integer.MAX_VALUE),
                    Optional.empty(), Optional.of(reason)));
        }
    }
}
