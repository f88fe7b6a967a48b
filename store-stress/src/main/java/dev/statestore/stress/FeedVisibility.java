package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import dev.statestore.memory.InMemoryStateStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Property 12: a {@code changes} subscriber is told of a write only once {@code getVersioned}
 * shows it. Two actors set one key, to 1 and to 2. A subscriber of the store's change feed runs
 * on the feed's own threads; in {@code onNext(t)} it calls {@code getVersioned(t.key())} and
 * classifies what it sees: {@code 1} the write itself (same revision, same value), {@code 2} a
 * later write of the key (the other actor's), {@code 0} an older revision or no value at all: the
 * feed ran ahead of the state. The arbiter waits, for at most {@value #AWAIT_SECONDS} s, until
 * the subscriber has seen both writes, and reports what it classified.
 *
 * <p>Result: {@code r1} the class for the write of 1, {@code r2} for the write of 2; {@code -1}
 * when that write was not delivered within the bound, {@code -2} when {@code getVersioned} showed
 * its revision with another value, {@code -3} when the feed failed ({@code onError}). Forbidden:
 * {@code 0} anywhere, {@code 2} for both writes (only the earlier one can have a successor), and
 * every negative code.
 *
 * <p>Cost. A store and a subscription per jcstress state would start a feed thread per state, so
 * every state shares one store and one subscription, created with the class, and writes a key of
 * its own ({@code k<n>}); the arbiter deletes that key once it has its result, and the store keeps
 * the latest {@value #HISTORY} transitions (the arbiters wait for the subscriber, so it never
 * falls that far behind). The actors' writes race each other and the feed's reads; which
 * revisions they get among the other states' writes does not matter.
 *
 * <p>{@link PublishBeforeApply} shows on a model what this test forbids: a write published to
 * the feed before it is applied to the state that reads see.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t FeedVisibility -m quick}
 */
@JCStressTest
@Description("a change feed subscriber sees a write only once getVersioned shows it")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "each onNext found its own write current")
@Outcome(id = {"2, 1", "1, 2"}, expect = ACCEPTABLE_INTERESTING,
        desc = "the earlier write's onNext already found the later write: delivery trailed both commits")
@Outcome(id = {"0, [0-9-]+", "[0-9-]+, 0"}, expect = FORBIDDEN,
        desc = "onNext for a revision that getVersioned did not show yet: the feed ran ahead of the state")
@Outcome(id = {"-1, [0-9-]+", "[0-9-]+, -1"}, expect = FORBIDDEN, desc = "a write never delivered within the bound")
@Outcome(expect = FORBIDDEN, desc = "a value that does not match its revision, the feed failed, or both writes superseded")
@State
public class FeedVisibility {

    /** How long an arbiter waits for the subscriber; after one such wait ends empty, none waits. */
    static final int AWAIT_SECONDS = 30;
    /** The transitions the shared store keeps. */
    static final int HISTORY = 100_000;

    static final int SUPERSEDED = 2;
    static final int CURRENT = 1;
    static final int STALE = 0;
    static final int NOT_DELIVERED = -1;
    static final int MISMATCH = -2;
    static final int FEED_FAILED = -3;

    private static final InMemoryStateStore STORE =
            InMemoryStateStore.builder().history(Integer.toString(HISTORY)).build();
    /** The states whose writes the subscriber still classifies, by key. */
    private static final Map<String, FeedVisibility> PENDING = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();
    private static final Watcher WATCHER = new Watcher();

    static {
        STORE.changes(STORE.transitionCount()).subscribe(WATCHER);
    }

    private final String key = "k" + KEYS.incrementAndGet();
    private final CountDownLatch delivered = new CountDownLatch(2);
    private volatile int one = NOT_DELIVERED;
    private volatile int two = NOT_DELIVERED;

    /** Creates the state: a key nobody has written, which the subscriber watches. */
    public FeedVisibility() {
        PENDING.put(key, this);
    }

    /** Sets the state's key to 1. */
    @Actor
    public void setOne() {
        STORE.set(key, Values.V1, "one");
    }

    /** Sets the state's key to 2. */
    @Actor
    public void setTwo() {
        STORE.set(key, Values.V2, "two");
    }

