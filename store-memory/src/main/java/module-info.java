/**
 * The in-memory engine of statestore, {@link dev.statestore.memory.InMemoryStateStore}, and the
 * provider of {@code statestore:memory:}. Durable backends attach a
 * {@link dev.statestore.spi.Journal} to the same engine.
 */
module dev.statestore.memory {
    requires transitive dev.statestore;

    exports dev.statestore.memory;

    provides dev.statestore.spi.StateStoreProvider with dev.statestore.memory.MemoryStateStoreProvider;
}
