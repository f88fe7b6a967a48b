package dev.statestore.memory;

import dev.statestore.Durability;
import dev.statestore.HistoryCompactedException;
import dev.statestore.StateStore;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import dev.statestore.internal.CanonicalText;
import dev.statestore.internal.CanonicalValues;
import dev.statestore.internal.HistoryPolicy;
import dev.statestore.internal.TransitionAccess;
import dev.statestore.spi.Journal;
import java.time.Clock;
import java.time.Duration;
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
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import tools.jackson.databind.JsonNode;

/**
 * The statestore engine: the state, the history, the TTL deadlines, the change feed and, when one
 * is attached, a {@link Journal} that makes it durable. {@code new InMemoryStateStore()} is a
 * plain in-memory store; {@link #builder()} takes a {@link Clock}, a journal and the history
 * options.
 *
 * <p>Thread-safety and locking. One read-write lock orders every mutation: a write takes the
 * write lock, gives the write the next revision, appends it to the journal (write-ahead: if the
 * append throws nothing changes), then updates the history, the state and the deadlines before
 * releasing it, so mutations are atomic across all of them and the journal holds them in revision
 * order. Conditional writes check the key's revision under the same lock. {@code get},
 * {@code exists} and {@code getVersioned} take no lock: they read a {@link ConcurrentHashMap} whose
 * every value is the latest write of its key, and bulk replacements ({@code restore},
 * {@code replaceAll}) publish a whole new map at once. {@code keys}, {@code snapshot} and the
 * history reads take the read lock. In {@link Durability#SYNCED} mode a writer waits for the
 * fsync after releasing the lock, so concurrent writers share one fsync; if that fsync fails,
 * every write it should have covered is rolled back and its caller gets the exception.
 *
 * <p>History. The heap holds a window of the newest transitions: every retained one for a store
 * without a journal that reads history back (bounded by the {@code history} option), at most
 * {@code memory-history} for one with such a journal, which serves older revisions from storage.
 * The heap therefore grows with the live keys plus that window, not with the writes ever made.
 *
 * <p>TTLs live with the state: each key's entry is the transition of its latest write, carrying
 * that write's timestamp and TTL, and a {@link DeadlineIndex} orders the keys with a TTL by
 * deadline, so {@link #reapExpired} takes time proportional to the keys it reaps.
 *
 * <p>The engine closes its journal when it is closed. It reaps expired keys by itself only with
 * a reap interval (the {@code reap-interval} option), on a daemon thread it stops on close.
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
    /** The most deletes of one reap handed to the journal at once. */
    private static final int REAP_BATCH = 1024;

    private static final System.Logger LOG = System.getLogger(InMemoryStateStore.class.getName());
    private static final TransitionAccess.Access TRANSITIONS = TransitionAccess.get();
    private static final long NO_TTL = -1;
    private static final Comparator<StateTransition> BY_KEY = Comparator.comparing(StateTransition::key);

    private final Clock clock;
    private final Journal journal;
    private final boolean waitsForSync;
    private final boolean journalReadsHistory;
    private final HistoryPolicy history;
    private final int memoryHistory;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ChangeFeed feed;
    private final ScheduledExecutorService reaper;

    /** Key to the transition of its latest write; replaced whole by restore and replaceAll. */
    private volatile ConcurrentHashMap<String, StateTransition> entries = new ConcurrentHashMap<>();
    /** The newest transitions; guarded by {@link #lock}. */
    private final HistoryWindow window = new HistoryWindow();
    /** Keys with a TTL by deadline; guarded by the write lock. */
    private final DeadlineIndex deadlines = new DeadlineIndex();
    /** The revision of the latest transition; written under the write lock. */
    private volatile long latestRevision;
    /** SYNCED writes not yet known to be durable, oldest first; guarded by the write lock. */
    private final ArrayDeque<Undo> undurable = new ArrayDeque<>();
    private volatile boolean closed;

    /** Creates an empty store without a journal, timed by the system UTC clock. */
    public InMemoryStateStore() {
        this(new Builder());
    }

    private InMemoryStateStore(Builder b) {
        this.clock = b.clock;
        this.journal = b.journal;
        this.history = b.history;
        this.memoryHistory = b.memoryHistory;
        this.waitsForSync = journal != null && journal.durability() == Durability.SYNCED;
        this.journalReadsHistory = journal != null && journal.readsHistory();
        this.feed = new ChangeFeed(this::readPage, Integer.toHexString(System.identityHashCode(this)));
        if (journal != null) {
            replay();
        }
        if (b.reapInterval != null) {
            long millis = Math.max(1, b.reapInterval.toMillis());
            reaper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "statestore-reaper");
                t.setDaemon(true);
                return t;
            });
            reaper.scheduleWithFixedDelay(this::reapInBackground, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            reaper = null;
        }
    }

    private void replay() {
        long[] latest = {0};
        var sink = new Journal.ReplaySink() {
            ConcurrentHashMap<String, StateTransition> replayed = new ConcurrentHashMap<>();

            @Override
            public void expectKeys(long keys) {
                if (replayed.isEmpty() && keys > 0) {
                    // Sized once: a map grown from empty to 10^5 keys rehashes seventeen times.
                    replayed = new ConcurrentHashMap<>((int) Math.min(keys, 1 << 26));
                }
            }

            @Override
            public void state(StateTransition t) {
                replayed.put(t.key(), t);
                latest[0] = Math.max(latest[0], t.revision());
            }

            @Override
            public void history(StateTransition read) {
                StateTransition previous = replayed.get(read.key());
                long revision = read.revision() > 0 ? read.revision() : latest[0] + 1;
                if (revision < window.endRevision()) {
                    // Out of order (only a damaged journal does that): keep the newest run.
                    window.clear(revision);
                }
                long version = read.isDelete() ? 0 : read.version() > 0 ? read.version()
                        : previous == null ? 1 : previous.version() + 1;
                StateTransition t = sharingWithPrevious(read, previous, revision, version);
                latest[0] = revision;
                latestRevision = revision;
                window.add(t);
                if (t.isDelete()) {
                    replayed.remove(t.key());
                } else {
                    replayed.put(t.key(), t);
                }
                trimWindow();
            }

            @Override
            public void end(long latestRevision) {
                latest[0] = Math.max(latest[0], latestRevision);
            }
        };
        journal.replay(sink);
        ConcurrentHashMap<String, StateTransition> replayed = sink.replayed;
        if (window.size() == 0) {
            window.clear(latest[0] + 1);
        }
        latestRevision = latest[0];
        entries = replayed;
        journal.attachState(replayed.values(), () -> latestRevision);
        for (StateTransition t : replayed.values()) {
            deadlines.add(t);
        }
    }

    /**
     * Returns a builder for a store with a chosen clock, journal and history options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder of stores with a chosen {@link Clock}, an optional {@link Journal} and the history
     * options. Not thread-safe.
     */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Journal journal;
        private HistoryPolicy history = HistoryPolicy.ALL;
        private int memoryHistory = HistoryPolicy.DEFAULT_MEMORY_HISTORY;
        private Duration reapInterval;

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
         * Sets how much history to keep, as the {@code history} option: {@code all} (the default),
         * a count such as {@code 10000}, or an ISO-8601 duration such as {@code P7D}.
         *
         * @param policy the option's value
         * @return this builder
         * @throws IllegalArgumentException if the value is not one of those forms
         */
        public Builder history(String policy) {
            this.history = HistoryPolicy.parse(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Sets the most transitions held on the heap when the journal reads history back
         * ({@code memory-history}, default 10000).
         *
         * @param transitions the window, {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder memoryHistory(int transitions) {
            if (transitions < 1) {
                throw new IllegalArgumentException("memory-history must be >= 1, was " + transitions);
            }
            this.memoryHistory = transitions;
            return this;
        }

        /**
         * Runs {@link #reapExpired reapExpired(clock.instant())} on a daemon thread at this
         * interval, from build until close ({@code reap-interval}); {@code null} for none.
         *
         * @param interval the interval, positive, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder reapInterval(Duration interval) {
            if (interval != null && (interval.isZero() || interval.isNegative())) {
                throw new IllegalArgumentException("reap-interval must be positive, was " + interval);
            }
            this.reapInterval = interval;
            return this;
        }

        /**
         * Returns the store, after replaying the journal if one is attached.
         *
         * @return the store
         * @throws StateStoreException if the journal cannot be replayed
         */
        public InMemoryStateStore build() {
            return new InMemoryStateStore(this);
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
    public Optional<Versioned> getVersioned(String key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        StateTransition t = entries.get(key);
        return t == null ? Optional.empty()
                : Optional.of(new Versioned(shared(t).deepCopy(), t.revision(), t.version(), t.expiresAt()));
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
        return latestRevision;
    }

    @Override
    public List<StateTransition> transitions() {
        ensureOpen();
        long after;
        lock.readLock().lock();
        try {
            after = oldestRetained() - 1;
        } finally {
            lock.readLock().unlock();
        }
        return transitionsSince(after);
    }

    @Override
    public List<StateTransition> transitionsSince(long index) {
        checkIndex(index);
        List<StateTransition> all = new ArrayList<>();
        long after = index;
        while (true) {
            List<StateTransition> page = transitionsSince(after, 4096);
            all.addAll(page);
            if (page.size() < 4096) {
                return all;
            }
            after = page.get(page.size() - 1).revision();
        }
    }

    @Override
    public List<StateTransition> transitionsSince(long index, int limit) {
        checkIndex(index);
        if (limit < 1) {
            throw new IllegalArgumentException("transitionsSince limit must be >= 1, was " + limit);
        }
        ensureOpen();
        return readPage(index, limit).transitions();
    }

    /** Returns a page of history and the feed epoch it was read in; the change feed's source. */
    private ChangeFeed.Page readPage(long after, int limit) {
        ensureOpen();
        lock.readLock().lock();
        try {
            ensureOpen();
            long epoch = feed.epoch();
            if (after >= latestRevision) {
                return new ChangeFeed.Page(List.of(), epoch);
            }
            if (after + 1 >= window.firstRevision()) {
                return new ChangeFeed.Page(window.after(after, limit), epoch);
            }
            long oldest = oldestRetained();
            if (after + 1 < oldest || !journalReadsHistory) {
                throw HistoryCompactedException.readAfter(after, oldest);
            }
            // Older than the heap holds: the journal reads it back. Under the read lock, so no
            // rewrite or rewind runs meanwhile and the epoch stays true.
            return new ChangeFeed.Page(journal.readHistory(after, limit), epoch);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Returns the oldest revision this store can return; called under the lock. */
    private long oldestRetained() {
        long inMemory = window.firstRevision();
        if (journalReadsHistory) {
            return Math.min(inMemory, journal.oldestRetainedRevision());
        }
        return inMemory;
    }

    private static void checkIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("transitionsSince index must be >= 0, was " + index);
        }
    }

    @Override
    public Flow.Publisher<StateTransition> changes(long afterRevision) {
        if (afterRevision < 0) {
            throw new IllegalArgumentException("changes afterRevision must be >= 0, was " + afterRevision);
        }
        ensureOpen();
        return feed.publisher(afterRevision);
    }

    // ---------------------------------------------------------------- single-key writes

    /** The condition of a conditional write: any revision. */
    private static final long UNCONDITIONAL = -1;

    @Override
    public StateTransition set(String key, JsonNode value, String actionId) {
        return write(key, UNCONDITIONAL, value, actionId, NO_TTL).orElseThrow();
    }

    @Override
    public StateTransition setWithTtl(String key, JsonNode value, String actionId, long ttlSecs) {
        checkTtl(key, ttlSecs);
        return write(key, UNCONDITIONAL, value, actionId, ttlSecs).orElseThrow();
    }

    @Override
    public Optional<StateTransition> setIf(String key, long expectedRevision, JsonNode value, String actionId) {
        checkExpected(key, expectedRevision);
        return write(key, expectedRevision, value, actionId, NO_TTL);
    }

    @Override
    public Optional<StateTransition> setWithTtlIf(String key, long expectedRevision, JsonNode value,
            String actionId, long ttlSecs) {
        checkExpected(key, expectedRevision);
        checkTtl(key, ttlSecs);
        return write(key, expectedRevision, value, actionId, ttlSecs);
    }

    private static void checkTtl(String key, long ttlSecs) {
        if (ttlSecs < 0) {
            Objects.requireNonNull(key, "key");
            throw new IllegalArgumentException("ttlSecs must be >= 0 for key '" + key + "', was " + ttlSecs
                    + " (0 makes the key reapable at once)");
        }
    }

    private static void checkExpected(String key, long expectedRevision) {
        if (expectedRevision < 0) {
            Objects.requireNonNull(key, "key");
            throw new IllegalArgumentException("expectedRevision must be >= 0 for key '" + key + "', was "
                    + expectedRevision + " (0 means the key must be absent; otherwise pass the revision read"
                    + " from getVersioned)");
        }
    }

    private static long revisionOf(StateTransition entry) {
        return entry == null ? 0 : entry.revision();
    }

    private Optional<StateTransition> write(String key, long expected, JsonNode value, String actionId,
            long ttlSecs) {
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
            if (expected != UNCONDITIONAL && revisionOf(previous) != expected) {
                return Optional.empty();
            }
            long revision = latestRevision + 1;
            t = TRANSITIONS.adopt(key, previous == null ? null : shared(previous), copy, actionId,
                    clock.instant(), ttlSecs, revision, previous == null ? 1 : previous.version() + 1);
            sequence = appendToJournal(t);
            apply(t, previous);
            rememberUndurable(sequence, key, previous, revision);
        } finally {
            lock.writeLock().unlock();
        }
        awaitDurable(sequence);
        feed.committed();
        return Optional.of(t);
    }

    @Override
    public Optional<StateTransition> delete(String key, String actionId) {
        return remove(key, UNCONDITIONAL, actionId);
    }

    @Override
    public Optional<StateTransition> deleteIf(String key, long expectedRevision, String actionId) {
        checkExpected(key, expectedRevision);
        return remove(key, expectedRevision, actionId);
    }

    private Optional<StateTransition> remove(String key, long expected, String actionId) {
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
            if (previous == null || expected != UNCONDITIONAL && previous.revision() != expected) {
                return Optional.empty();
            }
            long revision = latestRevision + 1;
            t = TRANSITIONS.adopt(key, shared(previous), null, actionId, clock.instant(), NO_TTL, revision, 0);
            sequence = appendToJournal(t);
            apply(t, previous);
            rememberUndurable(sequence, key, previous, revision);
        } finally {
            lock.writeLock().unlock();
        }
        awaitDurable(sequence);
        feed.committed();
        return Optional.of(t);
    }

    /** Makes {@code t} the latest transition; called under the write lock after the journal took it. */
    private void apply(StateTransition t, StateTransition previous) {
        window.add(t);
        if (previous != null) {
            deadlines.remove(previous);
        }
        if (t.isDelete()) {
            entries.remove(t.key());
        } else {
            entries.put(t.key(), t);
            deadlines.add(t);
        }
        // Last: transitionCount() reads this without the lock, and a reader that counts a write
        // must also see it in the state (jcstress SetGetVisibility).
        latestRevision = t.revision();
        trimWindow();
    }

    /** Drops the oldest transitions the heap need not hold; called under the write lock. */
    private void trimWindow() {
        if (journalReadsHistory) {
            while (window.size() > memoryHistory) {
                window.dropOldest();
            }
            return;
        }
        if (history.keepsAll()) {
            return;
        }
        Instant now = history.age() == null ? null : clock.instant();
        while (window.size() > 0) {
            StateTransition oldest = window.oldest();
            if (oldest != null && !history.mayDrop(oldest.revision(), oldest.timestamp(), latestRevision, now)) {
                return;
            }
            window.dropOldest();
        }
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
            long keep = Math.min(transitionCount, latestRevision);
            Map<String, StateTransition> latestRetained = retainedBefore(copies.keySet(), keep);
            for (StateTransition t : window.upTo(keep)) {
                latestRetained.put(t.key(), t);
            }
            Instant now = clock.instant();
            ConcurrentHashMap<String, StateTransition> restored = new ConcurrentHashMap<>();
            copies.forEach((key, value) -> {
                StateTransition current = entries.get(key);
                StateTransition latest = current != null && current.revision() > 0 && current.revision() <= keep
                        ? current : latestRetained.get(key);
                restored.put(key, latest == null || latest.isDelete()
                        ? TRANSITIONS.adopt(key, null, value, RESTORE_ACTION_ID, now, NO_TTL, 0, 1)
                        : TRANSITIONS.adopt(key, null, value, latest.actionId(), latest.timestamp(), ttlOf(latest),
                                latest.revision(), latest.version()));
            });
            rewriteJournal(restored.values(), keep);
            window.truncateAfter(keep);
            install(restored);
            latestRevision = keep;
            feed.rewound(keep);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Returns, for the keys of {@code keys} whose latest write is not usable as it stands (absent,
     * or after {@code keep}), their latest transition up to {@code keep} among those older than the
     * heap holds, read back from the journal; empty when the heap holds the whole retained history
     * or the journal reads none back. Called under the write lock, by restore.
     */
    private Map<String, StateTransition> retainedBefore(Collection<String> keys, long keep) {
        Map<String, StateTransition> found = new HashMap<>();
        if (!journalReadsHistory) {
            return found;
        }
        long until = Math.min(keep, window.firstRevision() - 1);
        long after = journal.oldestRetainedRevision() - 1;
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (String key : keys) {
            StateTransition current = entries.get(key);
            if (current == null || current.revision() <= 0 || current.revision() > keep) {
                wanted.add(key);
            }
        }
        while (!wanted.isEmpty() && after < until) {
            List<StateTransition> page = journal.readHistory(after, 4096);
            if (page.isEmpty()) {
                break;
            }
            for (StateTransition t : page) {
                if (t.revision() > until) {
                    return found;
                }
                if (wanted.contains(t.key())) {
                    found.put(t.key(), t);
                }
            }
            after = page.get(page.size() - 1).revision();
        }
        return found;
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
                    replaced.put(key, TRANSITIONS.adopt(key, null, value, REPLACE_ACTION_ID, now, NO_TTL, 0, 1)));
            rewriteJournal(replaced.values(), 0);
            window.clear(1);
            install(replaced);
            latestRevision = 0;
            feed.rewound(0);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Publishes a new state and rebuilds the deadlines; called under the write lock. */
    private void install(ConcurrentHashMap<String, StateTransition> state) {
        deadlines.clear();
        for (StateTransition t : state.values()) {
            deadlines.add(t);
        }
        entries = state;
        if (journal != null) {
            journal.attachState(state.values(), () -> latestRevision);
        }
    }

    @Override
    public List<String> reapExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        ensureOpen();
        List<String> reaped = new ArrayList<>();
        long sequence = 0;
        lock.writeLock().lock();
        try {
            ensureOpen();
            List<StateTransition> expired = deadlines.pollExpired(now);
            // The index yields writes by deadline; the history records them in key order, the
            // order reapExpired returns them in.
            expired.sort(BY_KEY);
            Instant at = clock.instant();
            try {
                // In batches, each appended all or none, so that a journal can write a batch's
                // delete lines at once; a failure leaves the earlier batches reaped.
                for (int from = 0; from < expired.size(); from += REAP_BATCH) {
                    List<StateTransition> gone = expired.subList(from, Math.min(expired.size(), from + REAP_BATCH));
                    List<StateTransition> deletes = new ArrayList<>(gone.size());
                    long revision = latestRevision;
                    for (StateTransition g : gone) {
                        deletes.add(TRANSITIONS.adopt(g.key(), shared(g), null, REAP_ACTION_ID, at, NO_TTL, ++revision,
                                0));
                    }
                    long last = appendAllToJournal(deletes);
                    for (int i = 0; i < deletes.size(); i++) {
                        StateTransition t = deletes.get(i);
                        apply(t, null);
                        sequence = last == 0 ? 0 : last - (deletes.size() - 1 - i);
                        rememberUndurable(sequence, t.key(), gone.get(i), t.revision());
                        reaped.add(t.key());
                    }
                }
            } catch (RuntimeException e) {
                // The keys not reaped keep their deadlines; those reaped stay reaped.
                for (StateTransition t : expired.subList(reaped.size(), expired.size())) {
                    deadlines.add(t);
                }
                throw e;
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (!reaped.isEmpty()) {
            awaitDurable(sequence);
            feed.committed();
        }
        return reaped;
    }

    private void reapInBackground() {
        try {
            if (!closed) {
                reapExpired(clock.instant());
            }
        } catch (IllegalStateException e) {
            // closed meanwhile
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "background reap failed; it runs again at the next interval", e);
        }
    }

    /**
     * Rewrites the journal as one record per live key after the history it keeps, each keeping
     * its original revision, version, timestamp and TTL; does nothing without a journal. The state
     * and the history in memory are not changed.
     *
     * @throws StateStoreException if the rewrite fails; the old journal stays in place
     */
    public void compact() {
        ensureOpen();
        lock.writeLock().lock();
        try {
            ensureOpen();
            rewriteJournal(entries.values(), latestRevision);
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
            if (reaper != null) {
                reaper.shutdownNow();
            }
            feed.close();
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
        return "InMemoryStateStore[keys=" + entries.size() + ", revision=" + latestRevision
                + (journal == null ? "" : ", journal=" + journal) + "]";
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
     * Returns {@code t} at {@code revision} and {@code version}, sharing its key string and its
     * old value with {@code previous} (the key's latest replayed write) when the old value equals
     * that write's value, as it does in every journal written in order. A live store shares these
     * objects between consecutive writes of a key; a replayed one would otherwise hold a second
     * parsed copy of every old value and key.
     */
    private static StateTransition sharingWithPrevious(StateTransition t, StateTransition previous, long revision,
            long version) {
        JsonNode old = TRANSITIONS.sharedOldValue(t);
        String key = t.key();
        if (previous != null) {
            JsonNode before = shared(previous);
            if (old != null && old.equals(before)) {
                old = before;
                key = previous.key();
            }
        }
        return TRANSITIONS.adopt(key, old, TRANSITIONS.sharedNewValue(t), t.actionId(), t.timestamp(), ttlOf(t),
                revision, version);
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
        forgetDurableUndos();
        return journal.append(t);
    }

    /** Appends a batch all or none; returns the last one's sequence, or 0 without a journal. */
    private long appendAllToJournal(List<StateTransition> batch) {
        if (journal == null) {
            return 0;
        }
        forgetDurableUndos();
        return journal.appendAll(batch);
    }

    /** Drops the undo records of writes the journal has made durable; called under the write lock. */
    private void forgetDurableUndos() {
        if (waitsForSync) {
            long durable = journal.durableSequence();
            while (!undurable.isEmpty() && undurable.peekFirst().sequence <= durable) {
                undurable.pollFirst();
            }
        }
    }

    private void rememberUndurable(long sequence, String key, StateTransition previous, long revision) {
        if (waitsForSync) {
            undurable.addLast(new Undo(sequence, key, previous, revision));
        }
    }

    /** Writes {@code live} as the journal's state, sorted by key, after the history up to {@code historyEnd}. */
    private void rewriteJournal(Collection<StateTransition> live, long historyEnd) {
        if (journal == null) {
            return;
        }
        StateTransition[] sorted = live.toArray(new StateTransition[0]);
        Arrays.sort(sorted, BY_KEY);
        List<StateTransition> records = new ArrayList<>(sorted.length);
        for (StateTransition t : sorted) {
            records.add(TRANSITIONS.adopt(t.key(), null, shared(t), t.actionId(), t.timestamp(), ttlOf(t),
                    t.revision(), t.version()));
        }
        journal.rewrite(records, historyEnd);
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
            long rewoundTo = Long.MAX_VALUE;
            while (!undurable.isEmpty() && undurable.peekLast().sequence > durable) {
                Undo undo = undurable.pollLast();
                StateTransition current = entries.get(undo.key);
                if (current != null) {
                    deadlines.remove(current);
                }
                if (undo.previous == null) {
                    entries.remove(undo.key);
                } else {
                    entries.put(undo.key, undo.previous);
                    deadlines.add(undo.previous);
                }
                window.truncateAfter(undo.revision - 1);
                latestRevision = undo.revision - 1;
                rewoundTo = undo.revision - 1;
            }
            if (rewoundTo != Long.MAX_VALUE) {
                feed.rewound(rewoundTo);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** What it takes to undo one write: its journal sequence, its key, the entry it replaced, its revision. */
    private static final class Undo {
        final long sequence;
        final String key;
        final StateTransition previous;
        final long revision;

        Undo(long sequence, String key, StateTransition previous, long revision) {
            this.sequence = sequence;
            this.key = key;
            this.previous = previous;
            this.revision = revision;
        }
    }
}
