package dev.statestore.memory;

import dev.statestore.StateStore;
import dev.statestore.spi.StateStoreProvider;
import java.util.Map;
import java.util.Set;

/**
 * Returns in-memory stores for {@code statestore:memory:}. The URL takes no location and no
 * options; each open returns a new, empty, independent store.
 *
 * <p>Thread-safe and stateless. Found through {@link java.util.ServiceLoader}; applications use
 * {@link dev.statestore.StateStores} rather than this class.
 */
public final class MemoryStateStoreProvider implements StateStoreProvider {

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public MemoryStateStoreProvider() {
    }

    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public String artifact() {
        return "dev.statestore:store-memory";
    }

    @Override
    public Set<String> supportedOptions() {
        return Set.of();
    }

    @Override
    public StateStore open(String location, Map<String, String> options) {
        if (!location.isEmpty()) {
            throw new IllegalArgumentException("statestore:memory: takes no location, got '" + location
                    + "': every in-memory store is new and private; write statestore:memory:");
        }
        return new InMemoryStateStore();
    }
}
