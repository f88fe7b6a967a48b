package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import dev.statestore.memory.InMemoryStateStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Property 11: a compare-and-set increment loop run by several actors loses no increment. Each
 * actor adds one to a counter key that starts absent: it reads the key with {@code getVersioned}
 * (absent counts as 0 at revision 0), calls {@code setIf} with the revision it read and the count
 * plus one, and reads again and retries whenever {@code setIf} returns empty. With {@code n}
 * actors the counter must end at {@code n}, and the log must count {@code 1, 2, …, n} in order.
 * This class races two actors; {@link ThreeActors} and {@link FourActors} race three and four.
 *
 * <p>Result: {@code r1} the final count, {@code r2} how many transitions of the log count up in
 * order from 1 (the log's length when every write added one to the previous), {@code r3}
 * {@code 1} when at least one actor's {@code setIf} failed and it had to retry, else {@code 0}.
 * Forbidden: a final count or an audit chain short of {@code n}. A retry is acceptable and marked
 * interesting: it is the race this test exists for, and a run without any says the actors did not
 * overlap.
 *
 * <p>{@link PlainSet} runs the same loop with a plain {@code set} in place of {@code setIf}, a
 * read-modify-write with no condition, and shows the lost increment that {@code setIf} prevents.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t CasIncrement -m quick}
 * (all four classes; {@code -t CasIncrement.FourActors} for one).
 */
@JCStressTest
@Description("getVersioned + setIf increment loop from two actors: no increment lost")
@Outcome(id = "2, 2, 0", expect = ACCEPTABLE, desc = "both increments counted; the actors did not collide")
@Outcome(id = "2, 2, 1", expect = ACCEPTABLE_INTERESTING, desc = "both counted; a setIf lost the race and its actor retried")
@Outcome(expect = FORBIDDEN, desc = "an increment lost, or a log that does not count 1, 2 in order")
@State
public class CasIncrement {

    private static final String KEY = "counter";

    private final Counter counter = new Counter();

    /** Increments the counter once. */
    @Actor
    public void first() {
        counter.increment();
    }

    /** Increments the counter once. */
    @Actor
    public void second() {
        counter.increment();
    }

    /**
     * Records the final count, the log's chain and whether anyone retried.
     *
     * @param r the result
     */
    @Arbiter
    public void check(III_Result r) {
        counter.record(r);
    }

    /**
     * The loop of {@link CasIncrement} from three actors.
     *
     * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t CasIncrement.ThreeActors -m quick}
     */
    @JCStressTest
    @Description("getVersioned + setIf increment loop from three actors: no increment lost")
    @Outcome(id = "3, 3, 0", expect = ACCEPTABLE, desc = "all increments counted; the actors did not collide")
    @Outcome(id = "3, 3, 1", expect = ACCEPTABLE_INTERESTING, desc = "all counted; some setIf lost a race and retried")
    @Outcome(expect = FORBIDDEN, desc = "an increment lost, or a log that does not count 1, 2, 3 in order")
    @State
    public static class ThreeActors {

        private final Counter counter = new Counter();

        /** Increments the counter once. */
        @Actor
        public void first() {
            counter.increment();
        }

        /** Increments the counter once. */
        @Actor
        public void second() {
            counter.increment();
        }

        /** Increments the counter once. */
        @Actor
        public void third() {
            counter.increment();
        }

        /**
         * Records the final count, the log's chain and whether anyone retried.
         *
         * @param r the result
         */
        @Arbiter
        public void check(III_Result r) {
            counter.record(r);
        }
    }

    /**
     * The loop of {@link CasIncrement} from four actors.
     *
     * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t CasIncrement.FourActors -m quick}
     */
    @JCStressTest
    @Description("getVersioned + setIf increment loop from four actors: no increment lost")
    @Outcome(id = "4, 4, 0", expect = ACCEPTABLE, desc = "all increments counted; the actors did not collide")
    @Outcome(id = "4, 4, 1", expect = ACCEPTABLE_INTERESTING, desc = "all counted; some setIf lost a race and retried")
    @Outcome(expect = FORBIDDEN, desc = "an increment lost, or a log that does not count 1, 2, 3, 4 in order")
    @State
    public static class FourActors {

