package dev.statestore.jsonl.internal;

import dev.statestore.StateStoreException;
import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The group commit of one journal: a caller that needs its record fsynced calls
 * {@link #syncTo}; if no commit is running it becomes the leader and runs one itself, which
 * writes out every record appended so far (its own and those of the writers queued behind it,
 * in one write: flat combining) and fsyncs them; else it waits for the running one and checks
 * again. So concurrent writers share writes and fsyncs, nobody spins, and nobody holds the
 * engine's lock while waiting. A failed commit is reported once to the journal, which then
 * refuses writes; it is never retried.
 *
 * <p>Thread-safe. The leader runs the commit holding none of this object's locks.
 */
public final class GroupCommit {

    /** A commit of the journal's current file: the write of what is buffered, then an fsync. */
    public interface Commit {
        /**
         * Runs the commit.
         *
         * @return the highest sequence number it made durable: at least every number appended
         *     before it started
         * @throws IOException if the write or the fsync fails
         */
        long run() throws IOException;
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
     * Returns once a successful commit covers {@code target}.
     *
     * @param target the sequence number to cover; appended before this call
     * @param commit writes out and fsyncs everything appended so far
     * @param refused returns why writes are refused (then nothing is committed), or {@code null}
     * @param failed records a failed commit and returns the exception to throw
     * @throws StateStoreException if writes are refused or the commit fails
     */
    public void syncTo(long target, Commit commit, Supplier<StateStoreException> refused,
            Function<Throwable, StateStoreException> failed) {
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
                long cover = 0;
                Throwable failure = null;
                lock.unlock();
                try {
                    cover = commit.run();
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
     * Runs {@code action} once no commit is running, keeping new ones from starting until it
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
