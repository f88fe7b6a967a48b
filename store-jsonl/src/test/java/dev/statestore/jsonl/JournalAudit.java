package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.LayoutFiles;
import dev.statestore.jsonl.internal.LineDecoder;
import dev.statestore.jsonl.internal.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A byte-level audit of a journal's directory after a run: the journal and every segment and
 * checkpoint of its layout hold no NUL byte, end on a line boundary, and every line is one of ours
 * that decodes with a valid checksum; the manifest is intact and names an existing checkpoint;
 * beside them there is nothing (no lock file, no temp file, no torn tail: nothing crashed).
 */
final class JournalAudit {

    private static final byte[] CRC_FIELD = ",\"crc32c\":\"".getBytes(StandardCharsets.US_ASCII);

    private JournalAudit() {
    }

    /**
     * Audits {@code journal}, every file of its layout and its siblings; returns the transitions of
     * the active file as decoded from the bytes.
     */
    static List<StateTransition> assertSound(Path journal) {
        List<StateTransition> lines = assertLines(journal);
        LayoutFiles layout = new LayoutFiles(journal);
        List<String> others = new ArrayList<>();
        try (Stream<Path> files = Files.list(journal.getParent())) {
            files.filter(p -> !p.equals(journal) && !p.equals(layout.directory()))
                    .forEach(p -> others.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(List.of(), others, "files left beside " + journal);
        if (!layout.hasDirectory()) {
            return lines;
        }
        try (Stream<Path> files = Files.list(layout.directory())) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (p.equals(layout.manifest())) {
                    try {
                        Manifest m = Manifest.read(p);
                        assertTrue(Files.exists(layout.directory().resolve(m.checkpoint())),
                                "the manifest names a missing checkpoint: " + m);
                        assertEquals(null, m.cut(), "a cut left in the manifest");
                    } catch (Manifest.Damaged e) {
                        fail("manifest " + p + ": " + e.getMessage());
                    }
                } else if (layout.checkpointOf(name) != null) {
                    for (StateTransition t : assertLines(p)) {
                        assertTrue(t.revision() >= 0 && !t.isDelete(), "checkpoint " + p + " holds " + t);
                    }
                } else if (layout.segmentFirst(name) >= 0) {
                    assertLines(p);
                } else {
                    fail("file " + p + " is not one of the layout's (a temp file left behind?)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** Checks one file byte by byte; returns its transitions. */
    static List<StateTransition> assertLines(Path file) {
        byte[] bytes = Journals.bytes(file);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                fail("file " + file + " holds a NUL byte at offset " + i + " of " + bytes.length);
            }
        }
        assertTrue(bytes.length == 0 || bytes[bytes.length - 1] == '\n',
                "file " + file + " does not end on a line boundary");
        List<StateTransition> lines = new ArrayList<>();
        int start = 0;
        int lineNumber = 1;
        for (int end : Journals.lineEnds(bytes)) {
            int len = end - 1 - start;
            assertTrue(contains(bytes, start, len, CRC_FIELD), "line " + lineNumber + " of " + file + " has no checksum");
            try {
                lines.add(LineDecoder.decode(bytes, start, len));
            } catch (LineDecoder.BadLine e) {
                fail("line " + lineNumber + " of " + file + " (" + len + " bytes) does not decode: " + e.getMessage());
            }
            start = end;
            lineNumber++;
        }
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
