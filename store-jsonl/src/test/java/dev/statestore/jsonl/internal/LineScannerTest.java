package dev.statestore.jsonl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line splitting across buffer refills, overlong lines and torn tails, with a small line limit. */
class LineScannerTest {

    @TempDir
    Path dir;

    /** The runs of whole lines the last scan handed to {@link LineScanner.Sink#lines}, joined. */
    final StringBuilder runs = new StringBuilder();

    List<String> scan(String content, int maxLine, LineScanner.Result[] result) throws IOException {
        Path p = dir.resolve("s.jsonl");
        Files.writeString(p, content);
        List<String> seen = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        runs.setLength(0);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            result[0] = LineScanner.scan(ch, 0, 1, new LineScanner.Sink() {
                @Override
                public void line(long lineNumber, long offset, byte[] b, int off, int len) {
                    seen.add(lineNumber + "@" + offset + ":" + new String(b, off, len, StandardCharsets.UTF_8));
                    lines.append(new String(b, off, len, StandardCharsets.UTF_8)).append('\n');
                }

                @Override
                public void lines(byte[] b, int off, int len) {
                    runs.append(new String(b, off, len, StandardCharsets.UTF_8));
                }

                @Override
                public void overlong(long lineNumber, long offset, long length) {
                    seen.add(lineNumber + "@" + offset + ":overlong " + length);
                }
            }, maxLine);
        }
        // The runs are exactly the bytes of the lines handed over, in order, newlines included.
        assertEquals(lines.toString(), runs.toString());
        return seen;
    }

    @Test
    void overlongLinesAreReportedWithoutBeingHeldAndLaterLinesStillRead() throws IOException {
        String longLine = "x".repeat(300_000);
        LineScanner.Result[] r = new LineScanner.Result[1];
        List<String> seen = scan("a\n" + longLine + "\nbb\n" + "y".repeat(150) + "\ncc\ntail", 100, r);
        assertEquals(List.of("1@0:a", "2@2:overlong 300000", "3@300003:bb", "4@300006:overlong 150",
                "5@300157:cc"), seen);
        assertEquals(new LineScanner.Result(5, 300160, 4, 300164), r[0]);
        assertEquals("a\nbb\ncc\n", runs.toString());
    }

    @Test
    void anOverlongTornTailIsReportedAsTorn() throws IOException {
        LineScanner.Result[] r = new LineScanner.Result[1];
        List<String> seen = scan("a\n" + "z".repeat(1000), 100, r);
        assertEquals(List.of("1@0:a"), seen);
        assertEquals(new LineScanner.Result(1, 2, 1000, 1002), r[0]);
    }

    @Test
    void linesSpanningManyBufferRefillsArriveWhole() throws IOException {
        StringBuilder content = new StringBuilder();
        List<String> expected = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < 50; i++) {
            String line = Integer.toString(i).repeat(1 + i * 997 % 20_000);
            expected.add((i + 1) + "@" + offset + ":" + line);
            content.append(line).append('\n');
            offset += line.length() + 1;
        }
        LineScanner.Result[] r = new LineScanner.Result[1];
        assertEquals(expected, scan(content.toString(), LineFormat.MAX_LINE_BYTES, r));
        assertEquals(0, r[0].tornBytes());
        assertEquals(offset, r[0].endOfLastLine());
    }
}
