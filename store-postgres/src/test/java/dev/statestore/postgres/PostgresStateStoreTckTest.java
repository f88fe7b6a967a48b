package dev.statestore.postgres;

import dev.statestore.StateStore;
import dev.statestore.tck.StateStoreTck;
import java.time.Clock;

/** The conformance kit on PostgreSQL; reopening is a new connection pool on the same store. */
class PostgresStateStoreTckTest extends StateStoreTck {

    private String store;

    @Override
    protected StateStore newStore(Clock clock) {
        store = TestDatabase.newStoreName("tck");
        return TestDatabase.open(store, clock);
    }

    @Override
    protected StateStore newStoreWithHistory(Clock clock, int n) {
        store = TestDatabase.newStoreName("tck");
        return PostgresStateStore.builder(TestDatabase.location()).options(TestDatabase.options(store))
                .history(Integer.toString(n)).clock(clock).open();
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected StateStore reopen(Clock clock) {
        return TestDatabase.open(store, clock);
    }
}
