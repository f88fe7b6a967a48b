package dev.statestore.bench;

import dev.statestore.Durability;
import dev.statestore.StateStore;
import dev.statestore.StateStores;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Returns the backends the benchmarks run against, each as a {@code statestore:} URL template.
 * A benchmark takes one as a JMH {@code @Param} and opens its store through
 * {@link StateStores#open(String)}, so the benchmarks compile against the API alone and measure
 * exactly what an application that opens a store by URL gets.
 *
 * <p>Journaled types write {@value #JOURNAL_FILE} in a directory the caller provides (and
 * deletes); the in-memory type ignores the directory.
 *
 * <p>Thread-safe (an enum). Opening is the caller's: it closes the store it gets.
 */
public enum StoreType {
    /** {@code statestore:memory:}: the engine without a journal. */
    MEMORY("statestore:memory:", null),
    /** {@code statestore:jsonl:<file>?durability=buffered}. */
    JSONL_BUFFERED("statestore:jsonl:{file}?durability=buffered", Durability.BUFFERED),
    /** {@code statestore:jsonl:<file>?durability=flushed}, the default mode. */
    JSONL_FLUSHED("statestore:jsonl:{file}?durability=flushed", Durability.FLUSHED),
    /** {@code statestore:jsonl:<file>?durability=synced}: group-committed fsyncs. */
    JSONL_SYNCED("statestore:jsonl:{file}?durability=synced", Durability.SYNCED);

    /** The journal file name inside the directory given to {@link #open(Path)}. */
    public static final String JOURNAL_FILE = "state.jsonl";

    private final String template;
    private final Durability durability;

    StoreType(String template, Durability durability) {
        this.template = template;
        this.durability = durability;
    }

    /**
     * Returns the URL of a store of this type whose journal, if any, lives in {@code dir}.
     *
     * @param dir the directory of the journal file; ignored, and may be {@code null}, for
     *     {@link #MEMORY}
     * @return the URL
     */
    public String url(Path dir) {
        if (!journaled()) {
            return template;
        }
        Objects.requireNonNull(dir, () -> "a " + this + " store needs a directory for its journal");
        return template.replace("{file}", journalFile(dir).toAbsolutePath().toString());
    }

    /**
     * Returns a newly opened store of this type with its journal, if any, in {@code dir}.
     *
     * @param dir the directory of the journal file, where an existing journal is replayed;
     *     ignored, and may be {@code null}, for {@link #MEMORY}
     * @return the store, which the caller closes
     */
    public StateStore open(Path dir) {
        return StateStores.open(url(dir));
    }

    /**
     * Returns the journal file a store of this type keeps in {@code dir}.
     *
     * @param dir the directory
     * @return {@code dir/state.jsonl}
     */
    public static Path journalFile(Path dir) {
        return dir.resolve(JOURNAL_FILE);
    }

    /**
     * Returns whether stores of this type write a journal.
     *
     * @return {@code true} for the JSONL types
     */
    public boolean journaled() {
        return durability != null;
    }

    /**
     * Returns the durability mode of a journaled type, empty for {@link #MEMORY}.
     *
     * @return the mode
     */
    public Optional<Durability> durability() {
        return Optional.ofNullable(durability);
    }

    /**
     * Returns the URL scheme this type needs on the class path.
     *
     * @return {@code memory} or {@code jsonl}
     */
    public String scheme() {
        return journaled() ? "jsonl" : "memory";
    }
}
