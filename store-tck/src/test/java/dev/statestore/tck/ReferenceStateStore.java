package dev.statestore.tck;

import dev.statestore.HistoryCompactedException;
import dev.statestore.ScopedStateView;
import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plain, single-lock implementation of the store's rules, written apart from the engine
 * and from the kit's model, with switchable {@link Defect}s: the kit's own tests run the kit against
 * it without defects (every rule green) and with each defect (the named rules red). With a
 * {@link Place} it is "persistent": every write goes to the place's record list, which a later store
 * replays, and reap, restore and replaceAll rewrite that list.
 *
 * <p>Thread-safe by synchronizing every method. Closing it releases nothing but the place.
 */
final class ReferenceStateStore implements StateStore {

    /** One deliberate deviation from the design each. */
    enum Defect {
        KEEPS_TTL_AFTER_PLAIN_SET,
        LOGS_DELETE_OF_ABSENT_KEY,
        SHALLOW_GET,
        KEEPS_CALLERS_NODE,
        LIVE_LOG_VIEW,
        NON_ATOMIC_RESTORE,
        UNSORTED_KEYS,
        TTL_OVERFLOW,
        TTL_ZERO_IS_FOREVER,
        REAP_STRICTLY_AFTER_DEADLINE,
        RESTORE_KEEPS_WHOLE_LOG,
        RESTORE_DROPS_TTLS,
        RESTORE_USES_LATEST_TTL_WRITE,
        REPLACE_ALL_KEEPS_TTLS,
        REAP_WITHOUT_TRANSITIONS,
        NO_CLOSE_CHECK,
        SECOND_CLOSE_THROWS,
        NEGATIVE_INDEX_IS_EMPTY,
        NEGATIVE_TTL_HALF_APPLIED,
        JSON_NULL_IS_DELETE,
        LENIENT_TENANTS,
        SHARED_TENANTS,
        REOPEN_FORGETS_TTL,
        RESTORE_NOT_PERSISTED,
        COMPACTION_RESTARTS_TTL,
        REOPEN_DROPS_JSON_NULL,
        /** A conditional write compares with the revision the key had when created, never updated. */
        CAS_STALE_CACHED_REVISION,
        /** A conditional write of an absent key matches whatever revision it expects. */
        CAS_IGNORES_REVISION_ON_ABSENT,
        /** A conditional write compares the key's version, so a recreated key matches an old read (ABA). */
        CAS_COMPARES_VERSION,
        /** A conditional write checks the revision, lets go of the lock, then writes. */
        CAS_CHECKS_OUTSIDE_LOCK,
        /** A conditional write that does not match still takes a revision. */
        FAILED_CAS_TAKES_A_REVISION,
        /** A key written again after a delete continues from its old version. */
        VERSION_NOT_RESET_AFTER_DELETE,
        /** A re-opened store numbers its writes from 1 again. */
        REVISIONS_RESTART_ON_REOPEN,
        /** restore keeps counting from the revision before the rewind. */
        RESTORE_KEEPS_REVISION_COUNTER,
        /** replaceAll keeps counting from the revision before it. */
        REPLACE_ALL_KEEPS_REVISION_COUNTER,
        /** A read beyond the bounded history returns what is retained instead of throwing. */
        HISTORY_BOUND_READS_SHORT,
        /** The feed drops items when it reads a full page: it falls behind under load. */
        FEED_DROPS_UNDER_LOAD,
        /** The feed delivers a whole page once anything is requested. */
        FEED_IGNORES_DEMAND,
        /** cancel() does not stop the feed. */
        FEED_IGNORES_CANCEL,
        /** Closing the store leaves subscribers waiting. */
        FEED_NEVER_COMPLETES,
        /** A restore behind the feed's position goes unnoticed. */
        FEED_IGNORES_REWIND,
        /** Keeps a copy of the value as given: a LongNode stays a LongNode, a BinaryNode shares its bytes. */
        KEEPS_NON_CANONICAL_VALUES,
        /** Keeps NaN, POJO nodes, unpaired surrogates and over-deep values instead of refusing them. */
        ACCEPTS_UNSTORABLE_VALUES,
        /** Accepts nesting up to 999 levels, which no default JSON writer prints. */
        NESTING_LIMIT_999,
        /** Reads every int back as a long on reopen. */
        REOPEN_WIDENS_INTEGERS
    }

