package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.LineDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A byte-level audit of a journal's directory after a run: the journal holds no NUL byte, ends
 * on a line boundary, and every line is one of ours that decodes with a valid checksum; beside it
 * there is nothing (no lock file, no temp file, no torn tail: nothing crashed).
 */
final class JournalAudit {

    private static final byte[] CRC_FIELD = ",\"crc32c\":\"".getBytes(StandardCharsets.US_ASCII);

    private JournalAudit() {
    }

    /** Audits {@code journal} and its siblings; returns its transitions as decoded from the bytes. */
    static List<StateTransition> assertSound(Path journal) {
        byte[] bytes = Journals.bytes(journal);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                fail("journal " + journal + " holds a NUL byte at offset " + i + " of " + bytes.length);
            }
        }
        assertTrue(bytes.length == 0 || bytes[bytes.length - 1] == '\n',
                "journal " + journal + " does not end on a line boundary");
        List<StateTransition> lines = new ArrayList<>();
        int start = 0;
        int lineNumber = 1;
        for (int end : Journals.lineEnds(bytes)) {
            int len = end - 1 - start;
            assertTrue(contains(bytes, start, len, CRC_FIELD), "line " + lineNumber + " of " + journal + " has no checksum");
            try {
                lines.add(LineDecoder.decode(bytes, start, len));
            } catch (LineDecoder.BadLine e) {
                fail("line " + lineNumber + " of " + journal + " (" + len + " bytes) does not decode: " + e.getMessage());
            }
            start = end;
            lineNumber++;
        }
        List<String> others = new ArrayList<>();
        try (Stream<Path> files = Files.list(journal.getParent())) {
            files.filter(p -> !p.equals(journal))
                    .forEach(p -> others.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(List.of(), others, "files left beside " + journal);
        return lines;
    }

    private static boolean contains(byte[] b, int off, int len, byte[] needle) {
        outer:
        for (int i = off; i + needle.length <= off + len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Asserts that this process holds a POSIX lock on the file {@code journal} names now, as
     * {@code /proc/locks} lists it (where there is none, nothing is checked): any descriptor of
     * the journal that the library opened and closed would have dropped it.
     */
    static void assertLockedByThisProcess(Path journal) {
        Path locks = Path.of("/proc/locks");
        if (!Files.isReadable(locks)) {
            return;
        }
        try {
            long inode = ((Number) Files.getAttribute(journal, "unix:ino")).longValue();
            String pid = Long.toString(ProcessHandle.current().pid());
            for (String line : Files.readAllLines(locks)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[1].equals("POSIX") && f[4].equals(pid) && f[5].endsWith(":" + inode)) {
                    return;
                }
            }
            fail("journal " + journal + " (inode " + inode + ") is not locked by this process any more");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
