package dev.statestore.jsonl;

import dev.statestore.Durability;

/** The conformance kit against the JSONL store in {@code flushed} mode, the default. */
class JsonlStateStoreTckTest extends JsonlTckFixture {

    @Override
    Durability durability() {
        return Durability.FLUSHED;
    }
}
