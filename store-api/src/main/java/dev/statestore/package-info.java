/**
 * The statestore API: a thread-safe key to JSON store in which every write is recorded as a
 * {@link dev.statestore.StateTransition}, for audit and replay.
 *
 * <p>{@link dev.statestore.StateStores} opens a store by URL ({@code statestore:memory:},
 * {@code statestore:jsonl:<path>}, …), finding the backend at run time through
 * {@link java.util.ServiceLoader}. {@link dev.statestore.StateStore} reads and writes it,
 * {@link dev.statestore.ScopedStateView} is one tenant's part of it, and
 * {@link dev.statestore.StateView} is the read side alone. Values are Jackson 3
 * {@code JsonNode}s; failures of the environment are {@link dev.statestore.StateStoreException}s.
 */
package dev.statestore;
