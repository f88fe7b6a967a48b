package dev.statestore.tck;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tools.jackson.databind.JsonNode;

/**
 * The QuickTheories generators of operation sequences. Every choice is a pick from a short
 * list whose first element is the simplest, so that shrinking moves towards short sequences of
 * simple calls. Keys, tenants and values come from small sets so that operations collide often.
 */
final class Ops {

    /** The number of snapshot slots. */
    static final int SLOTS = 2;

    private static final Gen<String> TENANTS = Generate.frequency(Arrays.asList(
            Pair.of(6, Generate.constant((String) null)),
            Pair.of(2, Generate.constant("acme")),
            Pair.of(1, Generate.constant("globex"))));
    private static final Gen<String> KEYS = Generate.frequency(Arrays.asList(
            Pair.of(6, Generate.constant("a")),
            Pair.of(3, Generate.constant("b")),
            Pair.of(2, Generate.pick(List.of("c", "tenant:acme:a", "a:b")))));
    private static final Gen<String> FULL_KEYS = Generate.pick(List.of("a", "b", "tenant:acme:a", "tenant:globex:b"));
    private static final Gen<JsonNode> VALUES = Generate.pick(List.of(
            Json.num(1), Json.num(2), Json.jsonNull(), Json.text("x"), Json.json("{'n':1}"), Json.json("[1,[2]]"),
            Json.json("true"), Json.json("1.5"), Json.json("{'a':{'b':[null,'\u00e9']}}"), Json.text("")));
    private static final Gen<String> ACTIONS = Generate.pick(List.of("w1", "w2"));
    private static final Gen<Long> TTLS = Generate.pick(List.of(0L, 1L, 5L, 30L, 3600L, Long.MAX_VALUE));
    private static final Gen<Duration> ADVANCES = Generate.pick(List.of(Duration.ofSeconds(1), Duration.ofNanos(1),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(1)));
    private static final Gen<Duration> REAP_OFFSETS = Generate.pick(List.of(Duration.ZERO, Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofNanos(-1), Duration.ofSeconds(-10), Duration.ofSeconds(30),
            Duration.ofHours(1), Duration.ofDays(3650)));
    private static final Gen<Integer> SLOT = integers().between(0, SLOTS - 1);
    private static final Gen<Long> KEEP = Generate.frequency(Arrays.asList(
            Pair.of(3, Generate.constant(-1L)),
            Pair.of(2, Generate.pick(List.of(0L, 1L, 2L, 3L, 5L, 8L, 100L)))));

    private Ops() {
    }

    static Gen<Op> set() {
        return TENANTS.zip(KEYS, VALUES, ACTIONS, Op.Set::new);
    }

    static Gen<Op> setWithTtl() {
        return TENANTS.zip(KEYS, VALUES, ACTIONS, TTLS, Op.SetWithTtl::new);
    }

    private static final Gen<Op.Expect> EXPECTS = Generate.pick(List.of(Op.Expect.CURRENT, Op.Expect.ZERO,
            Op.Expect.STALE, Op.Expect.TWO));
    private static final Gen<Long> MAYBE_TTLS = Generate.frequency(Arrays.asList(
            Pair.of(2, Generate.constant(-1L)),
            Pair.of(1, TTLS)));

    static Gen<Op> setIf() {
        return TENANTS.zip(KEYS, EXPECTS, VALUES, ACTIONS.zip(MAYBE_TTLS, Pair::of),
                (t, k, e, v, at) -> new Op.SetIf(t, k, e, v, at._1, at._2));
    }

    static Gen<Op> deleteIf() {
        return TENANTS.zip(KEYS, EXPECTS, ACTIONS, Op.DeleteIf::new);
    }

    static Gen<Op> delete() {
        return TENANTS.zip(KEYS, ACTIONS, Op.Delete::new);
    }

    static Gen<Op> advance() {
        return ADVANCES.map(Op.Advance::new);
    }

    static Gen<Op> reap() {
        return REAP_OFFSETS.map(Op.Reap::new);
    }

    static Gen<Op> snapshot() {
        return SLOT.map(Op.Snapshot::new);
    }

    static Gen<Op> restore() {
        return SLOT.zip(KEEP, Op.Restore::new);
    }

    static Gen<Op> replaceAll() {
        return lists().of(FULL_KEYS.zip(VALUES, Pair::of)).ofSizeBetween(0, 3).map(pairs -> {
            Map<String, JsonNode> state = new TreeMap<>();
            for (Pair<String, JsonNode> p : pairs) {
                state.put(p._1, p._2);
            }
            return new Op.ReplaceAll(state);
        });
    }

    /** Returns the operations of {@code ops} that do something, in order. */
    static List<Op> withoutNops(List<Op> ops) {
        return ops.stream().filter(op -> !(op instanceof Op.Nop)).collect(Collectors.toList());
    }

    /** Returns {@code ops} as a readable list of calls, no-ops left out. */
    static Gen<List<Op>> readable(Gen<List<Op>> ops) {
        return ops.describedAs(list -> withoutNops(list).toString());
    }

    /** Returns sequences of every operation: the model comparison and the reopen properties use these. */
    static Gen<List<Op>> anySequence(int maxLength) {
        return anySequence(maxLength, false);
    }

    /** Returns sequences of every operation, with {@code reopen()} among them if {@code reopens}. */
    static Gen<List<Op>> anySequence(int maxLength, boolean reopens) {
        List<Pair<Integer, Gen<Op>>> choices = new ArrayList<>(Arrays.asList(
                Pair.of(1, Generate.constant((Op) new Op.Nop())),
                Pair.of(6, set()),
                Pair.of(6, setWithTtl()),
                Pair.of(4, setIf()),
                Pair.of(2, deleteIf()),
                Pair.of(3, delete()),
                Pair.of(3, advance()),
                Pair.of(3, reap()),
                Pair.of(3, snapshot()),
                Pair.of(3, restore()),
                Pair.of(1, replaceAll())));
        if (reopens) {
            choices.add(Pair.of(2, Generate.constant((Op) new Op.Reopen())));
        }
        Gen<Op> op = Generate.frequency(choices);
        return readable(lists().of(op).ofSizeBetween(0, maxLength));
    }

    /**
     * Returns sequences whose log always replays to the state: no replaceAll, and restore only of
     * the latest snapshot with the count taken with it (slot 0, which a snapshot always fills).
     */
    static Gen<List<Op>> replayableSequence(int maxLength) {
        Gen<Op> op = Generate.frequency(Arrays.asList(
                Pair.of(1, Generate.constant((Op) new Op.Nop())),
                Pair.of(6, set()),
                Pair.of(6, setWithTtl()),
                Pair.of(4, setIf()),
                Pair.of(2, deleteIf()),
                Pair.of(3, delete()),
                Pair.of(3, advance()),
                Pair.of(3, reap()),
                Pair.of(1, Generate.constant((Op) new Op.Snapshot(0))),
                Pair.of(1, Generate.constant((Op) new Op.Restore(0, -1)))));
        return readable(lists().of(op).ofSizeBetween(0, maxLength));
    }
}
