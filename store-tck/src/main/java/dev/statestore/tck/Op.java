package dev.statestore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.StateTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One step of a property example: it applies itself to the store and the model of a
 * {@link Run} and compares what each returned. Its {@code toString} reads like the call it makes,
 * so that a shrunk counterexample can be replayed by hand.
 */
sealed interface Op {

    void apply(Run run);

    private static String where(String tenant, String key) {
        return (tenant == null ? "" : tenant + "/") + '"' + key + '"';
    }

    private static String fullKey(String tenant, String key) {
        return tenant == null ? key : "tenant:" + tenant + ":" + key;
    }

    private static String duration(Duration d) {
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        if (d.toNanos() < 1_000_000_000L && d.getNano() != 0 && d.getSeconds() == 0) {
            return d.getNano() + "ns";
        }
        if (d.getSeconds() % 86_400 == 0 && d.getSeconds() > 0) {
            return d.getSeconds() / 86_400 + "d";
        }
        return d.getSeconds() + "s" + (d.getNano() == 0 ? "" : "+" + d.getNano() + "ns");
    }

    /**
     * Does nothing. The generators put it first so that QuickTheories, which shrinks every choice
     * towards the first option, can shrink an operation it does not need into a no-op; the printed
     * sequence leaves no-ops out.
     */
    record Nop() implements Op {
        @Override
        public void apply(Run run) {
            // nothing
        }

        @Override
        public String toString() {
            return "nop";
        }
    }

    /** {@code set}, on the store itself ({@code tenant == null}) or on a tenant's view. */
    record Set(String tenant, String key, JsonNode value, String actionId) implements Op {
        @Override
        public void apply(Run run) {
            StateTransition got = tenant == null ? run.store.set(key, value.deepCopy(), actionId)
                    : run.store.scoped(tenant).set(key, value.deepCopy(), actionId);
            StateTransition want = run.model.set(fullKey(tenant, key), value, actionId, run.clock.instant(),
                    OptionalLong.empty());
            assertEquals(want, got, "the transition set returned");
        }

        @Override
        public String toString() {
            return "set(" + where(tenant, key) + ", " + value + ", \"" + actionId + "\")";
        }
    }

    /** {@code setWithTtl}, on the store itself or on a tenant's view. */
    record SetWithTtl(String tenant, String key, JsonNode value, String actionId, long ttlSecs) implements Op {
        @Override
        public void apply(Run run) {
            StateTransition got = tenant == null ? run.store.setWithTtl(key, value.deepCopy(), actionId, ttlSecs)
                    : run.store.scoped(tenant).setWithTtl(key, value.deepCopy(), actionId, ttlSecs);
            StateTransition want = run.model.set(fullKey(tenant, key), value, actionId, run.clock.instant(),
                    OptionalLong.of(ttlSecs));
            assertEquals(want, got, "the transition setWithTtl returned");
        }

        @Override
        public String toString() {
            return "setWithTtl(" + where(tenant, key) + ", " + value + ", \"" + actionId + "\", "
                    + (ttlSecs == Long.MAX_VALUE ? "Long.MAX_VALUE" : Long.toString(ttlSecs)) + ")";
        }
    }

    /** {@code delete}, on the store itself or on a tenant's view. */
    record Delete(String tenant, String key, String actionId) implements Op {
        @Override
        public void apply(Run run) {
            var got = tenant == null ? run.store.delete(key, actionId) : run.store.scoped(tenant).delete(key, actionId);
            var want = run.model.delete(fullKey(tenant, key), actionId, run.clock.instant());
            assertEquals(want, got, "what delete returned");
        }

        @Override
        public String toString() {
            return "delete(" + where(tenant, key) + ", \"" + actionId + "\")";
        }
    }

    /** Which revision a conditional write expects, relative to the key's current one. */
    enum Expect {
        /** The key's current revision (0 when absent): the write matches. */
        CURRENT,
        /** 0: matches only an absent key (or one without a retained write). */
        ZERO,
        /** One below the current revision, or 1 for an absent key: a stale read. */
        STALE,
        /** A fixed revision, 2: matches now and then. */
        TWO;

        long of(long current) {
            switch (this) {
                case CURRENT:
                    return current;
                case ZERO:
                    return 0;
                case STALE:
                    return current == 0 ? 1 : current - 1;
                default:
                    return 2;
            }
        }
    }

