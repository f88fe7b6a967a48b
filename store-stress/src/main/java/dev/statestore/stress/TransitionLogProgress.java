package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.StateTransition;
import dev.statestore.memory.InMemoryStateStore;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Property 5: {@code transitionCount()} never goes backwards, and {@code transitionsSince(i)}
 * taken after a count of {@code i} never misses an entry. One actor makes two writes; the other
 * reads the count twice ({@code c1}, {@code c2}) and then {@code transitionsSince(c1)}.
 *
 * <p>Result: {@code r1 = c1}, {@code r2 = c2}, {@code r3 = c1 + transitionsSince(c1).size()} (the
 * position the list reaches), {@code r4} is {@code 1} when that list is exactly the final log's
 * entries from {@code c1} on, else {@code 0}. Acceptable: {@code c1 <= c2 <= r3 <= 2} with
 * {@code r4 = 1}. Forbidden: a count that went backwards ({@code c2 < c1}), a list that misses an
 * entry the earlier count had seen ({@code r3 < c2}), a list that is not the log's tail.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t TransitionLogProgress -m quick}
 */
@JCStressTest
@Description("the transition count never goes backwards and transitionsSince never misses an entry")
@Outcome(id = {"0, 0, 0, 1", "1, 1, 1, 1", "2, 2, 2, 1"}, expect = ACCEPTABLE,
        desc = "no write landed between the reads")
@Outcome(id = {"0, 0, 1, 1", "0, 0, 2, 1", "0, 1, 1, 1", "0, 1, 2, 1", "0, 2, 2, 1", "1, 1, 2, 1", "1, 2, 2, 1"},
        expect = ACCEPTABLE, desc = "writes landed between the reads; each read saw at least what the one before it saw")
@Outcome(id = {"1, 0, [0-9-]+, [0-9-]+", "2, [01], [0-9-]+, [0-9-]+"}, expect = FORBIDDEN,
        desc = "the count went backwards")
@Outcome(id = {"0, 1, 0, [0-9-]+", "0, 2, [01], [0-9-]+", "1, 2, 1, [0-9-]+"}, expect = FORBIDDEN,
        desc = "transitionsSince(c1) missed an entry that the count had already seen")
@Outcome(expect = FORBIDDEN, desc = "transitionsSince(c1) is not the log's tail from c1")
@State
public class TransitionLogProgress {

    private final InMemoryStateStore store = new InMemoryStateStore();
    private int firstCount;
    private List<StateTransition> since;

    /** Sets two keys. */
    @Actor
    public void writer() {
        store.set("a", Values.V1, "first");
        store.set("b", Values.V2, "second");
    }

    /**
     * Reads the count twice, then the entries since the first count.
     *
     * @param r the result
     */
    @Actor
    public void reader(IIII_Result r) {
        int c1 = (int) store.transitionCount();
        int c2 = (int) store.transitionCount();
        List<StateTransition> tail = store.transitionsSince(c1);
        firstCount = c1;
        since = tail;
        r.r1 = c1;
        r.r2 = c2;
        r.r3 = c1 + tail.size();
    }

    /**
     * Checks the list the reader got against the final log.
     *
     * @param r the result
     */
    @Arbiter
    public void check(IIII_Result r) {
        List<StateTransition> log = store.transitions();
        int end = firstCount + since.size();
        r.r4 = log.size() == 2 && end <= log.size() && log.subList(firstCount, end).equals(since) ? 1 : 0;
    }
}