    /**
     * Waits for the subscriber to classify both writes, records the classes, and deletes the key.
     *
     * @param r the result
     */
    @Arbiter
    public void check(II_Result r) {
        try {
            if (!WATCHER.gaveUp && !delivered.await(AWAIT_SECONDS, TimeUnit.SECONDS)) {
                WATCHER.gaveUp = true;
            }
        } catch (InterruptedException e) {
            // jcstress is stopping the run: report what was delivered so far
            Thread.currentThread().interrupt();
        }
        PENDING.remove(key);
        int failed = WATCHER.failure == null ? NOT_DELIVERED : FEED_FAILED;
        r.r1 = one == NOT_DELIVERED ? failed : one;
        r.r2 = two == NOT_DELIVERED ? failed : two;
        STORE.delete(key, "done");
    }

    /** Classifies the delivery of {@code t}, a write of this state's key. */
    private void delivered(StateTransition t) {
        int seen = classify(t, STORE.getVersioned(key));
        int value = Values.code(t.newValue());
        if (value == 1) {
            one = seen;
        } else if (value == 2) {
            two = seen;
        }
        delivered.countDown();
    }

    private static int classify(StateTransition t, Optional<Versioned> now) {
        if (now.isEmpty() || now.get().revision() < t.revision()) {
            return STALE;
        }
        if (now.get().revision() > t.revision()) {
            return SUPERSEDED;
        }
        return Values.code(now.get().value()) == Values.code(t.newValue()) ? CURRENT : MISMATCH;
    }

    /** The one subscriber: requests everything and hands each write to the state that owns its key. */
    private static final class Watcher implements Flow.Subscriber<StateTransition> {
        volatile Throwable failure;
        /** Set once a wait ended empty or the feed ended: later arbiters report without waiting. */
        volatile boolean gaveUp;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(StateTransition t) {
            FeedVisibility state = PENDING.get(t.key());
            if (state != null && !t.isDelete()) {
                state.delivered(t);
            }
        }

        @Override
        public void onError(Throwable e) {
            failure = e;
            gaveUp = true;
        }

        @Override
        public void onComplete() {
            gaveUp = true;
        }
    }

    /**
     * What the real test forbids, on a model: a writer that publishes each write to its feed (here
     * a volatile "latest published revision" that a subscriber polls) before it applies the write
     * to its map, inside a lock that the feed does not take. The subscriber is an actor here, so
     * jcstress races it against the writer directly: it reads the feed and, if the write is
     * there, the map. When it lands between the two steps it sees the write announced and the map
     * without it; that outcome is {@code ACCEPTABLE_INTERESTING}: the suite expects to see it,
     * which shows that the classification of the real test sees this defect. The engine avoids
     * it by applying a write to its state and its history under one write lock, and by serving
     * the feed from the history under the read lock.
     *
     * <p>Result: {@code -1} when the subscriber found nothing published yet, else the class as in
     * the real test ({@code 1} current, {@code 0} stale).
     *
     * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t FeedVisibility.PublishBeforeApply -m quick}
     */
    @JCStressTest
    @Description("a model that publishes a write to its feed before applying it (broken on purpose)")
    @Outcome(id = "-1", expect = ACCEPTABLE, desc = "nothing published yet")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "published and applied")
    @Outcome(id = "0", expect = ACCEPTABLE_INTERESTING, desc = "published but not applied: the feed ran ahead of the map")
    @Outcome(expect = FORBIDDEN, desc = "not possible even for this model")
    @State
    public static class PublishBeforeApply {

        private final Map<String, Long> revisions = new ConcurrentHashMap<>();
        private volatile long published;

        /** Writes the key at revision 1: publishes it to the feed, then applies it. */
        @Actor
        public void write() {
            synchronized (this) {
                published = 1;
                revisions.put("k", 1L);
            }
        }

        /**
         * Polls the feed once and, if the write is there, reads the key's revision.
         *
         * @param r the result
         */
        @Actor
        public void subscriber(I_Result r) {
            long seen = published;
            if (seen == 0) {
                r.r1 = NOT_DELIVERED;
                return;
            }
            Long now = revisions.get("k");
            r.r1 = now == null || now < seen ? STALE : CURRENT;
        }
    }
}