    /** Where a persistent reference store keeps its records between close and reopen. */
    static final class Place {
        final List<StateTransition> records = new ArrayList<>();
        final List<StateTransition> state = new ArrayList<>();
        int stateAt;
        boolean rewritten;
        boolean open;
    }

    /**
     * A key's value and the action, timestamp and TTL ({@code -1}: none) of the write that set it,
     * with that write's revision ({@code 0} when not in the log) and the key's version.
     */
    private record Entry(JsonNode value, String actionId, Instant timestamp, long ttl, long revision, long version) {
        Entry(JsonNode value, String actionId, Instant timestamp, long ttl) {
            this(value, actionId, timestamp, ttl, 0, 1);
        }

        Optional<Instant> expiresAt() {
            if (ttl < 0) {
                return Optional.empty();
            }
            return Optional.of(ttl >= Instant.MAX.getEpochSecond() - timestamp.getEpochSecond()
                    ? Instant.MAX : timestamp.plusSeconds(ttl));
        }
    }

    private final Clock clock;
    private final Set<Defect> defects;
    private final TextRoundTrip values;
    private final Place place;
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final List<String> insertionOrder = new ArrayList<>();
    private final List<StateTransition> log = new ArrayList<>();
    /** The history option: keep at least this many latest transitions; 0 keeps all. */
    private final int keepAtLeast;
    /** Revisions taken without a transition (defects only); 0 in a correct store. */
    private long lostRevisions;
    /** Each key's revision when it was created (for {@link Defect#CAS_STALE_CACHED_REVISION}). */
    private final Map<String, Long> createdAt = new TreeMap<>();
    /** Each deleted key's last version (for {@link Defect#VERSION_NOT_RESET_AFTER_DELETE}). */
    private final Map<String, Long> tombstones = new TreeMap<>();
    /** The revisions restore and replaceAll rewound to, in order: the feed's epochs. */
    private final List<Long> rewinds = new ArrayList<>();
    private boolean closed;

    ReferenceStateStore(Clock clock, Set<Defect> defects, Place place) {
        this(clock, defects, place, 0);
    }

    ReferenceStateStore(Clock clock, Set<Defect> defects, Place place, int keepAtLeast) {
        this.clock = clock;
        this.keepAtLeast = keepAtLeast;
        this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
        this.values = new TextRoundTrip(has(Defect.NESTING_LIMIT_999) ? 999 : 500);
        this.place = place;
        if (place != null) {
            if (place.open) {
                throw new IllegalStateException("the place is open already");
            }
            place.open = true;
            log.addAll(place.records);
            int from = 0;
            if (place.rewritten) {
                for (StateTransition t : place.state) {
                    applyReplayed(t);
                }
                from = place.stateAt;
            }
            for (StateTransition t : place.records.subList(from, place.records.size())) {
                applyReplayed(t);
            }
            if (has(Defect.REVISIONS_RESTART_ON_REOPEN)) {
                log.clear();
            }
        }
    }

    private void applyReplayed(StateTransition t) {
        boolean nullAsDelete = has(Defect.REOPEN_DROPS_JSON_NULL) && t.newValue().map(JsonNode::isNull).orElse(false);
        if (t.isDelete() || nullAsDelete) {
            remove(t.key());
        } else {
            JsonNode value = t.newValue().orElseThrow();
            if (has(Defect.REOPEN_WIDENS_INTEGERS)) {
                value = TextRoundTrip.widenIntegers(value);
            }
            put(t.key(), new Entry(value, t.actionId(), t.timestamp(),
                    has(Defect.REOPEN_FORGETS_TTL) ? -1 : t.ttlSecs().orElse(-1), t.revision(), t.version()));
        }
    }

