package dev.statestore.jsonl;

import dev.statestore.HistoryCompactedException;
import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The child process of {@link ManyWritesHeapTest}: opens a store by URL, writes to it from
 * several threads, and prints what the parent checks. Thread {@code t} makes {@code writes / threads}
 * writes, write {@code i} setting key {@code t<t>-<i mod keys>} to {@code {"t":t,"i":i}}.
 *
 * <p>Prints, once every thread is done: {@code COUNT <transitionCount>}; per thread
 * {@code LAST <t> <key> <i> <revision> <version>} from {@code getVersioned} of the key of its last
 * write; {@code TAIL <revisions>} for {@code transitionsSince(count - 3, 10)}; {@code HEAD <r>}
 * with the revision {@code transitionsSince(0, 1)} returns, or {@code HEAD compacted <oldest>} if
 * that history is gone; then {@code DONE}. Exits 1 after printing {@code FAILED <error>} if a
 * writer failed.
 *
 * <p>Arguments: store URL, total writes, threads, keys per thread.
 */
public final class ManyWritesMain {

    private ManyWritesMain() {
    }

    /**
     * Writes and reports.
     *
     * @param args URL, writes, threads, keys per thread
     * @throws Exception if the store or a writer fails
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int writes = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int keys = Integer.parseInt(args[3]);
        int perThread = writes / threads;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (StateStore store = StateStores.open(url)) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            store.set(key(id, i, keys), value(id, i), "w" + id);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "writer-" + t);
                w.start();
                writers.add(w);
            }
            for (Thread w : writers) {
                w.join();
            }
            if (failure.get() != null) {
                System.out.println("FAILED " + failure.get());
                System.out.flush();
                System.exit(1);
            }
            long count = store.transitionCount();
            System.out.println("COUNT " + count);
            for (int t = 0; t < threads; t++) {
                String key = key(t, perThread - 1, keys);
                Versioned v = store.getVersioned(key).orElseThrow();
                System.out.println("LAST " + t + " " + key + " " + v.value().get("i").intValue() + " "
                        + v.revision() + " " + v.version());
            }
            StringBuilder tail = new StringBuilder("TAIL");
            for (StateTransition s : store.transitionsSince(count - 3, 10)) {
                tail.append(' ').append(s.revision());
            }
            System.out.println(tail);
            try {
                System.out.println("HEAD " + store.transitionsSince(0, 1).get(0).revision());
            } catch (HistoryCompactedException e) {
                System.out.println("HEAD compacted " + e.oldestRetainedRevision());
            }
            System.out.println("DONE");
        }
    }

    static String key(int thread, int i, int keys) {
        return "t" + thread + "-" + (i % keys);
    }

    private static ObjectNode value(int thread, int i) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("t", thread);
        o.put("i", i);
        return o;
    }
}
