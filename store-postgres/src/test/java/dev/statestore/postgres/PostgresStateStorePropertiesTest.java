package dev.statestore.postgres;

import dev.statestore.StateStore;
import dev.statestore.tck.StateStorePropertiesTck;
import java.time.Clock;

/**
 * The kit's property tests on PostgreSQL, with fewer examples than the in-memory engine runs: each
 * step of each example is a few round trips to the server ({@code -DQT_EXAMPLES} runs more).
 */
class PostgresStateStorePropertiesTest extends StateStorePropertiesTck {

    private String store;

    @Override
    protected StateStore newStore(Clock clock) {
        store = TestDatabase.newStoreName("prop");
        return TestDatabase.open(store, clock);
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected StateStore reopen(Clock clock) {
        return TestDatabase.open(store, clock);
    }

    @Override
    protected int examples() {
        return 5;
    }
}
