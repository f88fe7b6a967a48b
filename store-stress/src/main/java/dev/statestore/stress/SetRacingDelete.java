package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.StateTransition;
import dev.statestore.memory.InMemoryStateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Property 3: a {@code set} racing a {@code delete} of one key leaves a transition log and a final
 * state that agree. The key starts at value 3; one actor sets it to 1, the other deletes it.
 *
 * <p>Result: {@code r1} the value the delete removed (its transition's old value), {@code r2} the
 * key's final value ({@code 0} absent), {@code r3} the value the last logged transition left
 * ({@code 0} for a delete), {@code r4} the log length when its audit chain has no gap, {@code -1}
 * when it has one. Only the two serial orders are acceptable. Forbidden: a final state that
 * differs from the log's last entry (the key present after a logged delete, or absent after a
 * logged set), and any gap in the chain of old and new values.
 *
 * <p>{@link SplitLocks} runs the same race against a deliberately broken model that keeps its map
 * and its log behind two separate locks, and shows both torn outcomes.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t SetRacingDelete -m quick}
 */
@JCStressTest
@Description("set racing delete of one key: the log and the final state agree")
@Outcome(id = "1, 0, 0, 3", expect = ACCEPTABLE, desc = "set, then delete: the key is absent and the log ends with the delete")
@Outcome(id = "3, 1, 1, 3", expect = ACCEPTABLE, desc = "delete, then set: the key holds 1 and the log ends with the set")
@Outcome(id = "[0-9-]+, 1, 0, [0-9-]+", expect = FORBIDDEN, desc = "torn: the key holds 1 but the log ends with its delete")
@Outcome(id = "[0-9-]+, 0, 1, [0-9-]+", expect = FORBIDDEN, desc = "torn: the key is absent but the log ends with its set")
@Outcome(expect = FORBIDDEN, desc = "a lost write, a wrong old value or a gap in the audit chain")
@State
public class SetRacingDelete {

    private static final String KEY = "k";

    private final InMemoryStateStore store = new InMemoryStateStore();

    /** Creates the state: the key holds value 3. */
    public SetRacingDelete() {
        store.set(KEY, Values.V3, "init");
    }

    /** Sets the key to 1. */
    @Actor
    public void set() {
        store.set(KEY, Values.V1, "set");
    }

    /**
     * Deletes the key and records what the delete removed.
     *
     * @param r the result
     */
    @Actor
    public void delete(IIII_Result r) {
        r.r1 = store.delete(KEY, "delete").map(t -> Values.code(t.oldValue())).orElse(Values.ABSENT);
    }

    /**
     * Records the final state and the log.
     *
     * @param r the result
     */
    @Arbiter
    public void check(IIII_Result r) {
        List<StateTransition> log = store.transitions();
        r.r2 = Values.code(store.get(KEY));
        r.r3 = Logs.lastNewValue(log);
        r.r4 = Logs.chainLength(log);
    }

    /**
     * The same race against a broken model: a map and a log, each behind its own lock, so a write
     * updates the map and then, in a second critical section, appends to the log. Two writers can
     * apply in one order and log in the other: the final state then contradicts the log. Its torn
     * outcomes are {@code ACCEPTABLE_INTERESTING}: the suite expects to see them, which shows that it
     * can see this defect. Values are the same codes as in the real test; the model's log holds only
     * new values, so {@code r4} is its length.
     *
     * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t SetRacingDelete.SplitLocks -m quick}
     */
    @JCStressTest
    @Description("set racing delete on a map and a log behind two separate locks (broken on purpose)")
    @Outcome(id = "1, 0, 0, 3", expect = ACCEPTABLE, desc = "set, then delete, in both the map and the log")
    @Outcome(id = "3, 1, 1, 3", expect = ACCEPTABLE, desc = "delete, then set, in both the map and the log")
    @Outcome(id = "3, 1, 0, 3", expect = ACCEPTABLE_INTERESTING,
            desc = "torn: the map applied delete then set, the log recorded set then delete")
    @Outcome(id = "1, 0, 1, 3", expect = ACCEPTABLE_INTERESTING,
            desc = "torn: the map applied set then delete, the log recorded delete then set")
    @Outcome(expect = FORBIDDEN, desc = "not possible even for this model: a lost write or log entry")
    @State
    public static class SplitLocks {

        private final Object mapLock = new Object();
        private final Object logLock = new Object();
        private final Map<String, Integer> map = new HashMap<>();
        private final List<Integer> log = new ArrayList<>();

        /** Creates the model: the key holds value 3. */
        public SplitLocks() {
            map.put(KEY, 3);
            log.add(3);
        }

        /** Sets the key to 1: map first, then log. */
        @Actor
        public void set() {
            synchronized (mapLock) {
                map.put(KEY, 1);
            }
            synchronized (logLock) {
                log.add(1);
            }
        }

        /**
         * Deletes the key, map first, then log, and records what it removed.
         *
         * @param r the result
         */
        @Actor
        public void delete(IIII_Result r) {
            Integer removed;
            synchronized (mapLock) {
                removed = map.remove(KEY);
            }
            synchronized (logLock) {
                log.add(Values.ABSENT);
            }
            r.r1 = removed == null ? Values.ABSENT : removed;
        }

        /**
         * Records the final state and the log.
         *
         * @param r the result
         */
        @Arbiter
        public void check(IIII_Result r) {
            synchronized (mapLock) {
                Integer value = map.get(KEY);
                r.r2 = value == null ? Values.ABSENT : value;
            }
            synchronized (logLock) {
                r.r3 = log.get(log.size() - 1);
                r.r4 = log.size();
            }
        }
    }
}
