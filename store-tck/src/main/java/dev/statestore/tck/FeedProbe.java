package dev.statestore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.statestore.StateTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Flow;

/**
 * A test subscriber of a {@code changes} feed: a {@link Flow.Subscriber} that queues every
 * signal, requests only when a rule tells it to, and records every breach of the Reactive Streams
 * rules it can see on arrival (an item beyond the demand, a signal after a terminal one or after
 * cancel, a second {@code onSubscribe}).
 *
 * <p>Waits are bounded ({@link #WAIT_SECONDS} per signal): a rule waits for what must arrive and
 * fails, rather than hangs, when it does not. Thread-safe: signals arrive on the feed's threads,
 * the rule reads them on its own.
 */
final class FeedProbe implements Flow.Subscriber<StateTransition> {

    /** The longest a rule waits for one expected signal. */
    static final long WAIT_SECONDS = 5;

    /** One signal: an item, or a terminal one ({@code error} null for onComplete). */
    record Signal(StateTransition item, boolean complete, Throwable error) {
        boolean terminal() {
            return item == null;
        }

        @Override
        public String toString() {
            return item != null ? "onNext(revision " + item.revision() + ", " + item.key() + ")"
                    : complete ? "onComplete()" : "onError(" + error + ")";
        }
    }

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final List<String> breaches = new CopyOnWriteArrayList<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final long cancelAfter;
    private volatile boolean cancelled;
    private volatile boolean terminated;

    /** Creates a probe that requests nothing until told. */
    FeedProbe() {
        this(Long.MAX_VALUE);
    }

    /** Creates a probe that cancels from inside {@code onNext} once it has received {@code cancelAfter} items. */
    FeedProbe(long cancelAfter) {
        this.cancelAfter = cancelAfter;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (!subscription.compareAndSet(null, s)) {
            breaches.add("a second onSubscribe (rule 1.9/2.5)");
        }
    }

    @Override
    public void onNext(StateTransition item) {
        if (item == null) {
            breaches.add("onNext(null) (rule 2.13)");
            return;
        }
        if (terminated) {
            breaches.add("onNext(revision " + item.revision() + ") after a terminal signal (rule 1.7)");
        }
        if (cancelled) {
            breaches.add("onNext(revision " + item.revision() + ") after cancel() returned (rule 3.6/3.12)");
        }
        if (outstanding.getAndDecrement() <= 0) {
            breaches.add("onNext(revision " + item.revision() + ") beyond the demand: " + received.get()
                    + " item(s) delivered before it, all that was requested (rule 1.1)");
        }
        long n = received.incrementAndGet();
        signals.add(new Signal(item, false, null));
        if (n == cancelAfter) {
            cancel();
        }
    }

    @Override
    public void onError(Throwable error) {
        terminal(new Signal(null, false, error));
    }

    @Override
    public void onComplete() {
        terminal(new Signal(null, true, null));
    }

    private void terminal(Signal s) {
        if (terminated) {
            breaches.add("a second terminal signal " + s + " (rule 1.7)");
        }
        if (cancelled) {
            breaches.add(s + " after cancel() (rule 3.6)");
        }
        terminated = true;
        signals.add(s);
    }

    /** Returns the subscription, waiting for {@code onSubscribe}. */
    Flow.Subscription subscription() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (subscription.get() == null) {
            if (System.nanoTime() > deadline) {
                fail("no onSubscribe within " + WAIT_SECONDS + " s of subscribe (rule 1.9)");
            }
            Thread.onSpinWait();
        }
        return subscription.get();
    }

    /** Requests {@code n} more items. */
    FeedProbe request(long n) {
        outstanding.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        subscription().request(n);
        return this;
    }

    /** Cancels the subscription; later items are breaches. */
    void cancel() {
        cancelled = true;
        subscription().cancel();
    }

    /** Returns the next signal, failing if none arrives within {@link #WAIT_SECONDS}. */
    Signal nextSignal(String waitingFor) {
        try {
            Signal s = signals.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (s == null) {
                fail("waited " + WAIT_SECONDS + " s for " + waitingFor + ", and the feed sent nothing");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + waitingFor, e);
        }
    }

    /** Returns the next item, failing on a terminal signal or a timeout. */
    StateTransition next() {
        Signal s = nextSignal("the next item");
        if (s.terminal()) {
            fail("expected an item but the feed sent " + s, s.error());
        }
        return s.item();
    }

    /** Returns the next {@code n} items. */
    List<StateTransition> next(int n) {
        List<StateTransition> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(next());
        }
        return items;
    }

    /** Returns the revisions of the next {@code n} items. */
    List<Long> nextRevisions(int n) {
        List<Long> revisions = new ArrayList<>(n);
        for (StateTransition t : next(n)) {
            revisions.add(t.revision());
        }
        return revisions;
    }

    /** Asserts that the next signal is {@code onComplete}. */
    void expectComplete() {
        Signal s = nextSignal("onComplete");
        assertTrue(s.complete(), "expected onComplete but the feed sent " + s);
    }

    /** Asserts that the next signal is {@code onError} with a {@code type}, and returns the error. */
    <T extends Throwable> T expectError(Class<T> type) {
        Signal s = nextSignal("onError(" + type.getSimpleName() + ")");
        assertTrue(s.error() != null && type.isInstance(s.error()),
                "expected onError(" + type.getSimpleName() + ") but the feed sent " + s);
        return type.cast(s.error());
    }

    /** Returns how many items arrived so far. */
    long received() {
        return received.get();
    }

    /** Returns the signals that arrived and were not taken yet, without waiting. */
    List<Signal> pending() {
        List<Signal> out = new ArrayList<>();
        signals.drainTo(out);
        return out;
    }

    /**
     * Waits {@code millis} for anything more to arrive, and asserts that nothing did: the way to
     * prove that a feed stopped at the demand, since a feed that over-delivers may do so a little
     * later than the items that were asked for.
     */
    void assertNothingArrivesWithin(long millis) {
        try {
            Signal extra = signals.poll(millis, TimeUnit.MILLISECONDS);
            if (extra != null) {
                fail("nothing more was requested, yet within " + millis + " ms the feed sent " + extra
                        + (breaches.isEmpty() ? "" : "; breaches: " + breaches));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
        assertNoBreaches();
    }

    /** Asserts that no breach of the rules was seen. */
    void assertNoBreaches() {
        assertEquals(List.of(), List.copyOf(breaches), "the feed broke the Reactive Streams rules");
    }
}
