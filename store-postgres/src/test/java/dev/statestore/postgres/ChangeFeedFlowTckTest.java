package dev.statestore.postgres;

import dev.statestore.StateTransition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterMethod;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Runs the Reactive Streams TCK's publisher rules (through {@code FlowPublisherVerification})
 * against the PostgreSQL change feed: {@code changes(0)} of a store of its own that holds the
 * elements asked for (at most {@value #MOST_WRITES}).
 *
 * <p>The feed is infinite: it completes only when its store closes, so it reports
 * {@link #maxElementsFromPublisher()} as unable to signal completion and the TCK skips the rules
 * that need a finite stream. An empty stream is a closed store's feed, which completes at once. The
 * failed publisher is a feed whose start the {@code history=1} option dropped:
 * {@code onError(HistoryCompactedException)} after {@code onSubscribe}.
 *
 * <p>TestNG runs this class on the JUnit Platform (testng-engine) beside the Jupiter tests.
 */
public class ChangeFeedFlowTckTest extends FlowPublisherVerification<StateTransition> {

    /** The most transitions a test's store gets: no TCK rule consumes more than a few. */
    private static final long MOST_WRITES = 128;

    private final List<PostgresStateStore> stores = new ArrayList<>();

    public ChangeFeedFlowTckTest() {
        super(new TestEnvironment(2000, 300));
    }

    private PostgresStateStore storeWith(long writes, String history) {
        PostgresStateStoreBuilder b = PostgresStateStore.builder(TestDatabase.location())
                .options(TestDatabase.options(TestDatabase.newStoreName("flow"))).clock(Clock.systemUTC());
        if (history != null) {
            b.options(Map.of("history", history));
        }
        PostgresStateStore store = b.open();
        synchronized (stores) {
            stores.add(store);
        }
        for (long i = 0; i < writes; i++) {
            store.set("k" + (i % 16), JsonNodeFactory.instance.numberNode(i), "tck");
        }
        return store;
    }

    @Override
    public Flow.Publisher<StateTransition> createFlowPublisher(long elements) {
        PostgresStateStore store = storeWith(Math.min(elements, MOST_WRITES), null);
        Flow.Publisher<StateTransition> feed = store.changes(0);
        if (elements == 0) {
            store.close();
        }
        return feed;
    }

    @Override
    public Flow.Publisher<StateTransition> createFailedFlowPublisher() {
        return storeWith(3, "1").changes(0);
    }

    @Override
    public long maxElementsFromPublisher() {
        return publisherUnableToSignalOnComplete();
    }

    @AfterMethod
    public void closeStores() {
        synchronized (stores) {
            stores.forEach(PostgresStateStore::close);
            stores.clear();
        }
    }
}
