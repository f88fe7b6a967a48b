package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.StateTransition;
import dev.statestore.memory.InMemoryStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Property 2: two concurrent sets of one key leave the {@code new_value} of the later logged
 * transition as the final value, and that transition's {@code old_value} is the earlier one's
 * {@code new_value}: the audit chain has no gap. The key starts at 3; one actor sets it to 1, the
 * other to 2.
 *
 * <p>Result: {@code r1} and {@code r2} the old values of the transitions the two sets returned,
 * {@code r3} the final value, {@code r4} the new value of the last logged transition, or
 * {@code -1} when the log's chain of old and new values has a gap. Forbidden: a lost update (both
 * sets replaced 3), a final value other than the last logged one, any gap.
 *
 * <p>{@link StaleOldValue} runs the same race against a broken model that reads the old value
 * before taking its lock, and shows the gap.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t ConcurrentSets -m quick}
 */
@JCStressTest
@Description("two concurrent sets of one key: last logged wins, and the audit chain has no gap")
@Outcome(id = "3, 1, 2, 2", expect = ACCEPTABLE, desc = "1, then 2: the second set replaced the first")
@Outcome(id = "2, 3, 1, 1", expect = ACCEPTABLE, desc = "2, then 1: the second set replaced the first")
@Outcome(id = "3, 3, [0-9-]+, [0-9-]+", expect = FORBIDDEN, desc = "lost update: both sets recorded 3 as the old value")
@Outcome(expect = FORBIDDEN, desc = "the final value is not the last logged one, or the chain has a gap")
@State
public class ConcurrentSets {

    private static final String KEY = "k";

    private final InMemoryStateStore store = new InMemoryStateStore();

    /** Creates the state: the key holds 3. */
    public ConcurrentSets() {
        store.set(KEY, Values.V3, "init");
    }

    /**
     * Sets the key to 1.
     *
     * @param r the result
     */
    @Actor
    public void setOne(IIII_Result r) {
        r.r1 = Values.code(store.set(KEY, Values.V1, "one").oldValue());
    }

    /**
     * Sets the key to 2.
     *
     * @param r the result
     */
    @Actor
    public void setTwo(IIII_Result r) {
        r.r2 = Values.code(store.set(KEY, Values.V2, "two").oldValue());
    }

    /**
     * Records the final value and the log's last value.
     *
     * @param r the result
     */
    @Arbiter
    public void check(IIII_Result r) {
        List<StateTransition> log = store.transitions();
        r.r3 = Values.code(store.get(KEY));
        r.r4 = Logs.chainLength(log) == 3 ? Logs.lastNewValue(log) : Logs.GAP;
    }

    /**
     * The same race against a broken model that reads a key's old value before taking the lock
     * that guards its map and log together. Both writers can read 3, so both transitions claim to
     * have replaced 3 and the log's chain has a gap, though the map and the log still agree on the
     * final value. That torn outcome is {@code ACCEPTABLE_INTERESTING}: the suite expects to see
     * it, which shows it can see this defect.
     *
     * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t ConcurrentSets.StaleOldValue -m quick}
     */
    @JCStressTest
    @Description("two concurrent sets on a model that reads the old value outside its lock (broken on purpose)")
    @Outcome(id = "3, 1, 2, 2", expect = ACCEPTABLE, desc = "1, then 2, without overlap")
    @Outcome(id = "2, 3, 1, 1", expect = ACCEPTABLE, desc = "2, then 1, without overlap")
    @Outcome(id = {"3, 3, 1, -1", "3, 3, 2, -1"}, expect = ACCEPTABLE_INTERESTING,
            desc = "gap: both writers read 3 as the old value; the second logged transition lies about it")
    @Outcome(expect = FORBIDDEN, desc = "not possible even for this model: the map and the log disagree")
    @State
    public static class StaleOldValue {

        private final Map<String, Integer> map = new ConcurrentHashMap<>();
        /** Each entry is {old, new}; guarded by {@code this}. */
        private final List<int[]> log = new ArrayList<>();

        /** Creates the model: the key holds 3. */
        public StaleOldValue() {
            map.put(KEY, 3);
            log.add(new int[] {Values.ABSENT, 3});
        }

        private int set(int value) {
            Integer old = map.get(KEY);
            int oldCode = old == null ? Values.ABSENT : old;
            synchronized (this) {
                log.add(new int[] {oldCode, value});
                map.put(KEY, value);
            }
            return oldCode;
        }

        /**
         * Sets the key to 1.
         *
         * @param r the result
         */
        @Actor
        public void setOne(IIII_Result r) {
            r.r1 = set(1);
        }

        /**
         * Sets the key to 2.
         *
         * @param r the result
         */
        @Actor
        public void setTwo(IIII_Result r) {
            r.r2 = set(2);
        }

        /**
         * Records the final value and the log's last value, or the gap.
         *
         * @param r the result
         */
        @Arbiter
        public void check(IIII_Result r) {
            synchronized (this) {
                r.r3 = map.get(KEY);
                int last = log.get(log.size() - 1)[1];
                for (int i = 1; i < log.size(); i++) {
                    if (log.get(i)[0] != log.get(i - 1)[1]) {
                        last = Logs.GAP;
                    }
                }
                r.r4 = last;
            }
        }
    }
}
