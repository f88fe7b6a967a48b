package dev.statestore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * The property tests of statestore: random sequences of operations (set, setWithTtl,
 * delete, the conditional writes setIf/setWithTtlIf/deleteIf with current, stale and zero
 * revisions, scoped writes, clock advances, reaps at random instants, snapshot/restore,
 * replaceAll, and for a persistent backend reopens) run on the backend and on a plain model,
 * compared after every step: state, views, {@code getVersioned} of every key (value, revision,
 * version, expiry), every transition with its revision and version, and TTLs. A backend runs them with one
 * subclass that supplies the same three methods as {@link StateStoreTck}:
 *
 * <pre>{@code
 * class InMemoryStateStorePropertiesTest extends StateStorePropertiesTck {
 *     @Override protected StateStore newStore(Clock clock) {
 *         return InMemoryStateStore.builder().clock(clock).build();
 *     }
 * }
 * }</pre>
 *
 * <p>A failure reports QuickTheories' shrunk operation sequence, a minimal one from which no
 * operation can be left out (each operation prints as the call it makes), the step at which store
 * and model first differed, and QuickTheories' seed; run again with {@code -DQT_SEED=<seed>} to
 * reproduce it. {@link #examples()} sets how many sequences each
 * property tries ({@code -DQT_EXAMPLES} overrides it).
 *
 * <p>Every example calls {@link #newStore(Clock)} at least once, so a test method calls it many
 * times: each call must return an empty store in a place of its own. The two reopen properties run
 * only when {@link #persistent()} is {@code true}; otherwise they are reported as skipped.
 *
 * <p>Rule ids and skips work as in {@link StateStoreTck}: each property's id is its method name,
 * {@link #skippedRules()} skips one with a reason, and a failure ends with a hint. Skipping the
 * contract rule {@code historySurvivesReopenAfterARewrite} here tells the properties that after a
 * reopen the history before the latest restore or replaceAll may be missing (the rest must be
 * there).
 *
 * <p>Thread-safety: one instance per test, as JUnit makes them; nothing is shared.
 */
@ExtendWith(RuleExtension.class)
public abstract class StateStorePropertiesTck {

    /** The contract rule whose skip tells the properties that a reopen loses the history before a rewrite. */
    static final String HISTORY_AFTER_REWRITE = "historySurvivesReopenAfterARewrite";

    private static final int MAX_LENGTH = 30;
    /** QuickTheories' shrinking is bounded; the reporter's minimization finishes the job. */
    private static final int SHRINK_CYCLES = 500;

    /** Creates the kit; subclasses need no constructor arguments. */
    protected StateStorePropertiesTck() {
    }

    /**
     * Returns a new, empty store in a fresh place (a temp dir for durable backends), timed by clock.
     *
     * @param clock the clock that must time every transition of the store
     * @return a new open store; the kit closes it
     */
    protected abstract StateStore newStore(Clock clock);

    /**
     * Returns whether the backend persists: enables the reopen properties.
     *
     * @return {@code false} unless overridden
     */
    protected boolean persistent() {
        return false;
    }

    /**
     * Returns the store re-opened at the place of the most recent {@link #newStore(Clock)}, after the
     * kit closed that store.
     *
     * @param clock the clock for the re-opened store
     * @return the re-opened store; the kit closes it
     * @throws UnsupportedOperationException unless overridden by a persistent backend
     */
    protected StateStore reopen(Clock clock) {
        throw new UnsupportedOperationException("not a persistent backend");
    }

    /**
     * Returns how many operation sequences each property tries. Sequences are at most 30
     * operations long; 200 examples take about a second per property for the in-memory engine.
     *
     * @return the number of examples, 200 unless overridden
     */
    protected int examples() {
        return 200;
    }

    /**
     * Returns the properties this backend skips, property id (method name) to reason, and
     * {@code historySurvivesReopenAfterARewrite} if the backend skips that contract rule too.
     *
     * @return rule id to reason; empty unless overridden
     */
    protected Map<String, String> skippedRules() {
        return Map.of();
    }

    /** Returns {@link #skippedRules()} checked: every id a property or a known contract rule, every reason given. */
    final Map<String, String> skips() {
        return RuleExtension.checkedSkips(StateStorePropertiesTck.class, skippedRules(), Set.of(HISTORY_AFTER_REWRITE));
    }

    private QuickTheory theory() {
        QuickTheory qt = qt();
        if (System.getProperty("QT_SHRINKS") == null) {
            qt = qt.withShrinkCycles(SHRINK_CYCLES);
        }
        return System.getProperty("QT_EXAMPLES") == null ? qt.withExamples(examples()) : qt;
    }

    private StoreFixture.Backend backend() {
        return new StoreFixture.Backend() {
            @Override
            public StateStore newStore(Clock clock) {
                return StateStorePropertiesTck.this.newStore(clock);
            }

            @Override
            public boolean persistent() {
                return StateStorePropertiesTck.this.persistent();
            }

            @Override
            public StateStore reopen(Clock clock) {
                return StateStorePropertiesTck.this.reopen(clock);
            }

            @Override
            public StateStore newStoreWithHistory(Clock clock, int n) {
                throw new UnsupportedOperationException("the properties keep the whole history");
            }
        };
    }

    /**
     * Runs {@code body} for every example of {@code sequences}, each with a fresh fixture whose
     * stores are closed after it; a failure is reported minimized, with its seed.
     */
    private void forAll(Gen<List<Op>> sequences, BiConsumer<StoreFixture, List<Op>> body) {
        Function<List<Op>, Throwable> attempt = ops -> {
            StoreFixture fixture = new StoreFixture(backend());
            Throwable failure = null;
            try {
                body.accept(fixture, ops);
            } catch (AssertionError | RuntimeException e) {
                failure = e;
            } finally {
                try {
                    fixture.closeAll();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
            return failure;
        };
        theory().withReporter(new MinimizingReporter(attempt)).forAll(sequences).checkAssert(ops -> {
            Throwable failure = attempt.apply(ops);
            if (failure instanceof AssertionError e) {
                throw e;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
        });
    }

    /** (a) After every step the store holds what the model holds: state, views, revisions, versions, log and TTLs. */
    @Test
    @Hint("the first operation of the minimal sequence that the model and the store disagree on; the model"
            + " (StoreModel) writes each rule of the design out plainly.")
    void storeMatchesModel() {
        forAll(Ops.anySequence(MAX_LENGTH), (fixture, ops) -> {
            Run run = new Run(fixture.open(), fixture.clock());
            run.apply(ops);
            run.assertSameTtlsByReaping(run.store, "at the end");
        });
    }

    /** (c) Replaying transitions() onto an empty store yields the same state, log and TTLs. */
    @Test
    @Hint("what each transition records: replaying it as set/setWithTtl/delete must rebuild the same state,"
            + " revisions and versions.")
    void replayingTransitionsOntoAnEmptyStoreEqualsTheStore() {
        forAll(Ops.replayableSequence(MAX_LENGTH), (fixture, ops) -> {
            Run run = new Run(fixture.open(), fixture.clock());
            run.apply(ops);
            List<StateTransition> log = run.store.transitions();
            StateStore replay = fixture.open();
            for (StateTransition t : log) {
                fixture.clock().set(t.timestamp());
                if (t.isDelete()) {
                    replay.delete(t.key(), t.actionId());
                } else if (t.ttlSecs().isPresent()) {
                    replay.setWithTtl(t.key(), t.newValue().orElseThrow(), t.actionId(), t.ttlSecs().getAsLong());
                } else {
                    replay.set(t.key(), t.newValue().orElseThrow(), t.actionId());
                }
            }
            assertEquals(run.store.snapshot(), replay.snapshot(), "the replayed state");
            assertEquals(log, replay.transitions(), "the replayed log");
            run.assertSameContent(replay, "in the replayed store");
            run.assertSameTtlsByReaping(replay, "in the replayed store");
        });
    }

    /**
     * (e) Reopens anywhere in a sequence: after each, the store holds what the model holds,
     * revisions, versions and TTLs included, and later writes continue the revisions.
     */
    @Test
    @Hint("what the backend stores with each record and each rewrite (revision, version, TTL, the rewind"
            + " point), and how open reads it back.")
    void reopensAnywhereMatchTheModel() {
        Assumptions.assumeTrue(persistent(), "the backend is not persistent: nothing to re-open");
        boolean lossy = skips().containsKey(HISTORY_AFTER_REWRITE);
        forAll(Ops.anySequence(MAX_LENGTH, true), (fixture, ops) -> {
            Run run = new Run(fixture.open(), fixture.clock(), fixture, lossy);
            run.apply(ops);
            run.reopen();
            run.assertSameState(run.store, "after a last reopen");
            run.assertSameTtlsByReaping(run.store, "after a last reopen");
        });
    }

    /** (b) A store closed and re-opened holds what the live store held, TTLs included. */
    @Test
    @Hint("the journal's replay: state, TTLs with their original timestamps, revisions and versions.")
    void reopenedStoreEqualsLiveStore() {
        Assumptions.assumeTrue(persistent(), "the backend is not persistent: nothing to re-open");
        forAll(Ops.anySequence(MAX_LENGTH), (fixture, ops) -> {
            Run run = new Run(fixture.open(), fixture.clock());
            run.apply(ops);
            StateStore reopened = fixture.closeAndReopen(run.store);
            run.assertSameContent(reopened, "after reopen");
            run.assertSameTtlsByReaping(reopened, "after reopen");
        });
    }

    /**
     * (d) Reaping (after the clock moved, so that a reap or a rewrite that re-stamps survivors
     * shows), closing and re-opening yields what reaping in memory yields; survivors keep their
     * TTLs. Version 2 backends record one delete per reaped key and rewrite nothing; the property
     * holds either way.
     */
    @Test
    void reapThenReopenEqualsReapInMemory() {
        Assumptions.assumeTrue(persistent(), "the backend is not persistent: nothing to re-open");
        Gen<List<Op>> sequences = Ops.readable(Ops.anySequence(MAX_LENGTH).zip(Ops.advance(), Ops.reap(),
                (ops, advance, reap) -> {
                    List<Op> all = new ArrayList<>(ops);
                    all.add(advance);
                    all.add(reap);
                    return all;
                }));
        forAll(sequences, (fixture, ops) -> {
            Run run = new Run(fixture.open(), fixture.clock());
            run.apply(ops);
            StateStore reopened = fixture.closeAndReopen(run.store);
            run.assertSameContent(reopened, "after reap and reopen");
            run.assertSameTtlsByReaping(reopened, "after reap and reopen");
        });
    }
}
