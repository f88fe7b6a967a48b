package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.memory.InMemoryStateStore;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import tools.jackson.databind.JsonNode;

/**
 * Property 4: {@code snapshot()} is never torn. One actor sets {@code a} to 1 and then {@code b}
 * to 2; the other takes a snapshot. A snapshot holding {@code b} holds {@code a}.
 *
 * <p>Result: {@code r1} the value of {@code a} in the snapshot, {@code r2} that of {@code b}
 * ({@code 0} absent, {@code -1} torn or a snapshot holding some other key). Forbidden:
 * {@code 0, 2} ({@code b} without {@code a}) and any torn value.
 *
 * <p>{@link PerKeyReads} runs the same writer against a reader that reads the two keys one
 * {@code get} at a time: two reads are not a snapshot, and it shows {@code 0, 2}.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t SnapshotOfOrderedWrites -m quick}
 */
@JCStressTest
@Description("snapshot against ordered writes: a snapshot holding b holds a")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the snapshot was taken before both writes")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the snapshot was taken between the writes")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the snapshot was taken after both writes")
@Outcome(id = "0, 2", expect = FORBIDDEN, desc = "torn snapshot: it holds b but not a, which was written first")
@Outcome(expect = FORBIDDEN, desc = "a torn value, or a key that was never written")
@State
public class SnapshotOfOrderedWrites {

    private final InMemoryStateStore store = new InMemoryStateStore();

    /** Sets {@code a}, then {@code b}. */
    @Actor
    public void writer() {
        store.set("a", Values.V1, "first");
        store.set("b", Values.V2, "second");
    }

    /**
     * Takes a snapshot and records what it holds.
     *
     * @param r the result
     */
    @Actor
    public void reader(II_Result r) {
        Map<String, JsonNode> snapshot = store.snapshot();
        int a = Values.code(Optional.ofNullable(snapshot.get("a")));
        int b = Values.code(Optional.ofNullable(snapshot.get("b")));
        int keys = (a == Values.ABSENT ? 0 : 1) + (b == Values.ABSENT ? 0 : 1);
        r.r1 = snapshot.size() == keys ? a : Values.TORN;
        r.r2 = b;
    }

    /**
     * The same writer against a reader that builds its own "snapshot" from two {@code get}s of the
     * real store: it can read {@code a} before either write and {@code b} after both. The store is
     * not at fault (each read is right at its moment, and no read saw a write without the earlier
     * ones); the outcome {@code 0, 2} is {@code ACCEPTABLE_INTERESTING} and shows why
     * {@code snapshot()} exists, and that the suite can see a torn read when there is one.
     *
     * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t SnapshotOfOrderedWrites.PerKeyReads -m quick}
     */
    @JCStressTest
    @Description("a snapshot assembled from per-key gets (broken on purpose)")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "both reads before both writes")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the writes straddled the reads the right way round")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "both reads after both writes")
    @Outcome(id = "0, 2", expect = ACCEPTABLE_INTERESTING,
            desc = "torn: a was read before both writes and b after them")
    @Outcome(expect = FORBIDDEN, desc = "a torn value: not possible even here")
    @State
    public static class PerKeyReads {

        private final InMemoryStateStore store = new InMemoryStateStore();

        /** Sets {@code a}, then {@code b}. */
        @Actor
        public void writer() {
            store.set("a", Values.V1, "first");
            store.set("b", Values.V2, "second");
        }

        /**
         * Reads {@code a}, then {@code b}.
         *
         * @param r the result
         */
        @Actor
        public void reader(II_Result r) {
            r.r1 = Values.code(store.get("a"));
            r.r2 = Values.code(store.get("b"));
        }
    }
}
