package dev.statestore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** A change-feed subscriber that records what it receives and requests only what a test asks for. */
final class Recorder implements Flow.Subscriber<StateTransition> {

    private final List<StateTransition> received = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Flow.Subscription subscription;
    private volatile Throwable error;
    private volatile boolean completed;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
    }

    @Override
    public synchronized void onNext(StateTransition t) {
        received.add(t);
        notifyAll();
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        completed = true;
        terminated.countDown();
    }

    void request(long n) {
        subscription.request(n);
    }

    void cancel() {
        subscription.cancel();
    }

    /** Returns a copy of what was received so far. */
    synchronized List<StateTransition> received() {
        return new ArrayList<>(received);
    }

    /** Waits until {@code count} transitions arrived; fails after 30 s. */
    synchronized List<StateTransition> awaitCount(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.size() < count && error == null) {
            long left = deadline - System.nanoTime();
            assertTrue(left > 0, "received " + received.size() + " of " + count + " transitions in 30 s");
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        assertEquals(null, error, "the feed failed");
        return new ArrayList<>(received);
    }

    /** Waits until the feed ended; fails after 30 s. Returns the error, or null for onComplete. */
    Throwable awaitEnd() throws InterruptedException {
        assertTrue(terminated.await(30, TimeUnit.SECONDS), "the feed did not end in 30 s");
        return error;
    }

    boolean completed() {
        return completed;
    }

    Throwable error() {
        return error;
    }

    /** Asserts that the revisions received run from {@code first} on with no gap and no repeat. */
    static void assertGapless(List<StateTransition> ts, long first) {
        for (int i = 0; i < ts.size(); i++) {
            assertEquals(first + i, ts.get(i).revision(), "revision at position " + i + " of " + ts.size());
        }
    }
}
