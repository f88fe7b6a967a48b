package dev.statestore.bench.peers;

import dev.statestore.bench.BenchFiles;
import dev.statestore.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Returns the store of a benchmark trial: a preloaded template directory built once, and a
 * working copy of it that {@link #reset()} replaces with a fresh copy (for instance before every
 * iteration, so that each one starts from the same state and this project's store, which keeps
 * every transition in memory, does not grow across the trial). Both directories are temporary
 * and deleted by {@link #close()}.
 *
 * <p>The template is loaded through each store's fastest loading path ({@link PeerStore#load}
 * in batches of 10,000) and closed cleanly. This project's store has no batch write, so it is
 * loaded in {@code BUFFERED} mode; the journal is the same whatever mode wrote it, and the
 * working copy is opened in the requested mode.
 *
 * <p>Not thread-safe to reset or close; the store itself is.
 */
final class Fixture implements AutoCloseable {

    private static final int BATCH = 10_000;

    private final PeerKind kind;
    private final Durability durability;
    private final String purpose;
    private final Path template;
    private Path dir;
    private PeerStore store;

    private Fixture(PeerKind kind, Durability durability, String purpose, Path template) {
        this.kind = kind;
        this.durability = durability;
        this.purpose = purpose;
        this.template = template;
    }

    /**
     * Returns a fixture whose template holds the {@code count} writes made by {@code write};
     * call {@link #reset()} to open a working copy.
     */
    static Fixture build(PeerKind kind, Durability durability, String purpose, int count,
            IntFunction<PeerStore.Write> write) {
        Path template = BenchFiles.newDirectory("statestore-peers-" + purpose + "-template-");
        try {
            if (count > 0) {
                try (PeerStore loader = kind.open(template, kind.isOurs() ? Durability.BUFFERED : Durability.FLUSHED)) {
                    load(loader, count, write);
                }
            }
            return new Fixture(kind, durability, purpose, template);
        } catch (RuntimeException e) {
            BenchFiles.deleteTree(template);
            throw e;
        }
    }

    /** Applies {@code count} writes made by {@code write} to {@code store}, in batches. */
    static void load(PeerStore store, int count, IntFunction<PeerStore.Write> write) {
        List<PeerStore.Write> batch = new ArrayList<>(Math.min(count, BATCH));
        for (int i = 0; i < count; i++) {
            batch.add(write.apply(i));
            if (batch.size() == BATCH) {
                store.load(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.load(batch);
        }
    }

    /**
     * Closes the working copy if one is open, deletes it, and opens a fresh copy of the template.
     *
     * @return the newly opened store
     */
    PeerStore reset() {
        closeWorkingCopy();
        dir = BenchFiles.newDirectory("statestore-peers-" + purpose + "-");
        BenchFiles.copyFiles(template, dir);
        store = kind.open(dir, durability);
        return store;
    }

    /** Returns the open working copy. */
    PeerStore store() {
        if (store == null) {
            throw new IllegalStateException("no working copy of the " + kind + " store: call reset() first");
        }
        return store;
    }

    private void closeWorkingCopy() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            store = null;
            BenchFiles.deleteTree(dir);
            dir = null;
        }
    }

    /** Closes the working copy and deletes it and the template. */
    @Override
    public void close() {
        try {
            closeWorkingCopy();
        } finally {
            BenchFiles.deleteTree(template);
        }
    }
}
