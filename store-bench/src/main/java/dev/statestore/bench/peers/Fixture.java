package dev.statestore.bench.peers;

import dev.statestore.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Returns one store of a benchmark trial in a temporary directory of its own, optionally
 * preloaded, and deletes the directory when closed.
 *
 * <p>Preloading uses each store's fastest loading path ({@link PeerStore#load} in batches of
 * 10,000). This project's store has no batch write, so it is loaded in {@code BUFFERED} mode,
 * closed, and reopened in the requested mode: the journal is the same whatever mode wrote it.
 *
 * <p>Not thread-safe to open or close; the store itself is.
 */
final class Fixture implements AutoCloseable {

    private static final int BATCH = 10_000;

    private final Path dir;
    private final PeerStore store;

    private Fixture(Path dir, PeerStore store) {
        this.dir = dir;
        this.store = store;
    }

    /**
     * Returns a fixture holding a newly opened {@code kind} store, after {@code count} writes made
     * by {@code write}.
     */
    static Fixture open(PeerKind kind, Durability durability, String purpose, int count, IntFunction<PeerStore.Write> write) {
        Path dir = BenchFiles.newTempDir(purpose);
        try {
            if (kind.isOurs() && durability != Durability.BUFFERED && count > 0) {
                try (PeerStore loader = kind.open(dir, Durability.BUFFERED)) {
                    load(loader, count, write);
                }
                return new Fixture(dir, kind.open(dir, durability));
            }
            PeerStore store = kind.open(dir, durability);
            try {
                load(store, count, write);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return new Fixture(dir, store);
        } catch (RuntimeException e) {
            BenchFiles.deleteRecursively(dir);
            throw e;
        }
    }

    /** Returns a fixture holding a newly opened {@code kind} store, empty. */
    static Fixture open(PeerKind kind, Durability durability, String purpose) {
        return open(kind, durability, purpose, 0, i -> null);
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

    /** Returns the store. */
    PeerStore store() {
        return store;
    }

    /** Returns the store's directory. */
    Path dir() {
        return dir;
    }

    /** Closes the store and deletes its directory. */
    @Override
    public void close() {
        try {
            store.close();
        } finally {
            BenchFiles.deleteRecursively(dir);
        }
    }
}