    private ReferenceStateStore checked() {
        if (closed && !has(Defect.NO_CLOSE_CHECK)) {
            throw new IllegalStateException("closed");
        }
        return this;
    }

    private boolean has(Defect d) {
        return defects.contains(d);
    }

    /** Returns the copy of {@code value} the store keeps, or refuses it. */
    private JsonNode keep(String key, JsonNode value) {
        if (has(Defect.ACCEPTS_UNSTORABLE_VALUES)) {
            try {
                return values.copy(key, value);
            } catch (IllegalArgumentException e) {
                return value.deepCopy();
            }
        }
        JsonNode copy = values.copy(key, value);
        return has(Defect.KEEPS_NON_CANONICAL_VALUES) ? value.deepCopy() : copy;
    }

    private void checkActionId(String actionId) {
        if (!has(Defect.ACCEPTS_UNSTORABLE_VALUES)) {
            TextRoundTrip.checkText("action id '" + actionId + "'", actionId);
        }
    }

    private void put(String key, Entry e) {
        if (!entries.containsKey(key)) {
            insertionOrder.add(key);
        }
        entries.put(key, e);
    }

    private void remove(String key) {
        entries.remove(key);
        insertionOrder.remove(key);
    }

    private long nextRevision() {
        return log.size() + 1 + lostRevisions;
    }

    private void record(StateTransition t) {
        log.add(t);
        if (place != null) {
            place.records.add(t);
        }
    }

    private void rewritePlace() {
        rewritePlace(null);
    }

    /** Replaces the place's records by one per live key; {@code stamp}, if given, replaces every timestamp. */
    private void rewritePlace(Instant stamp) {
        if (place == null) {
            return;
        }
        // The place keeps the whole log, then the state: a reopen replays the log for the history
        // and then installs the state, as a journal's rewrite does.
        place.records.clear();
        place.records.addAll(log);
        place.stateAt = log.size();
        place.state.clear();
        entries.forEach((k, e) -> place.state.add(StateTransition.of(k, Optional.empty(), Optional.of(e.value()),
                e.actionId(), stamp == null ? e.timestamp() : stamp,
                e.ttl() < 0 ? OptionalLong.empty() : OptionalLong.of(e.ttl()), e.revision(), e.version())));
        place.rewritten = true;
    }

    private JsonNode copyOut(JsonNode v) {
        if (!has(Defect.SHALLOW_GET)) {
            return v.deepCopy();
        }
        if (v instanceof ObjectNode o) {
            ObjectNode top = o.objectNode();
            o.properties().forEach(p -> top.set(p.getKey(), p.getValue()));
            return top;
        }
        if (v instanceof ArrayNode a) {
            ArrayNode top = a.arrayNode();
            a.forEach(top::add);
            return top;
        }
        return v;
    }

    private boolean expired(Entry e, Instant now) {
        if (e.ttl() < 0) {
            return false;
        }
        if (has(Defect.TTL_ZERO_IS_FOREVER) && e.ttl() == 0) {
            return false;
        }
        if (has(Defect.TTL_OVERFLOW)) {
            return e.timestamp().toEpochMilli() + e.ttl() * 1000 <= now.toEpochMilli();
        }
        Instant deadline = e.ttl() >= Instant.MAX.getEpochSecond() - e.timestamp().getEpochSecond()
                ? Instant.MAX : e.timestamp().plusSeconds(e.ttl());
        return has(Defect.REAP_STRICTLY_AFTER_DEADLINE) ? deadline.isBefore(now) : !deadline.isAfter(now);
    }

    @Override
    public synchronized Optional<JsonNode> get(String key) {
        Objects.requireNonNull(key, "key");
        Entry e = checked().entries.get(key);
        return e == null ? Optional.empty() : Optional.of(copyOut(e.value()));
    }

