/**
 * The in-memory engine of statestore, {@link dev.statestore.memory.InMemoryStateStore}, and the
 * provider of {@code statestore:memory:}.
 *
 * <p>Durable backends attach a {@link dev.statestore.spi.Journal} to the same engine; the engine
 * knows nothing about files.
 */
package dev.statestore.memory;
