package dev.statestore;

import dev.statestore.internal.ProviderRegistry;
import dev.statestore.internal.StoreUrl;
import dev.statestore.spi.StateStoreProvider;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The entry point that opens stores by URL, finding the backend at run time the way
 * {@code java.sql.DriverManager} finds a JDBC driver.
 *
 * <p>URLs have the form {@code statestore:<scheme>:<location>[?key=value&…]}, for example
 * {@code statestore:memory:} or {@code statestore:jsonl:/var/lib/app/state.jsonl?durability=synced}.
 * Query options and the {@code options} map are the same thing; a key given in both must have
 * the same value. Providers are found with {@link java.util.ServiceLoader} once per class loader
 * and cached; a provider that fails to load is reported in the error for its scheme without
 * hiding the others.
 *
 * <p>Thread-safe. It does not close the stores it opens: the caller does.
 */
public final class StateStores {

    private StateStores() {
    }

    /**
     * Returns a newly opened store for {@code url}.
     *
     * @param url {@code statestore:<scheme>:<location>[?options]}
     * @return the store, which the caller closes
     * @throws IllegalArgumentException if the URL is malformed or names an unsupported option
     * @throws StateStoreException if no provider serves the scheme, two do, or the open fails
     */
    public static StateStore open(String url) {
        return open(url, Map.of());
    }

    /**
     * Returns a newly opened store for {@code url} with extra options.
     *
     * @param url {@code statestore:<scheme>:<location>[?options]}
     * @param options more options, merged with those of the URL
     * @return the store, which the caller closes
     * @throws IllegalArgumentException if the URL is malformed or names an unsupported option
     * @throws StateStoreException if no provider serves the scheme, two do, or the open fails
     */
    public static StateStore open(String url, Map<String, String> options) {
        return open(url, options, defaultLoader());
    }

    /**
     * Returns a newly opened store for {@code url}, looking for providers in {@code loader}.
     *
     * @param url {@code statestore:<scheme>:<location>[?options]}
     * @param options more options, merged with those of the URL
     * @param loader where to look for providers
     * @return the store, which the caller closes
     * @throws IllegalArgumentException if the URL is malformed or names an unsupported option
     * @throws StateStoreException if no provider serves the scheme, two do, or the open fails
     */
    public static StateStore open(String url, Map<String, String> options, ClassLoader loader) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(loader, "loader");
        StoreUrl parsed = StoreUrl.parse(url, options);
        StateStoreProvider provider = ProviderRegistry.forLoader(loader).provider(parsed.scheme());
        Set<String> supported = provider.supportedOptions();
        for (String key : parsed.options().keySet()) {
            if (!supported.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for scheme '"
                        + parsed.scheme() + "'; supported options: "
                        + (supported.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(supported))));
            }
        }
        return provider.open(parsed.location(), parsed.options());
    }

    /**
     * Returns the schemes served by the providers visible to this class's loader, sorted.
     *
     * @return the schemes
     */
    public static Set<String> schemes() {
        return schemes(defaultLoader());
    }

    /**
     * Returns the schemes served by the providers visible to {@code loader}, sorted.
     *
     * @param loader where to look for providers
     * @return the schemes
     */
    public static Set<String> schemes(ClassLoader loader) {
        return ProviderRegistry.forLoader(Objects.requireNonNull(loader, "loader")).schemes();
    }

    private static ClassLoader defaultLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : StateStores.class.getClassLoader();
    }
}
