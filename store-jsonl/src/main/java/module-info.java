/**
 * The durable JSON Lines journal of statestore: {@link dev.statestore.jsonl.JsonlStateStore}
 * (the in-memory engine with a {@link dev.statestore.jsonl.JsonlJournal} attached), the
 * read-only {@link dev.statestore.jsonl.JournalReader}, and the provider of
 * {@code statestore:jsonl:<path>}.
 */
module dev.statestore.jsonl {
    requires transitive dev.statestore;
    requires dev.statestore.memory;

    exports dev.statestore.jsonl;

    provides dev.statestore.spi.StateStoreProvider with dev.statestore.jsonl.JsonlStateStoreProvider;
}