    @Override
    public synchronized JsonNode getOr(String key, JsonNode defaultValue) {
        return get(key).orElse(defaultValue);
    }

    @Override
    public synchronized boolean exists(String key) {
        Objects.requireNonNull(key, "key");
        return checked().entries.containsKey(key);
    }

    @Override
    public synchronized StateTransition set(String key, JsonNode value, String actionId) {
        return write(key, value, actionId, -1);
    }

    @Override
    public synchronized StateTransition setWithTtl(String key, JsonNode value, String actionId, long ttlSecs) {
        if (ttlSecs < 0) {
            if (has(Defect.NEGATIVE_TTL_HALF_APPLIED)) {
                write(key, value, actionId, -1);
            }
            throw new IllegalArgumentException("ttl of key '" + key + "' is " + ttlSecs);
        }
        return write(key, value, actionId, ttlSecs);
    }

    private StateTransition write(String key, JsonNode value, String actionId, long ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(actionId, "actionId");
        checked();
        checkActionId(actionId);
        JsonNode kept = keep(key, value);
        Entry old = entries.get(key);
        Instant now = clock.instant();
        long revision = nextRevision();
        long version = old != null ? old.version() + 1
                : has(Defect.VERSION_NOT_RESET_AFTER_DELETE) ? tombstones.getOrDefault(key, 0L) + 1 : 1;
        if (old == null) {
            createdAt.put(key, revision);
        }
        StateTransition t = StateTransition.of(key, Optional.ofNullable(old == null ? null : old.value()),
                Optional.of(kept), actionId, now, ttl < 0 ? OptionalLong.empty() : OptionalLong.of(ttl), revision,
                version);
        record(t);
        if (has(Defect.JSON_NULL_IS_DELETE) && value.isNull()) {
            remove(key);
        } else if (ttl < 0 && old != null && old.ttl() >= 0 && has(Defect.KEEPS_TTL_AFTER_PLAIN_SET)) {
            put(key, new Entry(kept, actionId, old.timestamp(), old.ttl(), revision, version));
        } else {
            put(key, new Entry(has(Defect.KEEPS_CALLERS_NODE) ? value : kept, actionId, now, ttl,
                    revision, version));
        }
        return t;
    }

    @Override
    public synchronized Optional<StateTransition> delete(String key, String actionId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(actionId, "actionId");
        Entry old = checked().entries.get(key);
        checkActionId(actionId);
        if (old == null) {
            if (has(Defect.LOGS_DELETE_OF_ABSENT_KEY)) {
                record(StateTransition.of(key, Optional.empty(), Optional.empty(), actionId, clock.instant(),
                        OptionalLong.empty()));
            }
            return Optional.empty();
        }
        StateTransition t = StateTransition.of(key, Optional.of(old.value()), Optional.empty(), actionId,
                clock.instant(), OptionalLong.empty(), nextRevision(), 0);
        record(t);
        tombstones.put(key, old.version());
        remove(key);
        return Optional.of(t);
    }

    @Override
    public synchronized Map<String, JsonNode> snapshot() {
        Map<String, JsonNode> snap = new TreeMap<>();
        checked().entries.forEach((k, e) -> snap.put(k, e.value().deepCopy()));
        return snap;
    }

