package dev.statestore.postgres.internal;

import dev.statestore.HistoryCompactedException;
import dev.statestore.StateStoreException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The change feed of one open store: the publishers behind {@code changes(after)}.
 *
 * <p>A subscription keeps no queue, only its position (the last revision it delivered), the rewind
 * count it knows and its demand. When woken, it reads the history after its position from the
 * database in pages of at most {@value #PAGE}, on a thread of the feed's pool, as long as it has
 * demand. It is woken by writes of this process when they commit, and by a {@link Watcher} for the
 * writes of other processes (a {@code NOTIFY} or the poll interval). A slow subscriber therefore
 * neither blocks writers nor makes anything buffer for it; it falls behind in the history.
 *
 * <p>Each page comes with the latest revision and the rewinds since the rewind count the
 * subscription knows, read in the same snapshot. A rewind ({@code restore}, {@code replaceAll}, in
 * any process) to below the subscription's position, or a history that ends before a revision it
 * delivered (a failover to a server that lost commits), ends it with {@code onError(IllegalStateException)}; a position
 * below the retained history with {@code onError(HistoryCompactedException)}. While the database
 * cannot be reached the subscription waits and reads again when woken, so it catches up after an
 * outage without a gap. Closing the feed completes every subscription.
 *
 * <p>Thread-safety: all methods may be called from any thread. Signals to one subscriber are
 * serialized (one drain loop at a time per subscription), as the Reactive Streams rules require.
 */
public final class ChangeFeed {

    /** The most transitions one read of the history asks for. */
    static final int PAGE = 256;

    private static final System.Logger LOG = System.getLogger(ChangeFeed.class.getName());

    private final Reads reads;
    private final String name;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private ExecutorService pool;

    /**
     * Creates the feed of a store.
     *
     * @param reads where the history is read
     * @param name the store's name, for thread names and messages
     */
    public ChangeFeed(Reads reads, String name) {
        this.reads = reads;
        this.name = name;
    }

    /**
     * Returns a publisher of the transitions after {@code after}, in the history of rewind count
     * {@code epoch}.
     *
     * @param after the revision to start after
     * @param epoch the rewind count when the caller chose {@code after}
     * @return the publisher
     */
    public Flow.Publisher<StateTransition> publisher(long after, long epoch) {
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            Subscription s = new Subscription(subscriber, after, epoch);
            boolean open;
            synchronized (this) {
                open = !closed;
                if (open) {
                    if (pool == null) {
                        AtomicInteger n = new AtomicInteger();
                        pool = Executors.newCachedThreadPool(r -> {
                            Thread t = new Thread(r, "statestore-feed-" + name + "-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
                    }
                    s.executor = pool;
                    subscriptions.add(s);
                }
            }
            subscriber.onSubscribe(s);
            if (open) {
                s.schedule(); // a first read, demand or not, finds a start that is no longer retained
            } else {
                s.terminate(null);
            }
        };
    }

    /**
     * Returns whether any subscription is waiting for transitions; the watcher wakes the feed only then.
     *
     * @return {@code true} when a subscription has demand
     */
    boolean wantsMore() {
        for (Subscription s : subscriptions) {
            if (s.demand() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Wakes every subscription that has demand; never blocks. */
    public void wake() {
        for (Subscription s : subscriptions) {
            if (s.demand() > 0) {
                s.schedule();
            }
        }
    }

    /** Completes every subscription and lets the pool's threads end once they are done. */
    public void close() {
        List<Subscription> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(subscriptions);
        }
        for (Subscription s : open) {
            s.schedule();
        }
        ExecutorService stopping;
        synchronized (this) {
            stopping = pool;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                // Reads in flight end before the store closes its pool, which would break them.
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One subscriber's position and rewind count; its demand and drain loop are the base class's. */
    private final class Subscription extends PullSubscription<StateTransition> {
        private volatile ExecutorService executor;
        /** The last delivered revision; touched only by the drain loop. */
        private long position;
        /** The rewind count the position belongs to; touched only by the drain loop. */
        private long epoch;
        /** Whether the position is a revision this subscription delivered, not the one it started after. */
        private boolean delivered;
        /** Whether the history was read once: the first read checks the start even without demand. */
        private boolean started;
        /** Whether the last read failed, so that a failure is logged once, not at every poll. */
        private boolean failing;

        Subscription(Flow.Subscriber<? super StateTransition> subscriber, long after, long epoch) {
            super(subscriber);
            this.position = after;
            this.epoch = epoch;
        }

        @Override
        protected Executor executor() {
            return executor;
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
                if (wanted == 0 && started) {
                    return true;
                }
                Reads.Page page;
                try {
                    page = reads.page(position, Math.max(1, Math.min(wanted, PAGE)), epoch);
                } catch (StateStoreException e) {
                    if (!failing && !closed) {
                        failing = true;
                        LOG.log(System.Logger.Level.WARNING, "the change feed of store '" + name + "' cannot read the"
                                + " history after revision " + position + "; it reads again at the next poll", e);
                    }
                    return true;
                } catch (IllegalStateException e) {
                    terminate(closed ? null : e);
                    return false;
                } catch (RuntimeException e) {
                    terminate(e);
                    return false;
                }
                failing = false;
                started = true;
                if (page.epoch() != epoch) {
                    if (position > page.rewoundTo()) {
                        terminate(new IllegalStateException("the store's history was rewound to revision "
                                + page.rewoundTo() + " (restore or replaceAll) after this subscriber received revision "
                                + position + ": subscribe again from a revision read after the rewind"));
                        return false;
                    }
                    epoch = page.epoch();
                }
                if (delivered && position > page.latest()) {
                    terminate(new IllegalStateException("the store's history ends at revision " + page.latest()
                            + ", before revision " + position + " that this subscriber received: the database lost"
                            + " committed transitions (a failover to a server that had not received them?);"
                            + " subscribe again from transitionCount()"));
                    return false;
                }
                List<StateTransition> transitions;
                try {
                    transitions = page.checked(position);
                } catch (HistoryCompactedException e) {
                    terminate(e);
                    return false;
                }
                if (wanted == 0 || transitions.isEmpty()) {
                    return true;
                }
                for (StateTransition t : transitions) {
                    if (isDone()) {
                        return false;
                    }
                    deliver(t);
                    position = t.revision();
                    delivered = true;
                }
            }
            return false;
        }
    }
}
