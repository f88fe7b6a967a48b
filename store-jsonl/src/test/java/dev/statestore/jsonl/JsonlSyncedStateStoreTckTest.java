package dev.statestore.jsonl;

import dev.statestore.Durability;

/** The conformance kit against the JSONL store in {@code synced} mode. */
class JsonlSyncedStateStoreTckTest extends JsonlTckFixture {

    @Override
    Durability durability() {
        return Durability.SYNCED;
    }
}
