package dev.statestore.memory;

import dev.statestore.Durability;
import dev.statestore.StateStore;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.internal.CanonicalText;
import dev.statestore.internal.CanonicalValues;
import dev.statestore.internal.TransitionAccess;
import dev.statestore.spi.Journal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import tools.jackson.databind.JsonNode;

/**
 * Returns the statestore engine: the state, the transition log, the TTLs and, when one is
 * attached, a {@link Journal} that makes it durable. {@code new InMemoryStateStore()} is a plain
 * in-memory store; {@link #builder()} takes a {@link Clock} and a journal.
 *
 * <p>Thread-safety and locking. One read-write lock orders every mutation: a write takes the
 * write lock, appends to the journal (write-ahead: if the append throws nothing changes), then
 * updates the log and the state before releasing it, so mutations are atomic across all four
 * and the journal holds them in log order. {@code get} and {@code exists} take no
 * lock: they read a {@link ConcurrentHashMap} whose every value is the latest write of its key,
 * and bulk replacements ({@code restore}, {@code replaceAll}) publish a whole new map at once.
 * {@code keys}, {@code snapshot} and the log reads take the read lock, so they never see half a mutation and
 * never wait for each other. In {@link Durability#SYNCED} mode a writer waits for the fsync
 * after releasing the lock, so concurrent writers share one fsync; if that fsync fails, every
 * write it should have covered is rolled back and its caller gets the exception.
 *
 * <p>TTLs live with the state, not in the log: each key's entry is the transition of its latest
 * write, carrying that write's timestamp and TTL. Truncating or clearing the log can therefore
 * neither make a TTL'd key immortal nor expire an untouched one, and {@link #reapExpired} is one
 * pass over the state.
 *
 * <p>The engine closes its journal when it is closed. It does not expire keys by itself.
 *
 * <p>This class is longer than most in the project because the locking discipline is only
 * checkable when every mutation is in one place.
 */
public final class InMemoryStateStore implements StateStore {

    /** The action id of the delete transitions recorded by {@link #reapExpired}. */
    public static final String REAP_ACTION_ID = "reap_expired";
    /** The action id of entries created by {@link #replaceAll}. */
    public static final String REPLACE_ACTION_ID = "replace_all";
    /** The action id of restored entries that have no retained transition. */
    public static final String RESTORE_ACTION_ID = "restore";

    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();
    private static final long NO_TTL = -1;
    private static final Comparator<StateTransition> BY_KEY = Comparator.comparing(StateTransition::key);

    private final Clock clock;
    private final Journal journal;
    private final boolean waitsForSync;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Key to the transition of its latest write; replaced whole by restore and replaceAll. */
    private volatile ConcurrentHashMap<String, StateTransition> entries = new ConcurrentHashMap<>();
    /** The transition log; guarded by {@link #lock}. */
    private final ArrayList<StateTransition> log = new ArrayList<>();
    /** SYNCED writes not yet known to be durable, oldest first; guarded by the write lock. */
    private final ArrayDeque<Undo> undurable = new ArrayDeque<>();
    private volatile boolean closed;

    /** Creates an empty store without a journal, timed by the system UTC clock. */
    public InMemoryStateStore() {
        this(Clock.systemUTC(), null);
    }

    private InMemoryStateStore(Clock clock, Journal journal) {
        this.clock = clock;
        this.journal = journal;
        this.waitsForSync = journal != null && journal.durability() == Durability.SYNCED;
        if (journal != null) {
            ConcurrentHashMap<String, StateTransition> replayed = new ConcurrentHashMap<>();
            journal.replay(read -> {
                StateTransition t = sharingWithPrevious(read, replayed.get(read.key()));
                log.add(t);
                if (t.isDelete()) {
                    replayed.remove(t.key());
                } else {
                    replayed.put(t.key(), t);
                }
            });
            entries = replayed;
        }
    }

    /**
     * Returns a builder for a store with a chosen clock and journal.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns stores with a chosen {@link Clock} and an optional {@link Journal}. Not thread-safe.
     */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Journal journal;

        private Builder() {
        }

