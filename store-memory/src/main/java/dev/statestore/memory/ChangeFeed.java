package dev.statestore.memory;

import dev.statestore.HistoryCompactedException;
import dev.statestore.StateTransition;
import dev.statestore.internal.PullSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The change feed of one store: the {@link Flow.Publisher}s behind {@code changes(after)}.
 *
 * <p>A subscription holds no queue. It holds a position (the last revision it delivered) and its
 * demand, and reads the history from its position in pages when it has demand, on a thread of the
 * feed's own pool. Writers only wake subscriptions up after they commit, so a slow or stuck
 * subscriber neither blocks a writer nor makes the heap grow: it falls behind in the history and,
 * if the history it needs is dropped, gets {@code onError(HistoryCompactedException)}.
 *
 * <p>Rewinds ({@code restore}, {@code replaceAll}, a rolled-back write) are numbered by an epoch.
 * Every page is read together with the epoch it was read in; a subscription that has delivered a
 * revision past a rewind point gets {@code onError(IllegalStateException)}, one that has not
 * continues with the new history. Closing the feed completes every subscription.
 *
 * <p>Thread-safety: all methods may be called from any thread. Signals to one subscriber are
 * serialized (one drain loop at a time per subscription), as the Reactive Streams rules require.
 */
final class ChangeFeed {

    /** The page size a subscription reads the history in. */
    static final int PAGE = 256;

    /** One page of history and the epoch it was read in. */
    record Page(List<StateTransition> transitions, long epoch) {
    }

    /** Where a feed reads the history from: the engine. */
    interface Source {
        /**
         * Returns at most {@code limit} transitions after {@code after} with the current epoch, read
         * atomically; throws {@link HistoryCompactedException} if they are no longer retained and
         * {@link IllegalStateException} once the store is closed.
         */
        Page read(long after, int limit);
    }

    private final Source source;
    private final String name;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    /** The rewind points, by epoch: index e holds the revision rewound to when epoch e + 1 began. */
    private final List<Long> rewinds = new ArrayList<>();
    private volatile long epoch;
    private volatile boolean closed;
    private volatile ExecutorService pool;

    ChangeFeed(Source source, String name) {
        this.source = source;
        this.name = name;
    }

    /** Returns the current epoch; called by the engine under its lock when it reads a page. */
    long epoch() {
        return epoch;
    }

    /** Returns a publisher of the transitions after {@code after}. */
    Flow.Publisher<StateTransition> publisher(long after) {
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            Subscription s = new Subscription(subscriber, after);
            ExecutorService executor;
            synchronized (this) {
                executor = closed ? null : pool();
                if (executor != null) {
                    subscriptions.add(s);
                }
            }
            subscriber.onSubscribe(s);
            if (executor == null) {
                s.terminate(null);
                return;
            }
            s.schedule();
        };
    }

    private ExecutorService pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "statestore-feed-" + name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Wakes the subscriptions up after a write committed; never blocks. */
    void committed() {
        for (Subscription s : subscriptions) {
            if (s.demand() > 0) {
                s.schedule();
            }
        }
    }

    /** Records that the history was rewound to {@code revision}; called under the engine's write lock. */
    void rewound(long revision) {
        synchronized (rewinds) {
            rewinds.add(revision);
            epoch = rewinds.size();
        }
        for (Subscription s : subscriptions) {
            s.schedule();
        }
    }

    /** Returns the lowest revision the history was rewound to after epoch {@code since}. */
    private long lowestRewindAfter(long since) {
        synchronized (rewinds) {
            long lowest = Long.MAX_VALUE;
            for (int e = (int) since; e < rewinds.size(); e++) {
                lowest = Math.min(lowest, rewinds.get(e));
            }
            return lowest;
        }
    }

    /** Completes every subscription and stops the pool's threads once they are done. */
    void close() {
        List<Subscription> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(subscriptions);
        }
        for (Subscription s : open) {
            s.schedule();
        }
        synchronized (this) {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    /** One subscriber's position and epoch; its demand and drain loop are the base class's. */
    private final class Subscription extends PullSubscription<StateTransition> {
        /** The last delivered revision; touched only by the drain loop. */
        private long position;
        private long epochSeen;

        Subscription(Flow.Subscriber<? super StateTransition> subscriber, long after) {
            super(subscriber);
            this.position = after;
            this.epochSeen = epoch;
        }

        @Override
        protected Executor executor() {
            return pool;
        }

        @Override
        protected void forget() {
            subscriptions.remove(this);
        }

        @Override
        protected boolean step() {
            while (!isDone()) {
                if (endedByBadRequest()) {
                    return false;
                }
                if (closed) {
                    terminate(null);
                    return false;
                }
                long wanted = demand();
                Page page;
                try {
                    page = source.read(position, (int) Math.min(wanted == 0 ? 1 : wanted, PAGE));
                } catch (HistoryCompactedException e) {
                    terminate(e);
                    return false;
                } catch (IllegalStateException e) {
                    terminate(null);
                    return false;
                } catch (RuntimeException e) {
                    terminate(e);
                    return false;
                }
                if (page.epoch() != epochSeen) {
                    long rewoundTo = lowestRewindAfter(epochSeen);
                    if (position > rewoundTo) {
                        terminate(new IllegalStateException("the store's history was rewound to revision "
                                + rewoundTo + " (restore or replaceAll) after this subscriber received revision "
                                + position + ": subscribe again from a revision read after the rewind"));
                        return false;
                    }
                    epochSeen = page.epoch();
                    continue;
                }
                if (wanted == 0 || page.transitions().isEmpty()) {
                    return true;
                }
                for (StateTransition t : page.transitions()) {
                    if (isDone()) {
                        return false;
                    }
                    deliver(t);
                    position = t.revision();
                }
            }
            return false;
        }
    }
}