    private Map<String, JsonNode> copies(Map<String, JsonNode> in) {
        Map<String, JsonNode> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(Objects.requireNonNull(k, "a key of the map"),
                keep(k, Objects.requireNonNull(v, () -> "the value of key '" + k + "'"))));
        return out;
    }

    @Override
    public synchronized void restore(Map<String, JsonNode> snapshot, long transitionCount) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (transitionCount < 0) {
            throw new IllegalArgumentException("transitionCount is " + transitionCount);
        }
        if (has(Defect.NON_ATOMIC_RESTORE)) {
            entries.clear();
            insertionOrder.clear();
        }
        Map<String, JsonNode> values = copies(snapshot);
        checked();
        long rewoundTo = Math.min(transitionCount, log.size());
        if (!has(Defect.RESTORE_KEEPS_WHOLE_LOG)) {
            int keep = (int) rewoundTo;
            if (has(Defect.RESTORE_KEEPS_REVISION_COUNTER)) {
                lostRevisions += log.size() - keep;
            }
            log.subList(keep, log.size()).clear();
        }
        rewinds.add(rewoundTo);
        entries.clear();
        insertionOrder.clear();
        Instant now = clock.instant();
        values.forEach((key, value) -> {
            StateTransition latest = null;
            for (int i = log.size() - 1; i >= 0 && latest == null; i--) {
                StateTransition t = log.get(i);
                boolean wanted = has(Defect.RESTORE_USES_LATEST_TTL_WRITE) ? t.ttlSecs().isPresent() : true;
                if (t.key().equals(key) && wanted) {
                    latest = t;
                }
            }
            Entry e;
            if (latest == null || latest.isDelete()) {
                e = new Entry(value, "restore", now, -1);
            } else {
                long ttl = latest.ttlSecs().isEmpty() || has(Defect.RESTORE_DROPS_TTLS) ? -1
                        : latest.ttlSecs().getAsLong();
                e = new Entry(value, latest.actionId(), latest.timestamp(), ttl, latest.revision(),
                        latest.version());
            }
            put(key, e);
        });
        if (!has(Defect.RESTORE_NOT_PERSISTED)) {
            rewritePlace();
        }
    }

    @Override
    public synchronized long transitionCount() {
        return checked().log.size() + lostRevisions;
    }

    @Override
    public synchronized List<StateTransition> transitions() {
        return transitionsSince(oldestRetained() - 1);
    }

    /** Returns the oldest revision kept: all with no history option, else at least the latest {@code keepAtLeast}. */
    private long oldestRetained() {
        return keepAtLeast == 0 ? 1 : Math.max(1, log.size() - keepAtLeast + 1);
    }

    @Override
    public synchronized List<StateTransition> transitionsSince(long index) {
        checked();
        if (index < 0) {
            if (has(Defect.NEGATIVE_INDEX_IS_EMPTY)) {
                return new ArrayList<>();
            }
            throw new IllegalArgumentException("index is " + index);
        }
        if (index >= log.size()) {
            return new ArrayList<>();
        }
        long oldest = oldestRetained();
        if (index + 1 < oldest) {
            if (!has(Defect.HISTORY_BOUND_READS_SHORT)) {
                throw HistoryCompactedException.readAfter(index, oldest);
            }
            index = oldest - 1;
        }
        return has(Defect.LIVE_LOG_VIEW) ? log.subList((int) index, log.size())
                : new ArrayList<>(log.subList((int) index, log.size()));
    }

    @Override
    public synchronized List<StateTransition> transitionsSince(long index, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit is " + limit);
        }
        List<StateTransition> all = transitionsSince(index);
        return new ArrayList<>(all.subList(0, Math.min(limit, all.size())));
    }

    @Override
    public synchronized Optional<Versioned> getVersioned(String key) {
        Objects.requireNonNull(key, "key");
        Entry e = checked().entries.get(key);
        return e == null ? Optional.empty()
                : Optional.of(new Versioned(copyOut(e.value()), e.revision(), e.version(), e.expiresAt()));
    }

    @Override
    public Optional<StateTransition> setIf(String key, long expectedRevision, JsonNode value, String actionId) {
        return conditionalSet(key, expectedRevision, value, actionId, -1, false);
    }

    @Override
    public Optional<StateTransition> setWithTtlIf(String key, long expectedRevision, JsonNode value,
            String actionId, long ttlSecs) {
        return conditionalSet(key, expectedRevision, value, actionId, ttlSecs, true);
    }

    private Optional<StateTransition> conditionalSet(String key, long expected, JsonNode value, String actionId,
            long ttl, boolean withTtl) {
        Objects.requireNonNull(key, "key");
        if (expected < 0) {
            throw new IllegalArgumentException("expectedRevision of key '" + key + "' is " + expected);
        }
        if (withTtl && ttl < 0) {
            throw new IllegalArgumentException("ttl of key '" + key + "' is " + ttl);
        }
        if (has(Defect.CAS_CHECKS_OUTSIDE_LOCK)) {
            boolean matches;
            synchronized (this) {
                matches = matches(key, expected);
            }
            Thread.yield();
            if (!matches) {
                return Optional.empty();
            }
            synchronized (this) {
                return Optional.of(write(key, value, actionId, withTtl ? ttl : -1));
            }
        }
        synchronized (this) {
            if (!matches(key, expected)) {
                Objects.requireNonNull(value, "value");
                Objects.requireNonNull(actionId, "actionId");
                return Optional.empty();
            }
            return Optional.of(write(key, value, actionId, withTtl ? ttl : -1));
        }
    }

    /** Returns whether the key's revision is {@code expected}; a mismatch may take a revision (a defect). */
    private boolean matches(String key, long expected) {
        Entry e = checked().entries.get(key);
        long actual;
        if (e == null) {
            actual = has(Defect.CAS_IGNORES_REVISION_ON_ABSENT) ? expected : 0;
        } else if (has(Defect.CAS_STALE_CACHED_REVISION)) {
            actual = createdAt.getOrDefault(key, e.revision());
        } else if (has(Defect.CAS_COMPARES_VERSION)) {
            actual = e.version();
        } else {
            actual = e.revision();
        }
        if (actual != expected && has(Defect.FAILED_CAS_TAKES_A_REVISION)) {
            lostRevisions++;
        }
        return actual == expected;
    }

    @Override
    public synchronized Optional<StateTransition> deleteIf(String key, long expectedRevision, String actionId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(actionId, "actionId");
        if (expectedRevision < 0) {
            throw new IllegalArgumentException("expectedRevision of key '" + key + "' is " + expectedRevision);
        }
        if (!checked().entries.containsKey(key) || !matches(key, expectedRevision)) {
            return Optional.empty();
        }
        return delete(key, actionId);
    }

    @Override
    public Flow.Publisher<StateTransition> changes(long afterRevision) {
        if (afterRevision < 0) {
            throw new IllegalArgumentException("afterRevision is " + afterRevision);
        }
        checked();
        return subscriber -> new PollingSubscription(subscriber, afterRevision).start();
    }

    /**
     * The simplest feed that keeps the rules: a thread per subscription that polls the log for
     * what its demand allows, and checks the rewinds recorded since its last read.
     */
    private final class PollingSubscription implements Flow.Subscription {
        private final Flow.Subscriber<? super StateTransition> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private volatile boolean cancelled;
        private volatile long badRequest;
        private long position;
        private int rewindsSeen;

        PollingSubscription(Flow.Subscriber<? super StateTransition> subscriber, long after) {
            this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
            this.position = after;
            synchronized (ReferenceStateStore.this) {
                this.rewindsSeen = rewinds.size();
            }
        }

        void start() {
            subscriber.onSubscribe(this);
            Thread t = new Thread(this::run, "reference-feed");
            t.setDaemon(true);
            t.start();
        }

        private void run() {
            try {
                while (!cancelled) {
                    if (badRequest != 0) {
                        subscriber.onError(new IllegalArgumentException("request(" + badRequest + ")"));
                        return;
                    }
                    List<StateTransition> page;
                    Throwable failure = null;
                    synchronized (ReferenceStateStore.this) {
                        if (closed) {
                            if (has(Defect.FEED_NEVER_COMPLETES)) {
                                return;
                            }
                            subscriber.onComplete();
                            return;
                        }
                        long lowest = Long.MAX_VALUE;
                        for (int e = rewindsSeen; e < rewinds.size(); e++) {
                            lowest = Math.min(lowest, rewinds.get(e));
                        }
                        rewindsSeen = rewinds.size();
                        if (position > lowest && !has(Defect.FEED_IGNORES_REWIND)) {
                            failure = new IllegalStateException("the history was rewound to revision " + lowest
                                    + " after this subscriber received revision " + position);
                        }
                        long wanted = has(Defect.FEED_IGNORES_DEMAND) && demand.get() > 0 ? 64 : demand.get();
                        page = List.of();
                        if (failure == null && wanted > 0) {
                            try {
                                page = transitionsSince(position, (int) Math.min(wanted, 64));
                            } catch (RuntimeException e) {
                                failure = e;
                            }
                        }
                    }
                    if (failure != null) {
                        subscriber.onError(failure);
                        return;
                    }
                    if (has(Defect.FEED_DROPS_UNDER_LOAD) && page.size() > 8) {
                        page = new ArrayList<>(page);
                        page.remove(page.size() / 2);
                    }
                    for (StateTransition t : page) {
                        if (cancelled) {
                            return;
                        }
                        subscriber.onNext(t);
                        position = t.revision();
                        demand.decrementAndGet();
                    }
                    if (page.isEmpty()) {
                        Thread.sleep(1);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = n == 0 ? -1 : n;
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        }

        @Override
        public void cancel() {
            if (!has(Defect.FEED_IGNORES_CANCEL)) {
                cancelled = true;
            }
        }
    }

    @Override
    public synchronized List<String> keys() {
        checked();
        if (has(Defect.UNSORTED_KEYS)) {
            return new ArrayList<>(insertionOrder);
        }
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public synchronized void replaceAll(Map<String, JsonNode> state) {
        Objects.requireNonNull(state, "state");
        Map<String, JsonNode> values = copies(state);
        checked();
        Map<String, Entry> old = new TreeMap<>(entries);
        entries.clear();
        insertionOrder.clear();
        if (has(Defect.REPLACE_ALL_KEEPS_REVISION_COUNTER)) {
            lostRevisions += log.size();
        }
        log.clear();
        rewinds.add(0L);
        Instant now = clock.instant();
        values.forEach((k, v) -> {
            Entry before = old.get(k);
            put(k, has(Defect.REPLACE_ALL_KEEPS_TTLS) && before != null
                    ? new Entry(v, before.actionId(), before.timestamp(), before.ttl())
                    : new Entry(v, "replace_all", now, -1));
        });
        rewritePlace();
    }

    @Override
    public synchronized ScopedStateView scoped(String tenant) {
        if (has(Defect.SHARED_TENANTS) && tenant != null) {
            return StateStore.super.scoped("shared");
        }
        if (has(Defect.LENIENT_TENANTS) && tenant != null) {
            return tenant.isEmpty() ? StateStore.super.scoped(null) : StateStore.super.scoped(tenant.replace(':', '_'));
        }
        return StateStore.super.scoped(tenant);
    }

    @Override
    public synchronized List<String> reapExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        checked();
        List<String> reaped = new ArrayList<>();
        entries.forEach((k, e) -> {
            if (expired(e, now)) {
                reaped.add(k);
            }
        });
        Collections.sort(reaped);
        Instant at = clock.instant();
        for (String k : reaped) {
            Entry e = entries.get(k);
            remove(k);
            if (!has(Defect.REAP_WITHOUT_TRANSITIONS)) {
                record(StateTransition.of(k, Optional.of(e.value()), Optional.empty(), "reap_expired", at,
                        OptionalLong.empty(), nextRevision(), 0));
                tombstones.put(k, e.version());
            }
        }
        if (!reaped.isEmpty()) {
            rewritePlace(has(Defect.COMPACTION_RESTARTS_TTL) ? at : null);
        }
        return reaped;
    }

    @Override
    public synchronized void sync() {
        checked();
    }

    @Override
    public synchronized void close() {
        if (closed && has(Defect.SECOND_CLOSE_THROWS)) {
            throw new IllegalStateException("closed twice");
        }
        closed = true;
        if (place != null) {
            place.open = false;
        }
    }
}
