package dev.statestore.postgres;

import dev.statestore.StateStore;
import dev.statestore.spi.StateStoreProvider;
import java.util.Map;
import java.util.Set;

/**
 * The provider of PostgreSQL stores for
 * {@code statestore:postgresql://host[:port]/database[?user=…&password=…&store=…&schema=…]}; the
 * options are those of {@link PostgresStateStoreBuilder#options(Map)}.
 *
 * <p>Thread-safe and stateless. Found through {@link java.util.ServiceLoader}; applications use
 * {@link dev.statestore.StateStores} rather than this class. The caller closes the stores.
 */
public final class PostgresStateStoreProvider implements StateStoreProvider {

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public PostgresStateStoreProvider() {
    }

    @Override
    public String scheme() {
        return "postgresql";
    }

    @Override
    public String artifact() {
        return "dev.statestore:store-postgres";
    }

    @Override
    public Set<String> supportedOptions() {
        return PostgresStateStoreBuilder.OPTIONS;
    }

    @Override
    public StateStore open(String location, Map<String, String> options) {
        return PostgresStateStore.builder(location).options(options).open();
    }
}