        /**
         * Sets the clock that timestamps transitions.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Attaches a journal; the store replays it on build and closes it on close.
         *
         * @param journal the journal, or {@code null} for none
         * @return this builder
         */
        public Builder journal(Journal journal) {
            this.journal = journal;
            return this;
        }

        /**
         * Returns the store, after replaying the journal if one is attached.
         *
         * @return the store
         * @throws StateStoreException if the journal cannot be replayed
         */
        public InMemoryStateStore build() {
            return new InMemoryStateStore(clock, journal);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<JsonNode> get(String key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        StateTransition t = entries.get(key);
        return t == null ? Optional.empty() : Optional.of(shared(t).deepCopy());
    }

    @Override
    public JsonNode getOr(String key, JsonNode defaultValue) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        StateTransition t = entries.get(key);
        return t == null ? defaultValue : shared(t).deepCopy();
    }

    @Override
    public boolean exists(String key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        return entries.containsKey(key);
    }

    @Override
    public List<String> keys() {
        ensureOpen();
        List<String> keys;
        // Under the read lock: a ConcurrentHashMap's iteration alone is only weakly consistent,
        // and could list a key without one written before it.
        lock.readLock().lock();
        try {
            keys = new ArrayList<>(entries.keySet());
        } finally {
            lock.readLock().unlock();
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public Map<String, JsonNode> snapshot() {
        ensureOpen();
        Map<String, JsonNode> shared = new TreeMap<>();
        lock.readLock().lock();
        try {
            for (Map.Entry<String, StateTransition> e : entries.entrySet()) {
                shared.put(e.getKey(), shared(e.getValue()));
            }
        } finally {
            lock.readLock().unlock();
        }
        // Stored nodes are never mutated, so they can be copied after the lock is released.
        shared.replaceAll((k, v) -> v.deepCopy());
        return shared;
    }

    @Override
    public long transitionCount() {
        ensureOpen();
        lock.readLock().lock();
        try {
            return log.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StateTransition> transitions() {
        return transitionsSince(0);
    }

    @Override
    public List<StateTransition> transitionsSince(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("transitionsSince index must be >= 0, was " + index);
        }
        ensureOpen();
        lock.readLock().lock();
        try {
            if (index >= log.size()) {
                return new ArrayList<>();
            }
            return new ArrayList<>(log.subList((int) index, log.size()));
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- single-key writes

    @Override
    public StateTransition set(String key, JsonNode value, String actionId) {
        return write(key, value, actionId, NO_TTL);
    }

    @Override
    public StateTransition setWithTtl(String key, JsonNode value, String actionId, long ttlSecs) {
        if (ttlSecs < 0) {
            Objects.requireNonNull(key, "key");
            throw new IllegalArgumentException("ttlSecs must be >= 0 for key '" + key + "', was " + ttlSecs
                    + " (0 makes the key reapable at once)");
        }
        return write(key, value, actionId, ttlSecs);
    }

    private StateTransition write(String key, JsonNode value, String actionId, long ttlSecs) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, () -> "value of key '" + key + "' (use NullNode for JSON null)");
        Objects.requireNonNull(actionId, "actionId");
        ensureOpen();
        CanonicalText.checkActionId(key, actionId);
        JsonNode copy = copyIn(key, value);
        StateTransition t;
        long sequence;
        lock.writeLock().lock();
        try {
            ensureOpen();
            StateTransition previous = entries.get(key);
            t = TRANSITIONS.adopt(key, previous == null ? null : shared(previous), copy, actionId,
                    clock.instant(), ttlSecs);
            sequence = appendToJournal(t);
            log.add(t);
            entries.put(key, t);
            rememberUndurable(sequence, key, previous);
        } finally {
            lock.writeLock().unlock();
        }
        awaitDurable(sequence);
        return t;
    }

    @Override
    public Optional<StateTransition> delete(String key, String actionId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(actionId, "actionId");
        ensureOpen();
        CanonicalText.checkActionId(key, actionId);
        StateTransition t;
        long sequence;
        lock.writeLock().lock();
        try {
            ensureOpen();
            StateTransition previous = entries.get(key);
            if (previous == null) {
                return Optional.empty();
            }
            t = TRANSITIONS.adopt(key, shared(previous), null, actionId, clock.instant(), NO_TTL);
            sequence = appendToJournal(t);
            log.add(t);
            entries.remove(key);
            rememberUndurable(sequence, key, previous);
        } finally {
            lock.writeLock().unlock();
        }
        awaitDurable(sequence);
        return Optional.of(t);
    }

    // ---------------------------------------------------------------- bulk operations

    @Override
    public void restore(Map<String, JsonNode> snapshot, long transitionCount) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (transitionCount < 0) {
            throw new IllegalArgumentException("restore transitionCount must be >= 0, was " + transitionCount);
        }
        Map<String, JsonNode> copies = checkedCopies(snapshot, "snapshot");
        lock.writeLock().lock();
        try {
            ensureOpen();
            int keep = (int) Math.min(transitionCount, log.size());
            Map<String, StateTransition> latestRetained = new HashMap<>();
            for (int i = 0; i < keep; i++) {
                StateTransition t = log.get(i);
                latestRetained.put(t.key(), t);
            }
            Instant now = clock.instant();
            ConcurrentHashMap<String, StateTransition> restored = new ConcurrentHashMap<>();
            copies.forEach((key, value) -> {
                StateTransition latest = latestRetained.get(key);
                restored.put(key, latest == null || latest.isDelete()
                        ? TRANSITIONS.adopt(key, null, value, RESTORE_ACTION_ID, now, NO_TTL)
                        : TRANSITIONS.adopt(key, null, value, latest.actionId(), latest.timestamp(), ttlOf(latest)));
            });
            rewriteJournal(restored.values());
            log.subList(keep, log.size()).clear();
            entries = restored;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void replaceAll(Map<String, JsonNode> state) {
        Objects.requireNonNull(state, "state");
        Map<String, JsonNode> copies = checkedCopies(state, "state");
        lock.writeLock().lock();
        try {
            ensureOpen();
            Instant now = clock.instant();
            ConcurrentHashMap<String, StateTransition> replaced = new ConcurrentHashMap<>();
            copies.forEach((key, value) ->
                    replaced.put(key, TRANSITIONS.adopt(key, null, value, REPLACE_ACTION_ID, now, NO_TTL)));
            rewriteJournal(replaced.values());
            log.clear();
            entries = replaced;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<String> reapExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        ensureOpen();
        lock.writeLock().lock();
        try {
            ensureOpen();
            List<String> reaped = new ArrayList<>();
            // Only a journal needs the survivors, for its compacted rewrite.
            List<StateTransition> survivors = journal == null ? null : new ArrayList<>(entries.size());
            for (StateTransition t : entries.values()) {
                Optional<Instant> expiry = t.expiresAt();
                if (expiry.isPresent() && !expiry.get().isAfter(now)) {
                    reaped.add(t.key());
                } else if (survivors != null) {
                    survivors.add(t);
                }
            }
            if (reaped.isEmpty()) {
                return reaped;
            }
            Collections.sort(reaped);
            rewriteJournal(survivors);
            Instant at = clock.instant();
            for (String key : reaped) {
                StateTransition gone = entries.remove(key);
                log.add(TRANSITIONS.adopt(key, shared(gone), null, REAP_ACTION_ID, at, NO_TTL));
            }
            return reaped;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Rewrites the journal as one record per live key, keeping each key's original timestamp and
     * TTL; does nothing without a journal. The state and the log are not changed.
     *
     * @throws StateStoreException if the rewrite fails; the old journal stays in place
     */
    public void compact() {
        ensureOpen();
        lock.writeLock().lock();
        try {
            ensureOpen();
            rewriteJournal(entries.values());
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void sync() {
        ensureOpen();
        if (journal != null) {
            journal.sync();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (journal != null) {
                journal.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Returns whether {@link #close()} has been called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "InMemoryStateStore[keys=" + entries.size() + (journal == null ? "" : ", journal=" + journal) + "]";
    }

    // ---------------------------------------------------------------- internals

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed: open a new one");
        }
    }

    private static JsonNode shared(StateTransition t) {
        return TRANSITIONS.sharedNewValue(t);
    }

    /**
     * Returns {@code t}, or an equal transition that shares its key string and its old value with
     * {@code previous} (the key's latest replayed write) when the old value equals that write's
     * value, as it does in every journal written in order. A live store shares these objects
     * between consecutive writes of a key; a replayed one would otherwise hold a second parsed
     * copy of every old value and key, and need half as much heap again.
     */
    private static StateTransition sharingWithPrevious(StateTransition t, StateTransition previous) {
        if (previous == null) {
            return t;
        }
        JsonNode old = TRANSITIONS.sharedOldValue(t);
        JsonNode before = shared(previous);
        if (old == null || !old.equals(before)) {
            return t;
        }
        return TRANSITIONS.adopt(previous.key(), before, TRANSITIONS.sharedNewValue(t), t.actionId(), t.timestamp(),
                ttlOf(t));
    }

    private static long ttlOf(StateTransition t) {
        return t.ttlSecs().orElse(NO_TTL);
    }

    private Map<String, JsonNode> checkedCopies(Map<String, JsonNode> values, String what) {
        ensureOpen();
        Map<String, JsonNode> copies = new HashMap<>(values.size() * 4 / 3 + 1);
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), () -> "a key of the " + what);
            JsonNode value = Objects.requireNonNull(e.getValue(),
                    () -> "value of key '" + key + "' in the " + what + " (use NullNode for JSON null)");
            copies.put(key, copyIn(key, value));
        }
        return copies;
    }

    /**
     * Returns the copy the store keeps: the canonical form every backend keeps ({@link CanonicalValues}),
     * which a journal's {@link Journal#writableCopy} returns too, after its own checks.
     */
    private JsonNode copyIn(String key, JsonNode value) {
        return journal == null ? CanonicalValues.copy(key, value) : journal.writableCopy(key, value);
    }

    private long appendToJournal(StateTransition t) {
        if (journal == null) {
            return 0;
        }
        if (waitsForSync) {
            long durable = journal.durableSequence();
            while (!undurable.isEmpty() && undurable.peekFirst().sequence <= durable) {
                undurable.pollFirst();
            }
        }
        return journal.append(t);
    }

    private void rememberUndurable(long sequence, String key, StateTransition previous) {
        if (waitsForSync) {
            undurable.addLast(new Undo(sequence, key, previous, log.size() - 1));
        }
    }

    /** Writes {@code live} as the whole journal, sorted by key, each without its old value. */
    private void rewriteJournal(Collection<StateTransition> live) {
        if (journal == null) {
            return;
        }
        StateTransition[] sorted = live.toArray(new StateTransition[0]);
        Arrays.sort(sorted, BY_KEY);
        List<StateTransition> records = new ArrayList<>(sorted.length);
        for (StateTransition t : sorted) {
            records.add(TRANSITIONS.adopt(t.key(), null, shared(t), t.actionId(), t.timestamp(), ttlOf(t)));
        }
        journal.rewrite(records);
        undurable.clear();
    }

    private void awaitDurable(long sequence) {
        if (!waitsForSync) {
            return;
        }
        try {
            journal.awaitDurable(sequence);
        } catch (RuntimeException e) {
            rollBackUndurable();
            throw e;
        }
    }

    /** Undoes, newest first, every write that the journal does not hold durably. */
    private void rollBackUndurable() {
        lock.writeLock().lock();
        try {
            long durable = journal.durableSequence();
            while (!undurable.isEmpty() && undurable.peekLast().sequence > durable) {
                Undo undo = undurable.pollLast();
                if (undo.previous == null) {
                    entries.remove(undo.key);
                } else {
                    entries.put(undo.key, undo.previous);
                }
                log.subList(undo.logIndex, log.size()).clear();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** What it takes to undo one write: its journal sequence, its key, the entry it replaced. */
    private static final class Undo {
        final long sequence;
        final String key;
        final StateTransition previous;
        final int logIndex;

        Undo(long sequence, String key, StateTransition previous, int logIndex) {
            this.sequence = sequence;
            this.key = key;
            this.previous = previous;
            this.logIndex = logIndex;
        }
    }
}
