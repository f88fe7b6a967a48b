/**
 * The statestore API: a key to JSON state store whose every write is recorded as a
 * {@link dev.statestore.StateTransition}. Applications use {@link dev.statestore.StateStores}
 * to open a store by URL; backends implement {@link dev.statestore.spi.StateStoreProvider}.
 */
@SuppressWarnings("module") // the qualified export names backends compiled after this module
module dev.statestore {
    requires transitive tools.jackson.databind;

    exports dev.statestore;
    exports dev.statestore.spi;
    exports dev.statestore.internal to dev.statestore.memory, dev.statestore.jsonl, dev.statestore.postgres;

    uses dev.statestore.spi.StateStoreProvider;
}
