package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.ScopedStateView;
import dev.statestore.memory.InMemoryStateStore;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property 9: scoped and unscoped {@code keys()} under concurrent writes never list a key that was
 * never written, and (the store's ordering rule) a listing that shows a write shows the writes
 * ordered before it. One actor sets the unscoped {@code a}, then tenant {@code x}'s {@code b}
 * (stored as {@code tenant:x:b}); the other lists {@code keys()}, then {@code scoped("x").keys()},
 * then {@code scoped(null).keys()}.
 *
 * <p>Result, one bit mask per listing: {@code r1} for {@code keys()} (1 = {@code a}, 2 =
 * {@code tenant:x:b}, 4 = any other key), {@code r2} for the tenant's (1 = {@code b}, 4 = other),
 * {@code r3} for the unscoped namespace's (1 = {@code a}, 4 = other). Forbidden: any 4 bit (an
 * invented or leaked key), {@code tenant:x:b} listed without {@code a}, and a later listing
 * missing a key an earlier one showed or that {@code b} implies.
 *
 * <p>The two keys sit in hash bins that {@code ConcurrentHashMap} iterates in write order
 * ({@code a} in bin 1, {@code tenant:x:b} in bin 8 of 16), so an unlocked, weakly consistent
 * iteration could pass {@code a}'s bin before {@code a} is written and reach {@code b}'s after.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t KeysNeverInvented -m quick}
 */
@JCStressTest
@Description("keys(), scoped and unscoped, never list a key that was never written")
@Outcome(id = {"0, 0, 0", "0, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "the first listing ran before both writes")
@Outcome(id = {"1, 0, 1", "1, 1, 1"}, expect = ACCEPTABLE, desc = "the first listing ran between the writes")
@Outcome(id = "3, 1, 1", expect = ACCEPTABLE, desc = "the first listing ran after both writes")
@Outcome(id = {"[4-7], [0-9-]+, [0-9-]+", "[0-9-]+, [4-7], [0-9-]+", "[0-9-]+, [0-9-]+, [4-7]"},
        expect = FORBIDDEN, desc = "a listing held a key that was never written in its namespace")
@Outcome(id = "2, [0-9-]+, [0-9-]+", expect = FORBIDDEN, desc = "keys() listed tenant:x:b without a, written before it")
@Outcome(expect = FORBIDDEN, desc = "a later listing missed a key that an earlier one showed or implied")
@State
public class KeysNeverInvented {

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final ScopedStateView tenant = store.scoped("x");
    private final ScopedStateView unscoped = store.scoped(null);

    /** Sets {@code a}, then the tenant's {@code b}. */
    @Actor
    public void writer() {
        store.set("a", Values.V1, "a");
        tenant.set("b", Values.V2, "b");
    }

    /**
     * Lists the keys three ways.
     *
     * @param r the result
     */
    @Actor
    public void reader(III_Result r) {
        r.r1 = mask(store.keys(), "a", "tenant:x:b");
        r.r2 = mask(tenant.keys(), "b", null);
        r.r3 = mask(unscoped.keys(), "a", null);
    }

    private static int mask(List<String> keys, String one, String two) {
        int mask = 0;
        for (String key : keys) {
            if (key.equals(one)) {
                mask |= 1;
            } else if (key.equals(two)) {
                mask |= 2;
            } else {
                mask |= 4;
            }
        }
        return mask;
    }
}
