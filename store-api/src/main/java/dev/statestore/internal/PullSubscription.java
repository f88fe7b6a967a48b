package dev.statestore.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscription that keeps no queue: it counts its subscriber's demand and, when scheduled, runs
 * a drain loop that pulls from its source what the demand allows ({@link #step()}). A counter of
 * pending work lets one drain run at a time and makes a drain that was scheduled meanwhile go round
 * once more, so signals to the subscriber are serialized as the Reactive Streams rules require.
 * The change feeds of the backends are built on it; each says where its drain runs and what one
 * step reads.
 *
 * <p>Thread-safety: {@link #request}, {@link #cancel}, {@link #schedule} and {@link #terminate}
 * may be called from any thread; {@link #step()} runs on one thread at a time.
 *
 * @param <T> the item type
 */
public abstract class PullSubscription<T> implements Flow.Subscription {

    private final Flow.Subscriber<? super T> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger work = new AtomicInteger();
    private volatile boolean done;
    private volatile Throwable badRequest;

    /**
     * Creates the subscription of {@code subscriber}.
     *
     * @param subscriber who receives the items
     */
    protected PullSubscription(Flow.Subscriber<? super T> subscriber) {
        this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
    }

    @Override
    public final void request(long n) {
        if (n <= 0) {
            badRequest = new IllegalArgumentException("request(n) needs n > 0, was " + n
                    + " (Reactive Streams rule 3.9)");
        } else {
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        }
        schedule();
    }

    @Override
    public final void cancel() {
        done = true;
        forget();
    }

    /**
     * Runs the drain loop on {@link #executor()}, or in the calling thread when there is none or it
     * refuses (it has shut down); does nothing while a drain is running but makes it go round once
     * more.
     */
    public final void schedule() {
        if (done || work.getAndIncrement() != 0) {
            return;
        }
        Executor e = executor();
        try {
            if (e == null) {
                drain();
            } else {
                e.execute(this::drain);
            }
        } catch (RejectedExecutionException ex) {
            // A pool stops only after its feed scheduled every subscription to end: end it here.
            drain();
        }
    }

    /**
     * Returns the demand not yet met.
     *
     * @return the number of items the subscriber still asked for
     */
    public final long demand() {
        return demand.get();
    }

    /**
     * Returns whether the subscription ended (cancelled or terminated).
     *
     * @return {@code true} once ended
     */
    protected final boolean isDone() {
        return done;
    }

    /**
     * Ends the subscription with {@code onError} if the subscriber asked for a non-positive number;
     * called by {@link #step()} first.
     *
     * @return {@code true} if it ended
     */
    protected final boolean endedByBadRequest() {
        Throwable bad = badRequest;
        if (bad == null) {
            return false;
        }
        terminate(bad);
        return true;
    }

    /**
     * Hands {@code item} to the subscriber against one unit of demand; called by {@link #step()}.
     *
     * @param item the item
     */
    protected final void deliver(T item) {
        subscriber.onNext(item);
        demand.decrementAndGet();
    }

    /**
     * Signals {@code onError}, or {@code onComplete} for {@code null}, once, and forgets the
     * subscription.
     *
     * @param error the error, or {@code null} to complete
     */
    public final void terminate(Throwable error) {
        if (done) {
            return;
        }
        done = true;
        forget();
        if (error == null) {
            subscriber.onComplete();
        } else {
            subscriber.onError(error);
        }
    }

    /**
     * Returns where the drain loop runs, or {@code null} to run it in the thread that schedules it.
     *
     * @return the executor or {@code null}
     */
    protected abstract Executor executor();

    /** Removes the subscription from its feed; called once it ended. */
    protected abstract void forget();

    /**
     * Delivers what the demand and the source allow, through {@link #deliver}.
     *
     * @return {@code false} once the subscription ended, {@code true} to wait for the next schedule
     */
    protected abstract boolean step();

    private void drain() {
        int missed = 1;
        do {
            if (!step()) {
                return;
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }
}
