package dev.statestore.tck;

import dev.statestore.StateStore;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Returns the contract tests of statestore: every rule of the design's semantics table as a named
 * JUnit test, grouped by area in {@code @Nested} classes. A backend runs the whole kit with one
 * subclass that supplies {@link #newStore(Clock)} (and, if it persists, {@link #persistent()} and
 * {@link #reopen(Clock)}); the property tests are in {@link StateStorePropertiesTck}, which every
 * backend runs beside this class.
 *
 * <pre>{@code
 * class InMemoryStateStoreTckTest extends StateStoreTck {
 *     @Override protected StateStore newStore(Clock clock) {
 *         return InMemoryStateStore.builder().clock(clock).build();
 *     }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh {@link MutableClock} (starting at {@link MutableClock#START}) and moves
 * it by hand; the kit closes every store it obtained when the test ends. A test may call
 * {@code newStore} more than once and keep several stores open at a time, so every call must return
 * an empty store in a place of its own (for a durable backend: a new file in a {@code @TempDir}).
 * The {@link Reopen} group runs only when {@link #persistent()} is {@code true}; otherwise its tests
 * are reported as skipped.
 *
 * <p>Thread-safety: JUnit creates one instance per test; instances are not shared. The kit does not
 * test concurrency (the jcstress module does), durability under crashes (the durable backend's own
 * tests do) or speed (the JMH module does).
 */
public abstract class StateStoreTck {

    private final StoreFixture fixture = new StoreFixture(new StoreFixture.Backend() {
        @Override
        public StateStore newStore(Clock clock) {
            return StateStoreTck.this.newStore(clock);
        }

        @Override
        public boolean persistent() {
            return StateStoreTck.this.persistent();
        }

        @Override
        public StateStore reopen(Clock clock) {
            return StateStoreTck.this.reopen(clock);
        }
    });

    /** Creates the kit; subclasses need no constructor arguments. */
    protected StateStoreTck() {
    }

    /**
     * Returns a new, empty store in a fresh place (a temp dir for durable backends), timed by clock.
     *
     * @param clock the clock that must time every transition of the store
     * @return a new open store; the kit closes it
     */
    protected abstract StateStore newStore(Clock clock);

    /**
     * Returns whether the backend persists: enables the {@link Reopen} group.
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

    /** Closes every store the test obtained (close is idempotent, so closed ones do no harm). */
    @AfterEach
    final void closeEveryStoreTheTestOpened() {
        fixture.closeAll();
    }

    /** get, getOr, exists, set, delete, keys and sync. */
    @Nested
    class Crud extends CrudRules {
        Crud() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** setWithTtl and reapExpired. */
    @Nested
    class TtlAndReap extends TtlRules {
        TtlAndReap() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** snapshot, restore and replaceAll. */
    @Nested
    class SnapshotRestoreReplaceAll extends SnapshotRules {
        SnapshotRestoreReplaceAll() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** transitions, transitionsSince and transitionCount. */
    @Nested
    class Transitions extends TransitionRules {
        Transitions() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** scoped(tenant) views. */
    @Nested
    class Tenants extends TenantRules {
        Tenants() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** close and calls after it. */
    @Nested
    class Close extends CloseRules {
        Close() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** the canonical form of values, and the values no backend could keep. */
    @Nested
    class Values extends ValueRules {
        Values() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** null and out-of-range arguments. */
    @Nested
    class BadInput extends BadInputRules {
        BadInput() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** close and re-open of a persistent backend; skipped unless {@link #persistent()}. */
    @Nested
    class Reopen extends ReopenRules {
        Reopen() {
            super(StateStoreTck.this.fixture);
        }
    }
}
