package dev.statestore.jsonl.internal;

import dev.statestore.StateStoreException;
import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The group commit of one journal: a caller that needs its record fsynced calls
 * {@link #syncTo}; if no fsync is running it runs one itself, covering every record handed to the
 * operating system so far, else it waits for the running one and checks again. So concurrent
 * writers share fsyncs, nobody spins, and nobody holds the engine's lock while waiting. A failed
 * fsync is reported once to the journal, which then refuses writes; it is never retried.
 *
 * <p>Thread-safe.
 */
public final class GroupCommit {

    /** An fsync of the journal's current file. */
    public interface Fsync {
        /**
         * Runs the fsync.
         *
         * @throws IOException if it fails
         */
        void run() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private boolean running;
    private volatile long synced;

    /** Creates the state of a journal with nothing synced. */
    public GroupCommit() {
    }

    /**
     * Returns the highest sequence number covered by a successful fsync.
     *
     * @return the sequence number, 0 when none
     */
    public long synced() {
        return synced;
    }

    /**
     * Returns once a successful fsync covers {@code target}.
     *
     * @param target the sequence number to cover; must not exceed what {@code written} returns
     * @param written returns the highest sequence number handed to the operating system, which an
     *     fsync starting now covers
     * @param fsync returns the fsync of the current file
     * @param refused returns why writes are refused (then nothing is synced), or {@code null}
     * @param failed records a failed fsync and returns the exception to throw
     * @throws StateStoreException if writes are refused or the fsync fails
     */
    public void syncTo(long target, LongSupplier written, Supplier<Fsync> fsync,
            Supplier<StateStoreException> refused, Function<Throwable, StateStoreException> failed) {
        if (synced >= target) {
            return;
        }
        lock.lock();
        try {
            while (synced < target) {
                StateStoreException refusal = refused.get();
                if (refusal != null) {
                    throw new StateStoreException(refusal.getMessage(), refusal);
                }
                if (running) {
                    finished.awaitUninterruptibly();
                    continue;
                }
                running = true;
                long cover = written.getAsLong();
                Fsync f = fsync.get();
                Throwable failure = null;
                lock.unlock();
                try {
                    f.run();
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    lock.lock();
                }
                running = false;
                StateStoreException thrown = failure == null ? null : failed.apply(failure);
                if (thrown == null && cover > synced) {
                    synced = cover;
                }
                finished.signalAll();
                if (thrown != null) {
                    throw thrown;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code action} once no fsync is running, keeping new ones from starting until it
     * returns; for swapping the journal's file. Waiters are woken afterwards.
     *
     * @param action what to run
     */
    public void whileIdle(Runnable action) {
        lock.lock();
        try {
            while (running) {
                finished.awaitUninterruptibly();
            }
            action.run();
        } finally {
            finished.signalAll();
            lock.unlock();
        }
    }

    /**
     * Marks everything up to {@code sequence} as synced; call it from {@link #whileIdle} after
     * the records were made durable another way (a rewrite).
     *
     * @param sequence the sequence number now durable
     */
    public void markSynced(long sequence) {
        if (sequence > synced) {
            synced = sequence;
        }
    }
}
