package dev.statestore.memory;

import dev.statestore.StateStore;
import dev.statestore.tck.StateStoreTck;
import java.time.Clock;

/** Runs the conformance kit's contract tests against the in-memory engine. */
class InMemoryStateStoreTckTest extends StateStoreTck {

    @Override
    protected StateStore newStore(Clock clock) {
        return InMemoryStateStore.builder().clock(clock).build();
    }

    @Override
    protected StateStore newStoreWithHistory(Clock clock, int n) {
        return InMemoryStateStore.builder().clock(clock).history(Integer.toString(n)).build();
    }
}
