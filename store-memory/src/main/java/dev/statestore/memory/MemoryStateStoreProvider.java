package dev.statestore.memory;

import dev.statestore.StateStore;
import dev.statestore.internal.HistoryPolicy;
import dev.statestore.spi.StateStoreProvider;
import java.util.Map;
import java.util.Set;

/**
 * The provider of in-memory stores for {@code statestore:memory:}. The URL takes no location;
 * its options are {@code history} ({@code all}, a count, or an ISO-8601 duration: how much
 * history to keep on the heap) and {@code reap-interval} (an ISO-8601 duration: reap expired keys
 * in the background). Each open returns a new, empty, independent store.
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
        // memory-history is listed so that it reaches open(), which says why it does not apply.
        return Set.of(HistoryPolicy.OPTION, HistoryPolicy.REAP_INTERVAL_OPTION, HistoryPolicy.MEMORY_OPTION);
    }

    @Override
    public StateStore open(String location, Map<String, String> options) {
        if (!location.isEmpty()) {
            throw new IllegalArgumentException("statestore:memory: takes no location, got '" + location
                    + "': every in-memory store is new and private; write statestore:memory:");
        }
        if (options.containsKey(HistoryPolicy.MEMORY_OPTION)) {
            throw new IllegalArgumentException("option memory-history does not apply to statestore:memory:, which"
                    + " has no storage to read older history back from: bound its history with history=<n> or"
                    + " history=<duration> instead");
        }
        InMemoryStateStore.Builder builder = InMemoryStateStore.builder();
        String history = options.get(HistoryPolicy.OPTION);
        if (history != null) {
            builder.history(history);
        }
        HistoryPolicy.reapInterval(options).ifPresent(builder::reapInterval);
        return builder.build();
    }
}
