package dev.statestore.jsonl;

import dev.statestore.Durability;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The writer process of the crash tests: opens a journal and writes until it is killed, printing
 * {@code ACK <thread> <index>} on stdout after each write returns. Thread {@code t} writes
 * indices {@code i = m, m+1, …} (continuing after the {@code m} writes a previous life got into
 * the journal) to key {@code t<t>-<i mod slots>} with value {@code {"t":t,"i":i,…}}, so the state
 * after a crash must be that of a prefix of each thread's sequence. In {@code compact} mode thread
 * 0 also compacts the journal every 50 writes once every slot is written, printing
 * {@code COMPACT <n>} before each; {@code layout} mode does the same with tiny segments, a
 * checkpoint every 100 lines and {@code history=1000}, so the background thread seals, checkpoints
 * and removes segments all the time. A buffered writer flushes every {@value #FLUSH_MILLIS} ms.
 *
 * <p>Arguments: journal path, durability, threads, slots, mode ({@code writes}, {@code compact} or
 * {@code layout}).
 */
public final class WriterMain {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String PAD = "p".repeat(48);
    /** The flush interval of a buffered writer. */
    static final int FLUSH_MILLIS = 200;
    /** In {@code layout} mode: the active file is sealed at this size, */
    static final int LAYOUT_SEGMENT_BYTES = 8192;
    /** checkpointed every this many lines, */
    static final int LAYOUT_CHECKPOINT_LINES = 100;
    /** and keeps at least this much history. */
    static final int LAYOUT_HISTORY = 1000;

    private WriterMain() {
    }

    /**
     * Writes until killed.
     *
     * @param args path, durability, threads, slots, mode
     * @throws Exception if the store fails
     */
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        Durability durability = Durability.parse(args[1]);
        int threads = Integer.parseInt(args[2]);
        int slots = Integer.parseInt(args[3]);
        boolean compact = args[4].equals("compact") || args[4].equals("layout");
        boolean layout = args[4].equals("layout");
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        JsonlStateStore.Builder builder = JsonlStateStore.builder(path).durability(durability)
                .flushInterval(Duration.ofMillis(FLUSH_MILLIS));
        if (layout) {
            // Seal, checkpoint and remove segments all the time, so that kills land in the middle of them.
            builder.segmentBytes(LAYOUT_SEGMENT_BYTES).checkpointLines(LAYOUT_CHECKPOINT_LINES)
                    .history(Integer.toString(LAYOUT_HISTORY));
        }
        JsonlStateStore store = builder.open();
        long[] next = new long[threads];
        for (JsonNode v : store.snapshot().values()) {
            int t = v.get("t").intValue();
            next[t] = Math.max(next[t], v.get("i").longValue() + 1);
        }
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                for (long i = next[id]; ; i++) {
                    store.set("t" + id + "-" + (i % slots), value(id, i), "writer-" + id);
                    synchronized (out) {
                        out.println("ACK " + id + " " + i);
                        out.flush();
                    }
                    if (layout && i % 10 == 9) {
                        try {
                            Thread.sleep(1); // let the background thread keep up, as it does at a service's pace
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (compact && id == 0 && i % 50 == 49 && i >= slots) {
                        synchronized (out) {
                            out.println("COMPACT " + i);
                            out.flush();
                        }
                        store.compact();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    static JsonNode value(int thread, long index) {
        ObjectNode o = NODES.objectNode();
        o.put("t", thread);
        o.put("i", Math.toIntExact(index)); // the journal reads small integers back as IntNode
        o.put("pad", PAD);
        return o;
    }
}
