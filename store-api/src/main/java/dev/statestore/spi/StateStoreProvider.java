package dev.statestore.spi;

import dev.statestore.StateStore;
import java.util.Map;
import java.util.Set;

/**
 * A backend's factory of stores for {@link dev.statestore.StateStores}, which finds providers
 * with {@link java.util.ServiceLoader} and picks one by the URL scheme, as
 * {@code java.sql.DriverManager} picks a driver. A backend registers its provider both with
 * {@code provides dev.statestore.spi.StateStoreProvider with …} in its {@code module-info} and in
 * {@code META-INF/services/dev.statestore.spi.StateStoreProvider}.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use and cheap to construct; they
 * are created once per class loader and cached. A provider owns nothing: the caller of
 * {@link #open} closes the store it returns.
 */
public interface StateStoreProvider {

    /**
     * Returns the URL scheme this provider serves, such as {@code "memory"} for
     * {@code statestore:memory:}. Lower case, no {@code ':'}.
     *
     * @return the scheme
     */
    String scheme();

    /**
     * Returns the Maven coordinates of the artifact that holds this provider, for messages.
     *
     * @return {@code groupId:artifactId}
     */
    String artifact();

    /**
     * Returns the option names this provider accepts, in the URL query or the options map.
     * {@code StateStores} refuses any other before calling {@link #open}.
     *
     * @return the supported option names
     */
    Set<String> supportedOptions();

    /**
     * Returns a newly opened store.
     *
     * @param location the part of the URL after {@code statestore:<scheme>:} and before
     *     {@code ?}, percent-decoded; empty when the URL has none
     * @param options the options, already checked against {@link #supportedOptions()}
     * @return the open store, which the caller closes
     * @throws IllegalArgumentException if the location or an option value is malformed
     * @throws dev.statestore.StateStoreException if the environment fails the open
     */
    StateStore open(String location, Map<String, String> options);
}
