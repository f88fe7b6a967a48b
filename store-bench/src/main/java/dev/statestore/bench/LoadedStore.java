package dev.statestore.bench;

import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.JsonNode;

/**
 * The JMH state the store workloads share: a {@link Subject} loaded with {@code keys} keys of
 * {@code valueBytes}-byte JSON objects ({@link Values}) through a {@link Fixture}, and the random
 * keys and values the measured calls draw. Subclasses are the {@code @State} classes of the
 * workloads; each declares the {@code subject} parameter with the subjects its workload runs on.
 *
 * <p>The loaded store is opened afresh before every iteration when {@link #freshEachIteration()}
 * says so (writes: each iteration starts from the same state), else once per trial (reads).
 * Not thread-safe to set up; the measured calls only read its fields.
 */
@State(Scope.Benchmark)
public abstract class LoadedStore {

    /** The size of every value, in bytes of compact JSON. */
    @Param("64")
    public int valueBytes;

    /** How many keys the store holds; the measured calls pick among them at random. */
    @Param("100000")
    public int keys;

    String[] names;
    JsonNode[] values;
    Fixture fixture;
    BenchStore store;

    /**
     * Returns the subject this state runs on.
     *
     * @return the subject
     */
    protected abstract Subject subject();

    /**
     * Returns the TTL the loaded keys carry, {@link BenchStore#NO_TTL} for none.
     *
     * @return the TTL in seconds
     */
    protected long loadTtl() {
        return BenchStore.NO_TTL;
    }

    /**
     * Returns whether every iteration gets a fresh copy of the loaded store.
     *
     * @return {@code true} unless the workload only reads
     */
    protected boolean freshEachIteration() {
        return true;
    }

    /** Loads the store (once per trial). */
    @Setup(Level.Trial)
    public void load() {
        names = Values.keys(keys);
        values = Values.pool(valueBytes, 1024);
        long ttl = loadTtl();
        fixture = Fixture.build(subject(), getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), keys,
                i -> new BenchStore.Write(names[i], values[i & 1023], ttl));
    }

    /** Opens a fresh copy of the loaded store when the workload wants one. */
    @Setup(Level.Iteration)
    public void reset() {
        if (store == null || freshEachIteration()) {
            store = fixture.reset();
        }
    }

    /** Closes the store and deletes its files. */
    @TearDown(Level.Trial)
    public void close() {
        fixture.close();
        store = null;
    }

    /**
     * Returns a random key of the store.
     *
     * @return the key
     */
    String randomKey() {
        return names[ThreadLocalRandom.current().nextInt(names.length)];
    }

    /**
     * Returns a random value of the pool.
     *
     * @return the value, which must not be mutated
     */
    JsonNode randomValue() {
        return values[ThreadLocalRandom.current().nextInt(values.length)];
    }
}
