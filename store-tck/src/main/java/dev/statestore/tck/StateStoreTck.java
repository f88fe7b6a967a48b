package dev.statestore.tck;

import dev.statestore.StateStore;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract tests of statestore: every rule of the design's semantics table as a named
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
 * <p><b>Rule ids, hints and skips.</b> Each rule's id is its test method's name (unique across the
 * kit; the groups' sources list them). A failing rule's message starts with {@code [rule <id>]} and
 * ends with a one-line hint, "If this fails, look at …". A backend that cannot keep a rule skips
 * it by overriding {@link #skippedRules()} with the rule's id and the reason; the rule then shows
 * as skipped, with that reason, in the IDE and in Surefire's reports, as the Reactive Streams
 * TCK's {@code optional_} rules do. A skip that names no rule of the kit, or gives no reason,
 * fails every rule. Rules that need a hook the backend does not override
 * ({@link #newStoreWithHistory}, {@link #reopen}) show as skipped too, naming the hook.
 *
 * <p>Thread-safety: JUnit creates one instance per test; instances are not shared. The kit tests
 * concurrency only where a rule is about it (racing conditional writes, a feed under load); the
 * jcstress module does the rest. It does not test durability under crashes (the durable backend's
 * own tests do) or speed (the JMH module does).
 */
@ExtendWith(RuleExtension.class)
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

        @Override
        public StateStore newStoreWithHistory(Clock clock, int n) {
            return StateStoreTck.this.newStoreWithHistory(clock, n);
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

    /**
     * Returns a new, empty store in a fresh place opened with the option {@code history=<n>} (keep at
     * least the latest {@code n} transitions), timed by clock. The rules of bounded history use it;
     * they show as skipped unless a backend overrides it.
     *
     * @param clock the clock that must time every transition of the store
     * @param n the {@code history} option's count, {@code >= 1}
     * @return a new open store; the kit closes it
     * @throws UnsupportedOperationException unless overridden
     */
    protected StateStore newStoreWithHistory(Clock clock, int n) {
        throw new UnsupportedOperationException("newStoreWithHistory(Clock, int) is not overridden");
    }

    /**
     * Returns the rules this backend skips: rule id (a test method's name, such as
     * {@code historySurvivesReopenAfterARewrite}) to the reason, which test reports show. Skip only
     * what the backend genuinely cannot do, and say why in the reason.
     *
     * @return rule id to reason; empty unless overridden
     */
    protected Map<String, String> skippedRules() {
        return Map.of();
    }

    /** Returns {@link #skippedRules()} checked: every id a rule of the kit, every reason given. */
    final Map<String, String> skips() {
        return RuleExtension.checkedSkips(StateStoreTck.class, skippedRules(), Set.of());
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

    /** revision and version of every write, and getVersioned. */
    @Nested
    class RevisionsAndVersions extends VersionRules {
        RevisionsAndVersions() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** setIf, setWithTtlIf and deleteIf. */
    @Nested
    class ConditionalWrites extends ConditionalWriteRules {
        ConditionalWrites() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** transitionsSince(index, limit), restore and replaceAll rewinds, and the history option. */
    @Nested
    class History extends HistoryRules {
        History() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** changes(afterRevision): the change feed. */
    @Nested
    class ChangeFeed extends FeedRules {
        ChangeFeed() {
            super(StateStoreTck.this.fixture);
        }
    }

    /** revisions, versions, history and the feed across close and re-open; skipped unless persistent. */
    @Nested
    class ReopenHistory extends ReopenHistoryRules {
        ReopenHistory() {
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