        private final Counter counter = new Counter();

        /** Increments the counter once. */
        @Actor
        public void first() {
            counter.increment();
        }

        /** Increments the counter once. */
        @Actor
        public void second() {
            counter.increment();
        }

        /** Increments the counter once. */
        @Actor
        public void third() {
            counter.increment();
        }

        /** Increments the counter once. */
        @Actor
        public void fourth() {
            counter.increment();
        }

        /**
         * Records the final count, the log's chain and whether anyone retried.
         *
         * @param r the result
         */
        @Arbiter
        public void check(III_Result r) {
            counter.record(r);
        }
    }

    /**
     * The loop of {@link CasIncrement} from two actors with a plain {@code set} in place of
     * {@code setIf}: each actor reads the count and writes the count plus one whatever happened
     * meanwhile. Two actors that read the same count both write the same successor, and one
     * increment is lost: the final count is 1 and the log counts 1, 1. That outcome is
     * {@code ACCEPTABLE_INTERESTING}: the suite expects to see it, which shows that the real test
     * can see a lost increment. {@code r3} is always {@code 0} (a plain set never fails).
     *
     * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t CasIncrement.PlainSet -m quick}
     */
    @JCStressTest
    @Description("getVersioned + unconditional set increment from two actors (broken on purpose)")
    @Outcome(id = "2, 2, 0", expect = ACCEPTABLE, desc = "both increments counted: the actors did not overlap")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "lost increment: both read 0 and both wrote 1")
    @Outcome(expect = FORBIDDEN, desc = "not possible even for this misuse")
    @State
    public static class PlainSet {

        private final InMemoryStateStore store = new InMemoryStateStore();

        private void increment() {
            int count = store.getVersioned(KEY).map(v -> v.value().intValue()).orElse(0);
            store.set(KEY, number(count + 1), "increment");
        }

        /** Increments the counter once, without a condition. */
        @Actor
        public void first() {
            increment();
        }

        /** Increments the counter once, without a condition. */
        @Actor
        public void second() {
            increment();
        }

        /**
         * Records the final count and the log's chain.
         *
         * @param r the result
         */
        @Arbiter
        public void check(III_Result r) {
            r.r1 = store.get(KEY).map(JsonNode::intValue).orElse(0);
            r.r2 = countingPrefix(store.transitions());
            r.r3 = 0;
        }
    }

    /** One counter key in a new store, the increment loop, and what the arbiters record. */
    static final class Counter {
        private final InMemoryStateStore store = new InMemoryStateStore();
        private final AtomicBoolean retried = new AtomicBoolean();

        /** Adds one to the counter: read, setIf at the revision read, again until setIf writes. */
        void increment() {
            while (true) {
                Optional<Versioned> read = store.getVersioned(KEY);
                long revision = read.map(Versioned::revision).orElse(0L);
                int count = read.map(v -> v.value().intValue()).orElse(0);
                if (store.setIf(KEY, revision, number(count + 1), "increment").isPresent()) {
                    return;
                }
                retried.set(true);
            }
        }

        /** Records the final count, the log's counting prefix and whether any actor retried. */
        void record(III_Result r) {
            r.r1 = store.get(KEY).map(JsonNode::intValue).orElse(0);
            r.r2 = countingPrefix(store.transitions());
            r.r3 = retried.get() ? 1 : 0;
        }
    }

    private static JsonNode number(int n) {
        return JsonNodeFactory.instance.numberNode(n);
    }

    /**
     * Returns how many transitions at the start of {@code log} count up from 1: the i-th (from 1)
     * writes {@code i} over {@code i - 1} (over nothing for the first).
     */
    private static int countingPrefix(List<StateTransition> log) {
        int n = 0;
        for (StateTransition t : log) {
            int old = t.oldValue().map(JsonNode::intValue).orElse(0);
            int now = t.newValue().map(JsonNode::intValue).orElse(-1);
            if (old != n || now != n + 1) {
                break;
            }
            n++;
        }
        return n;
    }
}
