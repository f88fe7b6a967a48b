package dev.statestore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of one property example: a store and a {@link StoreModel} driven by the same
 * operations, compared after every step. An {@link AssertionError} names the step and operation
 * that first made them differ. Not thread-safe.
 */
final class Run {

    /** The tenants whose views are compared after each step ({@code null}: the unscoped view). */
    static final List<String> TENANTS = Arrays.asList(null, "acme", "globex");

    /** What a {@code snapshot} operation captured, from the store and from the model. */
    record Slot(Map<String, JsonNode> storeSnapshot, long storeCount, Map<String, JsonNode> modelSnapshot,
            long modelCount) {
    }

    final MutableClock clock;
    final StoreModel model = new StoreModel();
    final Slot[] slots = new Slot[Ops.SLOTS];
    StateStore store;
    private final StoreFixture fixture;
    private final boolean historyLostOnReopenAfterRewrite;
    /** The oldest revision the store must return: 1, unless a reopen lost history before a rewrite. */
    private long retainedFrom = 1;

    Run(StateStore store, MutableClock clock) {
        this(store, clock, null, false);
    }

    /**
     * Creates a run that may re-open its store through {@code fixture}; when
     * {@code historyLostOnReopenAfterRewrite} (the backend skips the rule
     * {@code historySurvivesReopenAfterARewrite}), the history before the latest restore or
     * replaceAll may be missing after a reopen.
     */
    Run(StateStore store, MutableClock clock, StoreFixture fixture, boolean historyLostOnReopenAfterRewrite) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = clock;
        this.fixture = fixture;
        this.historyLostOnReopenAfterRewrite = historyLostOnReopenAfterRewrite;
    }

    /** Closes the store and continues with it re-opened. */
    void reopen() {
        store = fixture.closeAndReopen(store);
        if (historyLostOnReopenAfterRewrite) {
            retainedFrom = model.rewoundTo() + 1;
        }
    }

    /** Records that a restore or replaceAll rewound the history to {@code revision}. */
    void rewound(long revision) {
        retainedFrom = Math.min(retainedFrom, revision + 1);
    }

    /** Applies {@code ops} in order (no-ops left out), comparing store and model after each. */
    void apply(List<Op> all) {
        List<Op> ops = Ops.withoutNops(all);
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            try {
                op.apply(this);
                assertSameState(store, "after it");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("step " + (i + 1) + " of " + ops.size() + ", " + op + ": " + e, e);
            }
        }
    }

    /** Asserts that {@code s} holds the model's state, views and log. */
    void assertSameState(StateStore s, String when) {
        assertSameContent(s, when);
        assertSameLog(s.transitions(), when);
        assertEquals(model.transitionCount(), s.transitionCount(), "transitionCount() " + when);
    }

    /** Asserts that {@code s} holds the model's state and views; the log is not compared. */
    void assertSameContent(StateStore s, String when) {
        assertEquals(model.snapshot(), s.snapshot(), "snapshot() " + when);
        assertEquals(model.keys(), s.keys(), "keys() " + when);
        for (String tenant : TENANTS) {
            assertEquals(model.keys(tenant), s.scoped(tenant).keys(), "keys() of view " + tenant + " " + when);
        }
        TreeSet<String> keys = new TreeSet<>(model.keys());
        keys.addAll(s.keys());
        keys.add("a");
        for (String k : keys) {
            assertEquals(model.get(k), s.get(k), "get(\"" + k + "\") " + when);
            assertEquals(model.get(k).isPresent(), s.exists(k), "exists(\"" + k + "\") " + when);
            assertEquals(model.getVersioned(k), s.getVersioned(k), "getVersioned(\"" + k + "\") " + when);
        }
    }

    /**
     * Asserts that {@code log} is the model's log from the oldest revision the store must still
     * return; reap entries are compared without their timestamp.
     */
    void assertSameLog(List<StateTransition> log, String when) {
        List<StateTransition> all = model.log();
        int from = (int) Math.min(all.size(), retainedFrom - 1);
        List<StateTransition> want = all.subList(from, all.size());
        for (int i = 0; i < Math.min(want.size(), log.size()); i++) {
            assertSameTransition(want.get(i), log.get(i), model.isReap(from + i), "transition " + (from + i) + " "
                    + when);
        }
        assertEquals(want.size(), log.size(), "length of transitions() " + when + " (revisions " + (from + 1)
                + " to " + all.size() + " must be retained)");
    }

    static void assertSameTransition(StateTransition want, StateTransition got, boolean anyTimestamp, String what) {
        if (anyTimestamp) {
            boolean same = want.key().equals(got.key()) && want.oldValue().equals(got.oldValue())
                    && want.newValue().equals(got.newValue()) && want.actionId().equals(got.actionId())
                    && want.ttlSecs().equals(got.ttlSecs());
            assertEquals(true, same, () -> what + ": expected " + want + " (any timestamp) but was " + got);
        } else {
            assertEquals(want, got, what);
        }
    }

    /**
     * Asserts that {@code s} has the model's TTLs by reaping both at every instant that tells them
     * apart; changes both.
     */
    void assertSameTtlsByReaping(StateStore s, String when) {
        for (Instant at : model.probeInstants(clock.instant())) {
            List<String> want = model.reap(at, clock.instant());
            assertEquals(want, s.reapExpired(at), "reapExpired(" + at + ") " + when);
        }
        assertEquals(model.snapshot(), s.snapshot(), "snapshot() after reaping " + when);
    }
}