    /**
     * {@code setIf} ({@code ttlSecs < 0}) or {@code setWithTtlIf}, on the store itself or a tenant's
     * view, expecting a revision chosen relative to the key's current one.
     */
    record SetIf(String tenant, String key, Expect expect, JsonNode value, String actionId, long ttlSecs)
            implements Op {
        @Override
        public void apply(Run run) {
            String full = fullKey(tenant, key);
            long expected = expect.of(run.model.revision(full));
            var got = ttlSecs < 0
                    ? (tenant == null ? run.store.setIf(key, expected, value.deepCopy(), actionId)
                            : run.store.scoped(tenant).setIf(key, expected, value.deepCopy(), actionId))
                    : (tenant == null ? run.store.setWithTtlIf(key, expected, value.deepCopy(), actionId, ttlSecs)
                            : run.store.scoped(tenant).setWithTtlIf(key, expected, value.deepCopy(), actionId,
                                    ttlSecs));
            var want = run.model.setIf(full, expected, value, actionId, run.clock.instant(),
                    ttlSecs < 0 ? OptionalLong.empty() : OptionalLong.of(ttlSecs));
            assertEquals(want, got, "what the conditional write (expected revision " + expected + ") returned");
        }

        @Override
        public String toString() {
            return (ttlSecs < 0 ? "setIf(" : "setWithTtlIf(") + where(tenant, key) + ", " + expect + ", " + value
                    + ", \"" + actionId + "\"" + (ttlSecs < 0 ? "" : ", " + ttlSecs) + ")";
        }
    }

    /** {@code deleteIf}, on the store itself or a tenant's view. */
    record DeleteIf(String tenant, String key, Expect expect, String actionId) implements Op {
        @Override
        public void apply(Run run) {
            String full = fullKey(tenant, key);
            long expected = expect.of(run.model.revision(full));
            var got = tenant == null ? run.store.deleteIf(key, expected, actionId)
                    : run.store.scoped(tenant).deleteIf(key, expected, actionId);
            var want = run.model.deleteIf(full, expected, actionId, run.clock.instant());
            assertEquals(want, got, "what deleteIf (expected revision " + expected + ") returned");
        }

        @Override
        public String toString() {
            return "deleteIf(" + where(tenant, key) + ", " + expect + ", \"" + actionId + "\")";
        }
    }

    /** Closes the store and re-opens it (a persistent backend only). */
    record Reopen() implements Op {
        @Override
        public void apply(Run run) {
            run.reopen();
        }

        @Override
        public String toString() {
            return "reopen()";
        }
    }

    /** Moves the clock forward. */
    record Advance(Duration by) implements Op {
        @Override
        public void apply(Run run) {
            run.clock.advance(by);
        }

        @Override
        public String toString() {
            return "advance(" + duration(by) + ")";
        }
    }

    /** {@code reapExpired(clock + offset)}; the offset may be negative. */
    record Reap(Duration offset) implements Op {
        @Override
        public void apply(Run run) {
            Instant at = run.clock.instant().plus(offset);
            assertEquals(run.model.reap(at, run.clock.instant()), run.store.reapExpired(at), "the reaped keys");
        }

        @Override
        public String toString() {
            return "reap(now" + (offset.isNegative() ? "" : "+") + duration(offset) + ")";
        }
    }

    /** {@code snapshot()} and {@code transitionCount()}, kept in a numbered slot for a later restore. */
    record Snapshot(int slot) implements Op {
        @Override
        public void apply(Run run) {
            Map<String, JsonNode> got = run.store.snapshot();
            Map<String, JsonNode> want = run.model.snapshot();
            assertEquals(want, got, "the snapshot");
            run.slots[slot] = new Run.Slot(got, run.store.transitionCount(), want, run.model.transitionCount());
        }

        @Override
        public String toString() {
            return "s" + slot + " = snapshot()";
        }
    }

    /**
     * {@code restore} of the snapshot in a slot (an empty map and count 0 when the slot was never
     * filled), keeping {@code keep} transitions, or the count taken with the snapshot when
     * {@code keep} is negative.
     */
    record Restore(int slot, long keep) implements Op {
        @Override
        public void apply(Run run) {
            Run.Slot s = run.slots[slot];
            Map<String, JsonNode> storeSnap = s == null ? new TreeMap<>() : copy(s.storeSnapshot());
            Map<String, JsonNode> modelSnap = s == null ? new TreeMap<>() : copy(s.modelSnapshot());
            long storeN = keep >= 0 ? keep : s == null ? 0 : s.storeCount();
            long modelN = keep >= 0 ? keep : s == null ? 0 : s.modelCount();
            run.store.restore(storeSnap, storeN);
            run.model.restore(modelSnap, modelN);
            run.rewound(run.model.rewoundTo());
        }

        private static Map<String, JsonNode> copy(Map<String, JsonNode> m) {
            Map<String, JsonNode> c = new TreeMap<>();
            m.forEach((k, v) -> c.put(k, v.deepCopy()));
            return c;
        }

        @Override
        public String toString() {
            return "restore(s" + slot + ", " + (keep >= 0 ? Long.toString(keep) : "count at s" + slot) + ")";
        }
    }

    /** {@code replaceAll} with a small map. */
    record ReplaceAll(Map<String, JsonNode> state) implements Op {
        @Override
        public void apply(Run run) {
            Map<String, JsonNode> copy = new TreeMap<>();
            state.forEach((k, v) -> copy.put(k, v.deepCopy()));
            run.store.replaceAll(copy);
            run.model.replaceAll(state);
            run.rewound(0);
        }

        @Override
        public String toString() {
            return "replaceAll(" + state + ")";
        }
    }
}
