package dev.statestore.jsonl;

import dev.statestore.Durability;

/** The conformance kit against the JSONL store in {@code buffered} mode. */
class JsonlBufferedStateStoreTckTest extends JsonlTckFixture {

    @Override
    Durability durability() {
        return Durability.BUFFERED;
    }
}
