package dev.statestore.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.statestore.StateTransition;
import dev.statestore.memory.InMemoryStateStore;
import java.time.Instant;
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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property 6: {@code reapExpired} racing a plain {@code set} that cancels a TTL. The key starts at
 * 3 with TTL 0 (reapable at once); one actor sets it to 1 without a TTL and then raises a flag,
 * the other reads the flag and then reaps at an instant far in the future. A set that returned
 * before the reap began is never reaped, and the re-set is never lost: whatever the order, the
 * key ends at 1.
 *
 * <p>Result: {@code r1} the flag as the reaper saw it ({@code 1}: the set had returned),
 * {@code r2} whether the reap removed the key, {@code r3} the final value, {@code r4} the log's
 * shape: {@code 1} for [set 3 with TTL, set 3 to 1], {@code 2} for [set 3 with TTL, reap of 3,
 * set absent to 1], {@code -1} for anything else.
 *
 * <p>{@link TwoPhaseReap} runs the race against a broken reaper that picks expired keys in one
 * pass and removes them in another, and shows the lost re-set.
 *
 * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t ReapRacingSet -m quick}
 */
@JCStressTest
@Description("reap racing a plain set that cancels a TTL: the set is never reaped or lost")
@Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE, desc = "set, then reap: the TTL was gone (the flag was not yet seen)")
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "set returned before the reap began; nothing to reap")
@Outcome(id = "0, 1, 1, 2", expect = ACCEPTABLE, desc = "reap, then set: 3 was reaped and the set wrote 1 afresh")
@Outcome(id = "1, 1, [0-9-]+, [0-9-]+", expect = FORBIDDEN, desc = "a set that had returned before the reap began was reaped")
@Outcome(id = "[01], [01], 0, [0-9-]+", expect = FORBIDDEN, desc = "the re-set was lost: the key is gone")
@Outcome(expect = FORBIDDEN, desc = "the final value or the log is wrong")
@State
public class ReapRacingSet {

    private static final String KEY = "k";
    private static final Instant LATER = Instant.parse("2200-01-01T00:00:00Z");

    private final InMemoryStateStore store = new InMemoryStateStore();
    private volatile boolean setReturned;

    /** Creates the state: the key holds 3 with TTL 0. */
    public ReapRacingSet() {
        store.setWithTtl(KEY, Values.V3, "init", 0);
    }

    /** Sets the key to 1 without a TTL, then raises the flag. */
    @Actor
    public void set() {
        store.set(KEY, Values.V1, "reset");
        setReturned = true;
    }

    /**
     * Reads the flag, then reaps.
     *
     * @param r the result
     */
    @Actor
    public void reap(IIII_Result r) {
        r.r1 = setReturned ? 1 : 0;
        r.r2 = store.reapExpired(LATER).contains(KEY) ? 1 : 0;
    }

    /**
     * Records the final value and the shape of the log.
     *
     * @param r the result
     */
    @Arbiter
    public void check(IIII_Result r) {
        List<StateTransition> log = store.transitions();
        r.r3 = Values.code(store.get(KEY));
        r.r4 = shape(log);
    }

    private static int shape(List<StateTransition> log) {
        if (Logs.chainLength(log) == Logs.GAP || log.get(log.size() - 1).ttlSecs().isPresent()) {
            return -1;
        }
        if (log.size() == 2 && log.get(1).actionId().equals("reset")) {
            return 1;
        }
        if (log.size() == 3 && log.get(1).actionId().equals(InMemoryStateStore.REAP_ACTION_ID)
                && log.get(2).actionId().equals("reset")) {
            return 2;
        }
        return -1;
    }

    /**
     * The same race against a broken reaper: it collects the keys whose entry carries an
     * expired TTL, then removes each by key alone, without checking that the entry it removes is
     * still the one it judged. A set landing between the two passes is removed with the old
     * entry: the re-set is lost. That outcome is {@code ACCEPTABLE_INTERESTING}: the suite
     * expects to see it, which shows it can see this defect. The model keeps no log, so its
     * result has three parts.
     *
     * <p>Run it: {@code cd store-stress/target && java -jar jcstress.jar -t ReapRacingSet.TwoPhaseReap -m quick}
     */
    @JCStressTest
    @Description("reap racing a set on a reaper that selects and removes in two passes (broken on purpose)")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "set, then reap (the flag was not yet seen)")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "set returned before the reap began; nothing to reap")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "reap, then set")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE_INTERESTING,
            desc = "lost re-set: the set landed between the passes and was removed with the expired entry")
    @Outcome(expect = FORBIDDEN, desc = "not possible even for this model")
    @State
    public static class TwoPhaseReap {

        /** A value and whether it carries an (expired) TTL. */
        private static final class Entry {
            final int value;
            final boolean expired;

            Entry(int value, boolean expired) {
                this.value = value;
                this.expired = expired;
            }
        }

        private final Map<String, Entry> map = new ConcurrentHashMap<>();
        private volatile boolean setReturned;

        /** Creates the model: the key holds 3 with an expired TTL. */
        public TwoPhaseReap() {
            map.put(KEY, new Entry(3, true));
        }

        /** Sets the key to 1 without a TTL, then raises the flag. */
        @Actor
        public void set() {
            map.put(KEY, new Entry(1, false));
            setReturned = true;
        }

        /**
         * Reads the flag, then reaps in two passes.
         *
         * @param r the result
         */
        @Actor
        public void reap(III_Result r) {
            r.r1 = setReturned ? 1 : 0;
            List<String> expired = new ArrayList<>();
            for (Map.Entry<String, Entry> e : map.entrySet()) {
                if (e.getValue().expired) {
                    expired.add(e.getKey());
                }
            }
            for (String key : expired) {
                map.remove(key);
            }
            r.r2 = expired.contains(KEY) ? 1 : 0;
        }

        /**
         * Records the final value.
         *
         * @param r the result
         */
        @Arbiter
        public void check(III_Result r) {
            Entry e = map.get(KEY);
            r.r3 = e == null ? Values.ABSENT : e.value;
        }
    }
}
