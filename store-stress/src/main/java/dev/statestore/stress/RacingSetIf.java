package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.memory.InMemoryStateStore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Property 10: two {@code setIf} calls racing on the revision they both read leave exactly one
 * winner. The key holds 3, written at revision 1; one actor calls {@code setIf(key, 1, 1)}, the
 * other {@code setIf(key, 1, 2)}. The check and the write are one atomic step, so the first to
 * take the lock writes and the second finds revision 2 and writes nothing.
 *
 * <p>Result: {@code r1} and {@code r2} whether the first and the second actor's {@code setIf}
 * wrote ({@code 1}) or returned empty ({@code 0}), {@code r3} the key's final value, {@code r4}
 * {@code transitionCount()} (1 for the initial write, plus one per winner). Forbidden: two winners
 * (a lost update that the caller was promised could not happen), no winner, and a final value or
 * count that does not match the winner.
 *
 * <p>{@link SeparateLocks} runs the same race against a deliberately broken model that checks the
 * revision under one lock and writes under another, and shows both actors winning.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t RacingSetIf -m quick}
 */
@JCStressTest
@Description("two setIf on one revision: exactly one writes")
@Outcome(id = "1, 0, 1, 2", expect = ACCEPTABLE, desc = "the first actor won; the second found revision 2")
@Outcome(id = "0, 1, 2, 2", expect = ACCEPTABLE, desc = "the second actor won; the first found revision 2")
@Outcome(id = "1, 1, [0-9-]+, [0-9-]+", expect = FORBIDDEN, desc = "both won: one write silently replaced the other")
@Outcome(id = "0, 0, [0-9-]+, [0-9-]+", expect = FORBIDDEN, desc = "neither won, though the revision was current")
@Outcome(expect = FORBIDDEN, desc = "the final value or the transition count does not match the winner")
@State
public class RacingSetIf {

    private static final String KEY = "k";

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final long read;

    /** Creates the state: the key holds 3 at revision 1, which both actors have read. */
    public RacingSetIf() {
        read = store.set(KEY, Values.V3, "init").revision();
    }

    /**
     * Sets the key to 1 if it is still at the revision read.
     *
     * @param r the result
     */
    @Actor
    public void setOne(IIII_Result r) {
        r.r1 = store.setIf(KEY, read, Values.V1, "one").isPresent() ? 1 : 0;
    }

    /**
     * Sets the key to 2 if it is still at the revision read.
     *
     * @param r the result
     */
    @Actor
    public void setTwo(IIII_Result r) {
        r.r2 = store.setIf(KEY, read, Values.V2, "two").isPresent() ? 1 : 0;
    }

    /**
     * Records the final value and the transition count.
     *
     * @param r the result
     */
    @Arbiter
    public void check(IIII_Result r) {
        r.r3 = Values.code(store.get(KEY));
        r.r4 = (int) store.transitionCount();
    }

    /**
     * The same race against a broken model that compares the key's revision under one lock and
     * then writes under another. Both actors can pass the check before either writes: both then
     * "win", the second write replaces the first, and the caller whose value is gone was told it
     * succeeded. Those outcomes are {@code ACCEPTABLE_INTERESTING}: the suite expects to see them,
     * which shows that it can see this defect. Result codes as in the real test; {@code r4} is the
     * model's latest revision.
     *
     * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t RacingSetIf.SeparateLocks -m quick}
     */
    @JCStressTest
    @Description("two setIf on one revision in a model that checks and writes under separate locks (broken on purpose)")
    @Outcome(id = "1, 0, 1, 2", expect = ACCEPTABLE, desc = "the first actor won alone")
    @Outcome(id = "0, 1, 2, 2", expect = ACCEPTABLE, desc = "the second actor won alone")
    @Outcome(id = {"1, 1, 1, 3", "1, 1, 2, 3"}, expect = ACCEPTABLE_INTERESTING,
            desc = "both passed the check: two winners, one write lost")
    @Outcome(expect = FORBIDDEN, desc = "not possible even for this model: no winner, or a count that does not match")
    @State
    public static class SeparateLocks {

        private final Object checkLock = new Object();
        private final Object writeLock = new Object();
        /** The key's value code; guarded by writeLock for writes, read under checkLock too. */
        private volatile int value = 3;
        /** The revision of the key's latest write; guarded like {@link #value}. */
        private volatile long revision = 1;
        /** The latest revision of the model; guarded by writeLock. */
        private long latest = 1;

        private int setIf(long expected, int newValue) {
            synchronized (checkLock) {
                if (revision != expected) {
                    return 0;
                }
            }
            synchronized (writeLock) {
                latest++;
                value = newValue;
                revision = latest;
            }
            return 1;
        }

        /**
         * Sets the key to 1 if it is still at revision 1.
         *
         * @param r the result
         */
        @Actor
        public void setOne(IIII_Result r) {
            r.r1 = setIf(1, 1);
        }

        /**
         * Sets the key to 2 if it is still at revision 1.
         *
         * @param r the result
         */
        @Actor
        public void setTwo(IIII_Result r) {
            r.r2 = setIf(1, 2);
        }

        /**
         * Records the final value and the latest revision.
         *
         * @param r the result
         */
        @Arbiter
        public void check(IIII_Result r) {
            synchronized (writeLock) {
                r.r3 = value;
                r.r4 = (int) latest;
            }
        }
    }
}
