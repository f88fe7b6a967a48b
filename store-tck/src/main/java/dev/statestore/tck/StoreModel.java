package dev.statestore.tck;

import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The model of what a correct store returns, computed the plainest way: a sorted map of entries (value,
 * timestamp of the latest write, its TTL), the list of transitions, and the design's rules written
 * out one by one. The property tests run the same operations on a store and on this model and
 * compare them.
 *
 * <p>Revisions are positions in the log (the log is never dropped here); versions follow the design
 * (1 on create, one more per write, 0 on delete). A restored key without a retained write, and a
 * key installed by replaceAll, has revision 0 and version 1.
 *
 * <p>The model leaves one thing open that the design leaves open: the timestamp of a transition
 * recorded by a reap. {@link #isReap(int)} tells the comparison which entries those are.
 *
 * <p>Not thread-safe; one model per property example.
 */
final class StoreModel {

    /**
     * The state of one key: its value, the timestamp and TTL ({@code -1}: none) of its latest write,
     * that write's revision ({@code 0}: not in the history) and the key's version.
     */
    record Entry(JsonNode value, Instant timestamp, long ttl, long revision, long version) {
        Optional<Instant> expiresAt() {
            if (ttl < 0) {
                return Optional.empty();
            }
            return Optional.of(ttl >= Instant.MAX.getEpochSecond() - timestamp.getEpochSecond()
                    ? Instant.MAX : timestamp.plusSeconds(ttl));
        }
    }

    private final TreeMap<String, Entry> state = new TreeMap<>();
    private final List<StateTransition> log = new ArrayList<>();
    private final BitSet reaps = new BitSet();
    /** The revision the latest restore or replaceAll rewound the history to; 0 before any. */
    private long rewoundTo;

    /** Returns whether a write at {@code timestamp} with {@code ttl} seconds may be reaped at {@code now}. */
    static boolean expired(Instant timestamp, long ttl, Instant now) {
        if (ttl < 0 || now.isBefore(timestamp)) {
            return false;
        }
        // timestamp + ttl <= now  <=>  ttl <= whole seconds from timestamp to now (ttl is whole seconds)
        return ttl <= Duration.between(timestamp, now).getSeconds();
    }

    StateTransition set(String key, JsonNode value, String actionId, Instant now, OptionalLong ttl) {
        Entry old = state.get(key);
        long revision = log.size() + 1;
        long version = old == null ? 1 : old.version() + 1;
        StateTransition t = StateTransition.of(key, Optional.ofNullable(old).map(Entry::value), Optional.of(value),
                actionId, now, ttl, revision, version);
        log.add(t);
        state.put(key, new Entry(value.deepCopy(), now, ttl.orElse(-1), revision, version));
        return t;
    }

    /** Returns the revision of the key's latest write, {@code 0} when absent or not in the history. */
    long revision(String key) {
        Entry e = state.get(key);
        return e == null ? 0 : e.revision();
    }

    /** {@code setIf} / {@code setWithTtlIf}: writes only when {@code expected} is the key's revision. */
    Optional<StateTransition> setIf(String key, long expected, JsonNode value, String actionId, Instant now,
            OptionalLong ttl) {
        if (revision(key) != expected) {
            return Optional.empty();
        }
        return Optional.of(set(key, value, actionId, now, ttl));
    }

    Optional<StateTransition> delete(String key, String actionId, Instant now) {
        Entry old = state.remove(key);
        if (old == null) {
            return Optional.empty();
        }
        StateTransition t = StateTransition.of(key, Optional.of(old.value()), Optional.empty(), actionId, now,
                OptionalLong.empty(), log.size() + 1, 0);
        log.add(t);
        return Optional.of(t);
    }

    /** {@code deleteIf}: deletes only a present key whose revision is {@code expected}. */
    Optional<StateTransition> deleteIf(String key, long expected, String actionId, Instant now) {
        Entry e = state.get(key);
        if (e == null || e.revision() != expected) {
            return Optional.empty();
        }
        return delete(key, actionId, now);
    }

    Optional<Versioned> getVersioned(String key) {
        Entry e = state.get(key);
        return e == null ? Optional.empty()
                : Optional.of(new Versioned(e.value().deepCopy(), e.revision(), e.version(), e.expiresAt()));
    }

    /** Returns the revision the latest restore or replaceAll rewound to, {@code 0} before any. */
    long rewoundTo() {
        return rewoundTo;
    }

    List<String> reap(Instant at, Instant clockNow) {
        List<String> reaped = new ArrayList<>();
        for (Map.Entry<String, Entry> e : state.entrySet()) {
            if (expired(e.getValue().timestamp(), e.getValue().ttl(), at)) {
                reaped.add(e.getKey());
            }
        }
        for (String key : reaped) {
            Entry old = state.remove(key);
            reaps.set(log.size());
            log.add(StateTransition.of(key, Optional.of(old.value()), Optional.empty(), Rules.REAP, clockNow,
                    OptionalLong.empty(), log.size() + 1, 0));
        }
        return reaped;
    }

    void restore(Map<String, JsonNode> snapshot, long n) {
        int keep = (int) Math.min(n, log.size());
        rewoundTo = keep;
        log.subList(keep, log.size()).clear();
        reaps.clear(keep, Integer.MAX_VALUE);
        Map<String, StateTransition> latest = new HashMap<>();
        for (StateTransition t : log) {
            latest.put(t.key(), t);
        }
        state.clear();
        snapshot.forEach((key, value) -> {
            StateTransition t = latest.get(key);
            boolean retained = t != null && !t.isDelete();
            state.put(key, new Entry(value.deepCopy(), retained ? t.timestamp() : Instant.EPOCH,
                    retained ? t.ttlSecs().orElse(-1) : -1, retained ? t.revision() : 0, retained ? t.version() : 1));
        });
    }

    void replaceAll(Map<String, JsonNode> replacement) {
        log.clear();
        reaps.clear();
        state.clear();
        rewoundTo = 0;
        replacement.forEach((key, value) -> state.put(key, new Entry(value.deepCopy(), Instant.EPOCH, -1, 0, 1)));
    }

    Map<String, JsonNode> snapshot() {
        Map<String, JsonNode> snap = new TreeMap<>();
        state.forEach((k, e) -> snap.put(k, e.value().deepCopy()));
        return snap;
    }

    Optional<JsonNode> get(String key) {
        Entry e = state.get(key);
        return e == null ? Optional.empty() : Optional.of(e.value().deepCopy());
    }

    List<String> keys() {
        return new ArrayList<>(state.keySet());
    }

    /** Returns the keys of {@code tenant}'s view, prefix stripped, or the unscoped keys for {@code null}. */
    List<String> keys(String tenant) {
        List<String> keys = new ArrayList<>();
        String prefix = tenant == null ? null : "tenant:" + tenant + ":";
        for (String k : state.keySet()) {
            if (prefix == null ? !k.startsWith("tenant:") : k.startsWith(prefix)) {
                keys.add(prefix == null ? k : k.substring(prefix.length()));
            }
        }
        return keys;
    }

    List<StateTransition> log() {
        return new ArrayList<>(log);
    }

    long transitionCount() {
        return log.size();
    }

    /** Returns whether log entry {@code index} was recorded by a reap (its timestamp is the store's choice). */
    boolean isReap(int index) {
        return reaps.get(index);
    }

    /**
     * Returns instants that tell TTLs apart: each pending deadline, one nanosecond before it, and
     * one far beyond {@code now} and every deadline below a century, ascending.
     */
    List<Instant> probeInstants(Instant now) {
        TreeSet<Instant> probes = new TreeSet<>();
        for (Entry e : state.values()) {
            if (e.ttl() >= 0 && e.ttl() < Duration.ofDays(365L * 100).getSeconds()) {
                Instant deadline = e.timestamp().plusSeconds(e.ttl());
                probes.add(deadline.minusNanos(1));
                probes.add(deadline);
            }
        }
        probes.add(now.plus(TtlRules.FAR));
        return new ArrayList<>(probes);
    }
}
