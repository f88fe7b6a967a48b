package dev.statestore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.JsonNode;

/**
 * The shared helpers of the kit's rule groups: each {@code @Nested} group of
 * {@link StateStoreTck} extends one subclass of this class.
 */
abstract class Rules {

    /** One nanosecond: the distance between "not yet reapable" and "reapable". */
    static final Duration NANO = Duration.ofNanos(1);
    /** The action id of the delete transitions that reaping records. */
    static final String REAP = "reap_expired";

    final StoreFixture fixture;

    Rules(StoreFixture fixture) {
        this.fixture = fixture;
    }

    StateStore open() {
        return fixture.open();
    }

    /** Returns a new store opened with {@code history=<n>}; aborts the rule if the backend has no such hook. */
    StateStore openWithHistory(int n) {
        return fixture.openWithHistory(n);
    }

    /** Subscribes a new probe to {@code feed} and returns it once {@code onSubscribe} arrived. */
    static FeedProbe subscribe(Flow.Publisher<StateTransition> feed) {
        return subscribe(feed, new FeedProbe());
    }

    /** Subscribes {@code probe} to {@code feed} and returns it once {@code onSubscribe} arrived. */
    static FeedProbe subscribe(Flow.Publisher<StateTransition> feed, FeedProbe probe) {
        feed.subscribe(probe);
        probe.subscription();
        return probe;
    }

    /** Returns the revisions of {@code transitions}, in order. */
    static List<Long> revisions(List<StateTransition> transitions) {
        List<Long> out = new ArrayList<>(transitions.size());
        for (StateTransition t : transitions) {
            out.add(t.revision());
        }
        return out;
    }

    /** Returns the revisions {@code from} to {@code to}, both included. */
    static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long r = from; r <= to; r++) {
            out.add(r);
        }
        return out;
    }

    MutableClock clock() {
        return fixture.clock();
    }

    Instant now() {
        return fixture.clock().instant();
    }

    /** Returns what a caller can observe of a store without changing it. */
    record Observed(Map<String, JsonNode> snapshot, List<String> keys, List<StateTransition> transitions,
            long transitionCount) {

        static Observed of(StateStore store) {
            return new Observed(store.snapshot(), store.keys(), store.transitions(), store.transitionCount());
        }
    }

    static void assertUnchanged(Observed before, StateStore store, String after) {
        Observed now = Observed.of(store);
        assertEquals(before.snapshot(), now.snapshot(), "the state changed after " + after);
        assertEquals(before.keys(), now.keys(), "the keys changed after " + after);
        assertEquals(before.transitions(), now.transitions(), "the transition log changed after " + after);
        assertEquals(before.transitionCount(), now.transitionCount(), "transitionCount() changed after " + after);
    }

    /** Asserts every field of {@code t}; {@code oldValue}/{@code newValue} null mean absent, {@code ttl} null none. */
    static void assertTransition(StateTransition t, String key, JsonNode oldValue, JsonNode newValue,
            String actionId, Instant timestamp, Long ttl) {
        assertEquals(key, t.key(), "key of " + t);
        assertEquals(Optional.ofNullable(oldValue), t.oldValue(), "oldValue of " + t);
        assertEquals(Optional.ofNullable(newValue), t.newValue(), "newValue of " + t);
        assertEquals(actionId, t.actionId(), "actionId of " + t);
        if (timestamp != null) {
            assertEquals(timestamp, t.timestamp(), "timestamp of " + t);
        }
        assertEquals(ttl == null ? OptionalLong.empty() : OptionalLong.of(ttl), t.ttlSecs(), "ttlSecs of " + t);
        assertEquals(newValue == null, t.isDelete(), "isDelete of " + t);
    }

    static StateTransition last(StateStore store) {
        List<StateTransition> log = store.transitions();
        assertTrue(!log.isEmpty(), "the transition log is empty");
        return log.get(log.size() - 1);
    }

    /** Asserts that {@code call} throws {@code type} with a message that mentions every one of {@code words}. */
    static <T extends Throwable> T assertRejected(Class<T> type, Executable call, String... words) {
        T e = assertThrows(type, call);
        String message = e.getMessage();
        assertTrue(message != null && !message.isBlank(), "the " + type.getSimpleName() + " has no message: " + e);
        for (String w : words) {
            assertTrue(message.toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT)),
                    "the message '" + message + "' does not name '" + w + "'");
        }
        return e;
    }
}
