package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.StateTransition;
import dev.statestore.memory.InMemoryStateStore;
import java.util.List;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import tools.jackson.databind.JsonNode;

/**
 * Property 8: {@code restore} racing a {@code set}. The store holds {@code a = 1}; a snapshot and
 * the count (1) are taken; then {@code b} is set to 1, a write the restore will roll back. One
 * actor restores the snapshot and count, the other sets {@code b} to 2. The result equals the
 * snapshot (the set ran first and was rolled back) or the snapshot plus that set (the restore ran
 * first), and the log agrees with whichever happened.
 *
 * <p>Result: {@code r1} the old value the set recorded (1: it ran before the restore; 0: after),
 * {@code r2} the final state ({@code 0} the snapshot, {@code 1} the snapshot plus {@code b = 2},
 * {@code -1} anything else), {@code r3} the log ({@code 1} just the set of {@code a}, {@code 2}
 * that plus the set of {@code b} from absent to 2, {@code -1} anything else). Forbidden: every
 * outcome but the two serial orders.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t RestoreRacingSet -m quick}
 */
@JCStressTest
@Description("restore racing a set: the snapshot, or the snapshot plus that set, with a log to match")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "set, then restore: the set was rolled back with the rest")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "restore, then set: the snapshot plus the set")
@Outcome(id = {"[0-9-]+, 0, 2", "[0-9-]+, 1, 1"}, expect = FORBIDDEN, desc = "the log disagrees with the state")
@Outcome(expect = FORBIDDEN, desc = "a state that is neither the snapshot nor the snapshot plus the set, or a wrong log")
@State
public class RestoreRacingSet {

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final Map<String, JsonNode> snapshot;
    private final long count;

    /** Creates the state: a = 1 in the snapshot, then b = 1 after it. */
    public RestoreRacingSet() {
        store.set("a", Values.V1, "a");
        snapshot = store.snapshot();
        count = store.transitionCount();
        store.set("b", Values.V1, "rolled-back");
    }

    /** Restores the snapshot and truncates the log to its count. */
    @Actor
    public void restore() {
        store.restore(snapshot, count);
    }

    /**
     * Sets {@code b} to 2.
     *
     * @param r the result
     */
    @Actor
    public void set(III_Result r) {
        r.r1 = Values.code(store.set("b", Values.V2, "b").oldValue());
    }

    /**
     * Records the final state and the log.
     *
     * @param r the result
     */
    @Arbiter
    public void check(III_Result r) {
        Map<String, JsonNode> state = store.snapshot();
        if (state.equals(Map.of("a", Values.V1))) {
            r.r2 = 0;
        } else if (state.equals(Map.of("a", Values.V1, "b", Values.V2))) {
            r.r2 = 1;
        } else {
            r.r2 = -1;
        }
        List<StateTransition> log = store.transitions();
        if (Logs.chainLength(log) == Logs.GAP || !log.get(0).key().equals("a")) {
            r.r3 = -1;
        } else if (log.size() == 1) {
            r.r3 = 1;
        } else if (log.size() == 2 && log.get(1).key().equals("b") && log.get(1).actionId().equals("b")) {
            r.r3 = 2;
        } else {
            r.r3 = -1;
        }
    }
}
