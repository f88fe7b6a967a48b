package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.ScopedStateView;
import dev.statestore.memory.InMemoryStateStore;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Property 7: two tenants writing the same key name through scoped views never see each other's
 * value. Tenant {@code x} sets {@code k} to 1 and tenant {@code y} sets {@code k} to 2, each then
 * reading its own {@code k} and the other's.
 *
 * <p>Result: {@code r1} what {@code x} read of its own key (must be 1), {@code r2} what it read of
 * {@code y}'s (absent or 2), {@code r3} what {@code y} read of its own (must be 2), {@code r4}
 * what it read of {@code x}'s (absent or 1), {@code r5} {@code 1} when afterwards both views hold
 * their own value, each lists only {@code k}, the unscoped namespace is empty and the store holds
 * exactly {@code tenant:x:k} and {@code tenant:y:k}. Forbidden: a tenant reading the other's value
 * under its own name, a lost write, any leak between namespaces.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t TenantIsolation -m quick}
 */
@JCStressTest
@Description("two tenants writing the same key name never see each other's value")
@Outcome(id = "1, 2, 2, 1, 1", expect = ACCEPTABLE, desc = "each tenant saw the other's write already done")
@Outcome(id = {"1, 0, 2, 1, 1", "1, 2, 2, 0, 1"}, expect = ACCEPTABLE,
        desc = "one tenant read the other's key before that write")
@Outcome(id = "1, 0, 2, 0, 1", expect = ACCEPTABLE,
        desc = "each read the other's key before that write was visible to it: allowed, as no reader saw a write "
                + "without the ones ordered before it, but not sequentially consistent")
@Outcome(id = {"[0-9-]+, 1, [0-9-]+, [0-9-]+, [0-9-]+", "[0-9-]+, [0-9-]+, [0-9-]+, 2, [0-9-]+",
        "2, [0-9-]+, [0-9-]+, [0-9-]+, [0-9-]+", "[0-9-]+, [0-9-]+, 1, [0-9-]+, [0-9-]+"}, expect = FORBIDDEN,
        desc = "a tenant saw the other tenant's value")
@Outcome(expect = FORBIDDEN, desc = "a lost write, or a key leaked into another namespace")
@State
public class TenantIsolation {

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final ScopedStateView x = store.scoped("x");
    private final ScopedStateView y = store.scoped("y");

    /**
     * Tenant {@code x} sets {@code k} to 1, then reads its own and {@code y}'s.
     *
     * @param r the result
     */
    @Actor
    public void tenantX(IIIII_Result r) {
        x.set("k", Values.V1, "x");
        r.r1 = Values.code(x.get("k"));
        r.r2 = Values.code(y.get("k"));
    }

    /**
     * Tenant {@code y} sets {@code k} to 2, then reads its own and {@code x}'s.
     *
     * @param r the result
     */
    @Actor
    public void tenantY(IIIII_Result r) {
        y.set("k", Values.V2, "y");
        r.r3 = Values.code(y.get("k"));
        r.r4 = Values.code(x.get("k"));
    }

    /**
     * Checks the namespaces afterwards.
     *
     * @param r the result
     */
    @Arbiter
    public void check(IIIII_Result r) {
        boolean separate = Values.code(x.get("k")) == 1
                && Values.code(y.get("k")) == 2
                && !store.exists("k")
                && x.keys().equals(List.of("k"))
                && y.keys().equals(List.of("k"))
                && store.scoped(null).keys().isEmpty()
                && store.keys().equals(List.of("tenant:x:k", "tenant:y:k"));
        r.r5 = separate ? 1 : 0;
    }
}
