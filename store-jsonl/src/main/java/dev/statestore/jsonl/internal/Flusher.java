package dev.statestore.jsonl.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The background thread of a buffered journal that hands its buffer to the operating system at
 * least every {@code interval}, as Redis's {@code appendfsync everysec} does: a crash of the
 * process then loses at most that window of acknowledged writes, not everything since the last
 * {@code sync()}. It writes, it does not fsync. A daemon thread, started with the flusher.
 *
 * <p>Thread-safe.
 */
public final class Flusher {

    private final Runnable flush;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private boolean closing;

    /**
     * Starts flushing every {@code interval}.
     *
     * @param name the thread's name
     * @param flush writes the buffer out; its failures are its own to report
     * @param interval the most time between two flushes
     */
    public Flusher(String name, Runnable flush, Duration interval) {
        this.flush = flush;
        this.intervalNanos = Math.max(1, interval.toNanos());
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (true) {
            lock.lock();
            try {
                long wait = intervalNanos;
                while (!closing && wait > 0) {
                    wait = wake.awaitNanos(wait);
                }
                if (closing) {
                    return;
                }
            } catch (InterruptedException e) {
                continue;
            } finally {
                lock.unlock();
            }
            flush.run();
        }
    }

    /** Stops the thread and waits for a flush in progress. Idempotent. */
    public void close() {
        lock.lock();
        try {
            closing = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != Thread.currentThread()) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(60));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
