package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.memory.InMemoryStateStore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property 1: a reader sees a key either absent or with a complete value, and a reader that has
 * counted transition {@code n} also sees that transition's write. One actor sets the key to 1 and
 * then to 2 (two-field objects, so a partial value is detectable); the other reads
 * {@code transitionCount()} and then {@code get}.
 *
 * <p>Result: {@code r1} the count read, {@code r2} the value read ({@code 0} absent, {@code -1}
 * torn). Forbidden: a value older than the count promises ({@code 1, 0}, {@code 2, 0},
 * {@code 2, 1}) and any torn value.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t SetGetVisibility -m quick}
 */
@JCStressTest
@Description("set/get visibility: absent or complete, and a counted transition's write is visible")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "both reads before the first write")
@Outcome(id = {"0, 1", "0, 2"}, expect = ACCEPTABLE, desc = "the count was read before a write, the value after it")
@Outcome(id = {"1, 1", "1, 2", "2, 2"}, expect = ACCEPTABLE, desc = "the value is the counted write or a later one")
@Outcome(id = {"1, 0", "2, 0", "2, 1"}, expect = FORBIDDEN, desc = "counted a transition, then could not see its write")
@Outcome(expect = FORBIDDEN, desc = "a torn value: part of a write, or a mix of two")
@State
public class SetGetVisibility {

    private static final String KEY = "k";

    private final InMemoryStateStore store = new InMemoryStateStore();

    /** Sets the key to 1, then to 2. */
    @Actor
    public void writer() {
        store.set(KEY, Values.V1, "first");
        store.set(KEY, Values.V2, "second");
    }

    /**
     * Counts the transitions, then reads the key.
     *
     * @param r the result
     */
    @Actor
    public void reader(II_Result r) {
        r.r1 = (int) store.transitionCount();
        r.r2 = Values.code(store.get(KEY));
    }
}
