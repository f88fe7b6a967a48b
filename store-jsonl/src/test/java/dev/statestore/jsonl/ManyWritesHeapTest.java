package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's heap does not grow with the writes ever made: a child JVM ({@link ManyWritesMain})
 * with a heap of {@value #HEAP} makes {@value #WRITES} writes from {@value #THREADS} threads over
 * {@value #KEYS} keys per thread, and must exit normally ({@code -XX:+ExitOnOutOfMemoryError} turns
 * an {@code OutOfMemoryError} on any thread into exit code 3) with the count, each thread's last
 * write, the newest history and the oldest history it reports all as they must be.
 *
 * <p>{@code statestore:jsonl:} with default options keeps every transition on disk and at most
 * {@code memory-history} (10000) on the heap; {@code statestore:memory:?history=10000} keeps at
 * least the latest 10000 and drops the rest. With every transition kept on the heap
 * ({@code statestore:memory:}, whose default is {@code history=all}) the same child runs out of
 * memory. If the child runs out of memory it writes a heap dump into {@code target/}.
 */
class ManyWritesHeapTest {

    static final String HEAP = "128m";
    static final int WRITES = 3_000_000;
    static final int THREADS = 2;
    static final int KEYS = 1000;
    static final int PER_THREAD = WRITES / THREADS;
    static final long TIMEOUT_SECONDS = 600;

    @TempDir
    Path dir;

    @Test
    void jsonlWithDefaultOptionsMakesThreeMillionWritesIn128MiB() throws Exception {
        Path journal = dir.resolve("many.jsonl");
        List<String> out = runChild("statestore:jsonl:" + journal);
        checkWrites(out);
        assertEquals("HEAD 1", line(out, "HEAD"), "the whole history reads back from the journal");
        // The history is the active file and the sealed segments (a segment holds 64 MiB).
        JournalLayout layout = JournalLayout.read(journal);
        long historyBytes = Files.size(journal);
        for (Path segment : layout.segments()) {
            historyBytes += Files.size(segment);
        }
        assertTrue(historyBytes > WRITES * 50L, "every write is in the journal's history files: " + historyBytes
                + " bytes in " + layout.files());
        assertEquals(1, layout.history(0, 1).get(0).revision(), "the first write is still on disk");
    }

    @Test
    void memoryWithHistory10000MakesThreeMillionWritesIn128MiB() throws Exception {
        List<String> out = runChild("statestore:memory:?history=10000");
        checkWrites(out);
        String[] head = line(out, "HEAD").split(" ");
        assertEquals("compacted", head[1], "history before the window is gone: " + String.join(" ", head));
        long oldest = Long.parseLong(head[2]);
        assertTrue(oldest > 1 && oldest <= WRITES - 10_000 + 1,
                "the oldest retained revision keeps at least the latest 10000, was " + oldest);
    }

    /** Checks the count, each thread's last write and the newest history. */
    private static void checkWrites(List<String> out) {
        assertEquals("COUNT " + WRITES, line(out, "COUNT"));
        TreeSet<Long> lastRevisions = new TreeSet<>();
        for (int t = 0; t < THREADS; t++) {
            String[] last = line(out, "LAST " + t + " ").split(" ");
            assertEquals(ManyWritesMain.key(t, PER_THREAD - 1, KEYS), last[2], "thread " + t + "'s last key");
            assertEquals(PER_THREAD - 1, Integer.parseInt(last[3]), "thread " + t + "'s last key holds its last write");
            assertEquals(PER_THREAD / KEYS, Long.parseLong(last[5]), "thread " + t + "'s last key's version");
            lastRevisions.add(Long.parseLong(last[4]));
        }
        assertEquals(THREADS, lastRevisions.size(), "each thread's last write has its own revision: " + lastRevisions);
        assertEquals(WRITES, lastRevisions.last(), "the latest write is some thread's last one");
        assertEquals("TAIL " + (WRITES - 2) + " " + (WRITES - 1) + " " + WRITES, line(out, "TAIL"));
    }

    private static String line(List<String> out, String prefix) {
        return out.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("the child printed no line starting '" + prefix + "': " + out));
    }

    /** Runs the child on {@code url} and returns its stdout lines once it exited with code 0. */
    private List<String> runChild(String url) throws IOException, InterruptedException {
        Path stdout = dir.resolve("child.out");
        Path stderr = dir.resolve("child.err");
        Path dump = Path.of("target", "many-writes-oom.hprof").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP,
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + dump,
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ManyWritesMain.class.getName(),
                url, Integer.toString(WRITES), Integer.toString(THREADS), Integer.toString(KEYS)));
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
            throw new AssertionError(url + ": the child did not finish within " + TIMEOUT_SECONDS + " s");
        }
        List<String> out = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        System.out.printf("%s: %,d writes in a %s heap took %.1f s%n", url, WRITES, HEAP,
                (System.nanoTime() - start) / 1e9);
        assertEquals(0, child.exitValue(), () -> url + ": the child failed (exit code 3 is an OutOfMemoryError;"
                + " a heap dump is then in " + dump + "); stdout " + out + ", stderr:\n" + err);
        assertEquals("DONE", out.get(out.size() - 1), () -> url + ": stdout " + out);
        return out;
    }
}
