package dev.statestore.memory;

import dev.statestore.StateStore;
import dev.statestore.tck.StateStorePropertiesTck;
import java.time.Clock;

/** Runs the conformance kit's property tests against the in-memory engine. */
class InMemoryStateStorePropertiesTest extends StateStorePropertiesTck {

    @Override
    protected StateStore newStore(Clock clock) {
        return InMemoryStateStore.builder().clock(clock).build();
    }
}
