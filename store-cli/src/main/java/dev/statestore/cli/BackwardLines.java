package dev.statestore.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A reader of a file's lines from an offset towards the start of the file, newest first, in
 * blocks of {@value #BLOCK} bytes: what {@code tail -n} and a single key's lookup need, without
 * reading the file from its start. Each line is given by its offset and length; its bytes are
 * held for lines up to {@value #MAX_HELD} bytes (a longer line is given without them).
 *
 * <p>Not thread-safe: one reader walks back. It reads through the caller's channel and does not
 * close it.
 */
final class BackwardLines {

    /** How many bytes are read at a time. */
    static final int BLOCK = 1 << 16;

    /** The longest line whose bytes are held. */
    static final int MAX_HELD = 1 << 22;

    private final FileChannel ch;
    private byte[] buf = new byte[0];
    private long winStart;
    private long winEnd;
    private long cursor;
    private long lineStart;
    private long lineEnd;
    private boolean held;

    /**
     * Returns a reader of the lines that end before {@code end}.
     *
     * @param ch the file
     * @param end the offset just past a {@code '\n'} (the end of a complete line), or 0
     */
    BackwardLines(FileChannel ch, long end) {
        this.ch = ch;
        this.cursor = end;
        this.winStart = end;
        this.winEnd = end;
    }

    /**
     * Returns the offset just past the last {@code '\n'} of the file's first {@code size} bytes: the
     * end of its last complete line, 0 when it has none.
     */
    static long endOfLastLine(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(BLOCK);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - BLOCK);
            b.clear().limit((int) (end - start));
            read(ch, b, start);
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /**
     * Moves to the line before the current one (the last line before the end, the first time).
     *
     * @return {@code false} at the start of the file
     * @throws IOException if the file cannot be read, or is shorter than the offsets read
     */
    boolean previous() throws IOException {
        if (cursor <= 0) {
            return false;
        }
        long newline = cursor - 1;
        held = true;
        long p = newline - 1;
        while (p >= 0) {
            if (p < winStart) {
                extend(newline);
            }
            int i = (int) (p - winStart);
            while (i >= 0 && buf[i] != '\n') {
                i--;
            }
            if (i >= 0) {
                p = winStart + i;
                break;
            }
            p = winStart - 1;
        }
        lineStart = p + 1;
        lineEnd = newline;
        cursor = lineStart;
        return true;
    }

    /** Reads the block before the window; keeps of the window what the current line needs. */
    private void extend(long newline) throws IOException {
        long newStart = Math.max(0, winStart - BLOCK);
        long newEnd = Math.min(winEnd, newline);
        if (newEnd - newStart > MAX_HELD) {
            newEnd = Math.max(newStart + BLOCK, winStart);
            held = false;
        }
        byte[] next = new byte[(int) (newEnd - newStart)];
        long readEnd = Math.min(winStart, newEnd);
        read(ch, ByteBuffer.wrap(next, 0, (int) (readEnd - newStart)), newStart);
        if (newEnd > winStart) {
            System.arraycopy(buf, 0, next, (int) (winStart - newStart), (int) (newEnd - winStart));
        }
        buf = next;
        winStart = newStart;
        winEnd = newEnd;
    }

    private static void read(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("the file ended at offset " + pos + " while it was read backwards: it was cut "
                        + "short meanwhile");
            }
            pos += n;
        }
    }

    /** Returns the offset of the current line's first byte. */
    long offset() {
        return lineStart;
    }

    /** Returns the current line's length, without its {@code '\n'}. */
    long length() {
        return lineEnd - lineStart;
    }

    /** Returns whether the current line's bytes are held ({@link #array()}, {@link #arrayOffset()}). */
    boolean held() {
        return held && lineStart >= winStart && lineEnd <= winEnd;
    }

    /** Returns the array holding the current line, valid until the next move. */
    byte[] array() {
        return buf;
    }

    /** Returns where the current line starts in {@link #array()}. */
    int arrayOffset() {
        return (int) (lineStart - winStart);
    }
}
