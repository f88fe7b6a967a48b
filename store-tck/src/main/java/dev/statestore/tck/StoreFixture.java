package dev.statestore.tck;

import dev.statestore.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;

/**
 * The stores of the backend under test, each timed by one {@link MutableClock}, and the closing
 * of every one of them when the test ends. One fixture lives for one test (or one property example).
 * Not thread-safe; the kit uses it from the test thread only.
 */
final class StoreFixture {

    /** The hooks a backend supplies; the abstract kit classes adapt their protected methods. */
    interface Backend {
        StateStore newStore(Clock clock);

        boolean persistent();

        StateStore reopen(Clock clock);

        /** Returns a store opened with {@code history=<n>}; throws UnsupportedOperationException if none. */
        StateStore newStoreWithHistory(Clock clock, int n);
    }

    private final Backend backend;
    private final MutableClock clock;
    private final List<StateStore> opened = new ArrayList<>();

    StoreFixture(Backend backend) {
        this(backend, new MutableClock());
    }

    StoreFixture(Backend backend, MutableClock clock) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    MutableClock clock() {
        return clock;
    }

    boolean persistent() {
        return backend.persistent();
    }

    /** Returns a new store from the backend and checks that it is empty, as the contract demands. */
    StateStore open() {
        StateStore store = backend.newStore(clock);
        if (store == null) {
            throw new IllegalStateException("newStore(clock) returned null: it must return a new, open store");
        }
        opened.add(store);
        if (!store.keys().isEmpty() || store.transitionCount() != 0) {
            throw new IllegalStateException("newStore(clock) returned a store holding " + store.keys().size()
                    + " keys and " + store.transitionCount() + " transitions: it must return an empty store in a"
                    + " fresh place on every call (the kit calls it several times per test, e.g. a new file in"
                    + " a @TempDir for each call)");
        }
        return store;
    }

    /**
     * Returns a new store of the backend opened with {@code history=<n>}, checked to be empty; the
     * calling rule is aborted (reported as skipped, with the reason) when the backend does not
     * override {@code newStoreWithHistory}.
     */
    StateStore openWithHistory(int n) {
        StateStore store;
        try {
            store = backend.newStoreWithHistory(clock, n);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("the backend does not override newStoreWithHistory(Clock, int), so the kit cannot open"
                    + " a store with history=" + n + ": " + e.getMessage());
            throw e;
        }
        if (store == null) {
            throw new IllegalStateException("newStoreWithHistory(clock, " + n + ") returned null: it must return a"
                    + " new, open store with history=" + n + ", or throw UnsupportedOperationException");
        }
        opened.add(store);
        if (!store.keys().isEmpty() || store.transitionCount() != 0) {
            throw new IllegalStateException("newStoreWithHistory(clock, " + n + ") returned a store that is not"
                    + " empty: it must return an empty store in a fresh place on every call");
        }
        return store;
    }

    /** Returns the backend's store re-opened at the place of the latest {@link #open()}. */
    StateStore reopen() {
        Assumptions.assumeTrue(backend.persistent(), "the backend is not persistent");
        StateStore store = backend.reopen(clock);
        if (store == null) {
            throw new IllegalStateException("reopen(clock) returned null: it must return the re-opened store");
        }
        opened.add(store);
        return store;
    }

    /** Closes {@code store} and returns it re-opened. */
    StateStore closeAndReopen(StateStore store) {
        store.close();
        return reopen();
    }

    /** Closes every store this fixture opened; close is idempotent, so closed ones do no harm. */
    void closeAll() {
        RuntimeException failure = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
