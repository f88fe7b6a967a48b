package dev.statestore.jsonl.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The background thread of one journal that keeps its layout in shape: it runs the journal's
 * {@link Work} when asked (the journal asks when its tail or active file passes a bound) and, if
 * the work wants it, every {@code period} as well (for a history kept by age). A failed run is
 * logged and retried after a back-off that doubles from one second up to five minutes, so a full
 * disk is not hammered; a success resets it. The thread is a daemon, started on the first request.
 *
 * <p>Thread-safe.
 */
public final class Checkpointer {

    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MINUTES.toNanos(5);

    /** What the thread runs. */
    public interface Work {
        /**
         * Does what is due: seal the active file, checkpoint, remove segments past retention.
         *
         * @throws Exception if it fails; the thread backs off and tries again
         */
        void run() throws Exception;

        /**
         * Returns whether the journal can no longer change (it refuses writes): the thread stops.
         *
         * @return {@code true} to stop for good
         */
        boolean finished();
    }

    private final String name;
    private final Work work;
    private final long periodNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private Thread thread;
    private boolean requested;
    private boolean running;
    private boolean closing;
    private long backoffNanos;
    private volatile Throwable lastFailure;

    /**
     * Creates the checkpointer; nothing runs until {@link #request()}.
     *
     * @param name the thread's name
     * @param work what to run
     * @param period run at least this often once started, or {@code null} only on request
     */
    public Checkpointer(String name, Work work, Duration period) {
        this.name = name;
        this.work = work;
        this.periodNanos = period == null ? 0 : period.toNanos();
    }

    /** Asks for a run soon; starts the thread on the first call. */
    public void request() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            requested = true;
            if (thread == null) {
                thread = new Thread(this::loop, name);
                thread.setDaemon(true);
                thread.start();
            }
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the failure of the last run, or {@code null} when it succeeded.
     *
     * @return the failure or {@code null}
     */
    public Throwable lastFailure() {
        return lastFailure;
    }

    /**
     * Returns whether the background thread is idle: nothing requested and nothing running.
     *
     * @return {@code true} when idle
     */
    public boolean isIdle() {
        lock.lock();
        try {
            return !requested && !running;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the thread is idle: nothing requested (or only a retry after a back-off) and
     * nothing running.
     */
    public void awaitIdle() {
        lock.lock();
        try {
            while (!closing && running || requested && backoffNanos == 0 && thread != null && !closing) {
                idle.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            lock.lock();
            try {
                long waitNanos = backoffNanos > 0 ? backoffNanos : periodNanos;
                while (!closing && (!requested || backoffNanos > 0)) {
                    if (waitNanos > 0) {
                        waitNanos = wake.awaitNanos(waitNanos);
                        if (waitNanos <= 0) {
                            break;
                        }
                    } else {
                        wake.awaitUninterruptibly();
                    }
                }
                if (closing) {
                    running = false;
                    idle.signalAll();
                    return;
                }
                requested = false;
                running = true;
            } catch (InterruptedException e) {
                // not interrupted by this library; carry on as if woken
                continue;
            } finally {
                lock.unlock();
            }
            boolean ok = true;
            try {
                work.run();
                lastFailure = null;
            } catch (Throwable e) {
                ok = false;
                lastFailure = e;
                if (!work.finished()) {
                    LOG.log(Level.WARNING, name + ": keeping the journal's layout failed; retrying in "
                            + TimeUnit.NANOSECONDS.toSeconds(nextBackoff()) + " s", e);
                }
            }
            lock.lock();
            try {
                running = false;
                backoffNanos = ok ? 0 : nextBackoff();
                if (!ok) {
                    requested = true; // what failed is still due
                }
                idle.signalAll();
                if (work.finished()) {
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private long nextBackoff() {
        return backoffNanos == 0 ? FIRST_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
    }

    /**
     * Stops the thread, waiting for a run in progress to end. Idempotent.
     */
    public void close() {
        Thread t;
        lock.lock();
        try {
            closing = true;
            wake.signalAll();
            idle.signalAll();
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
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
