/**
 * The service provider interface of statestore: what a backend implements.
 *
 * <p>A backend supplies a {@link dev.statestore.spi.StateStoreProvider} for its URL scheme,
 * registered both with {@code provides} in its {@code module-info} and in
 * {@code META-INF/services}. A durable backend may instead attach a
 * {@link dev.statestore.spi.Journal} to the in-memory engine of {@code store-memory}.
 * Applications need nothing from this package.
 */
package dev.statestore.spi;
