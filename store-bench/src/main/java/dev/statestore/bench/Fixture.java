package dev.statestore.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The store of one benchmark trial: a subject loaded with a workload's data once, and a working
 * copy that {@link #reset()} replaces with a fresh one (before every iteration, say, so that each
 * starts from the same state and this project's store, which keeps its history, does not grow
 * across the trial). How a copy is made depends on {@link Subject#storage()}:
 * <ul>
 *   <li>{@code FILES}: the template directory is loaded once; a copy is a copy of its files.
 *       This project's JSONL store has no batch write and is loaded {@code BUFFERED} (the journal
 *       lines are the same in every mode); every other store at its own level.
 *   <li>{@code HEAP}: nothing outlives a store, so a copy is a new store loaded again.
 *   <li>{@code SERVER}: the store is loaded once and every "copy" reopens that same store, so
 *       its state carries over between iterations.
 * </ul>
 * Loading goes through {@link BenchStore#load} in batches of 10,000. Temporary directories are
 * deleted by {@link #close()}.
 *
 * <p>Not thread-safe to reset or close; the store itself is.
 */
public final class Fixture implements AutoCloseable {

    private static final int BATCH = 10_000;

    private final Subject subject;
    private final String purpose;
    private final Path template;
    private final int count;
    private final IntFunction<BenchStore.Write> write;
    private Path dir;
    private BenchStore store;

    private Fixture(Subject subject, String purpose, Path template, int count, IntFunction<BenchStore.Write> write) {
        this.subject = subject;
        this.purpose = purpose;
        this.template = template;
        this.count = count;
        this.write = write;
    }

    /**
     * Returns a fixture whose store holds the {@code count} writes made by {@code write}; call
     * {@link #reset()} to open a working copy.
     *
     * @param subject the store
     * @param purpose a word for the directory names, such as {@code write}
     * @param count the writes to load
     * @param write makes write number {@code i}
     * @return the fixture, which the caller closes
     */
    public static Fixture build(Subject subject, String purpose, int count, IntFunction<BenchStore.Write> write) {
        Path template = BenchFiles.newDirectory(purpose + "-template-");
        try {
            if (subject.storage() != Subject.Storage.HEAP && count > 0) {
                Subject loader = subject == Subject.JSONL_FLUSHED || subject == Subject.JSONL_SYNCED
                        ? Subject.JSONL_BUFFERED : subject;
                try (BenchStore s = loader.open(template)) {
                    load(s, count, write);
                }
            }
            return new Fixture(subject, purpose, template, count, write);
        } catch (RuntimeException e) {
            BenchFiles.deleteTree(template);
            throw e;
        }
    }

    /**
     * Applies {@code count} writes made by {@code write} to {@code store}, in batches.
     *
     * @param store the store
     * @param count the writes
     * @param write makes write number {@code i}
     */
    public static void load(BenchStore store, int count, IntFunction<BenchStore.Write> write) {
        List<BenchStore.Write> batch = new ArrayList<>(Math.min(count, BATCH));
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
     * Closes the working copy if one is open, deletes it, and opens a fresh copy.
     *
     * @return the newly opened store
     */
    public BenchStore reset() {
        closeWorkingCopy();
        switch (subject.storage()) {
            case FILES -> {
                dir = BenchFiles.newDirectory(purpose + "-");
                BenchFiles.copyFiles(template, dir);
                store = subject.open(dir);
            }
            case HEAP -> {
                dir = BenchFiles.newDirectory(purpose + "-");
                store = subject.open(dir);
                load(store, count, write);
            }
            case SERVER -> store = subject.open(template);
        }
        return store;
    }

    /**
     * Returns the open working copy.
     *
     * @return the store
     * @throws IllegalStateException before the first {@link #reset()}
     */
    public BenchStore store() {
        if (store == null) {
            throw new IllegalStateException("no working copy of the " + subject + " store: call reset() first");
        }
        return store;
    }

    /**
     * Returns the directory of the working copy, where a {@code FILES} subject keeps its files.
     *
     * @return the directory; the template's before the first {@link #reset()}
     */
    public Path directory() {
        return dir == null ? template : dir;
    }

    /**
     * Returns the size of the loaded files every copy starts from (0 unless {@code FILES}).
     *
     * @return bytes
     */
    public long loadedBytes() {
        return subject.storage() == Subject.Storage.FILES ? BenchFiles.directorySize(template) : 0;
    }

    /**
     * Closes the working copy, keeping its files until the next {@link #reset()} or
     * {@link #close()}, so that their size can be read.
     */
    public void closeStore() {
        if (store != null) {
            try {
                store.close();
            } finally {
                store = null;
            }
        }
    }

    private void closeWorkingCopy() {
        try {
            closeStore();
        } finally {
            if (dir != null) {
                BenchFiles.deleteTree(dir);
                dir = null;
            }
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
