package dev.statestore.bench.peers;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by key, so that the key-value peers can make a read-modify-write of one
 * key (the audit record's old value, expiry's check of a deadline) atomic against other writes
 * of that key without serializing writes to different keys. {@link #lockAll()} takes every
 * stripe in a fixed order, for a bulk operation.
 *
 * <p>Thread-safe.
 */
final class KeyLocks {

    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Returns the lock of {@code key}'s stripe, locked; the caller unlocks it. */
    ReentrantLock lock(String key) {
        int h = key.hashCode();
        ReentrantLock lock = locks[(h ^ (h >>> 16)) & (STRIPES - 1)];
        lock.lock();
        return lock;
    }

    /** Takes every stripe, in index order. */
    void lockAll() {
        for (ReentrantLock lock : locks) {
            lock.lock();
        }
    }

    /** Releases every stripe taken by {@link #lockAll()}. */
    void unlockAll() {
        for (int i = STRIPES - 1; i >= 0; i--) {
            locks[i].unlock();
        }
    }
}
