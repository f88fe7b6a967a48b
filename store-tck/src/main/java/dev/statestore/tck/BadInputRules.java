package dev.statestore.tck;

import static dev.statestore.tck.Json.json;
import static dev.statestore.tck.Json.jsonNull;
import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.JsonNode;

/**
 * Returns the rules of bad input: a {@code null} is a {@link NullPointerException}, any other bad
 * argument an {@link IllegalArgumentException}; the message names what was wrong, and the call
 * changes nothing: not the state, not the log, not a TTL.
 */
@Hint("the argument checks at the top of the method: they must run before anything is recorded, journaled"
        + " or removed, and name the argument.")
abstract class BadInputRules extends Rules {

    BadInputRules(StoreFixture fixture) {
        super(fixture);
    }

    /** The store every test starts from: values, JSON null, a tenant key and a TTL due at {@link #deadline}. */
    private StateStore populated() {
        StateStore s = open();
        s.set("k", json("{'v':1}"), "w");
        s.set("n", jsonNull(), "w");
        s.scoped("t").set("k", num(2), "w");
        s.setWithTtl("ttl", num(3), "w", 10);
        return s;
    }

    private Instant deadline(StateStore s) {
        return s.transitions().get(3).timestamp().plusSeconds(10);
    }

    /** Asserts that the TTL of key {@code ttl} is still due exactly at {@code deadline}. */
    private static void assertTtlUnchanged(StateStore s, Instant deadline) {
        assertEquals(List.of(), s.reapExpired(deadline.minus(NANO)), "a rejected call changed the TTL of 'ttl'");
        assertEquals(List.of("ttl"), s.reapExpired(deadline), "a rejected call cancelled the TTL of 'ttl'");
    }

    private static Map<String, JsonNode> withNullValue() {
        Map<String, JsonNode> m = new HashMap<>();
        m.put("a", num(1));
        m.put("b", null);
        m.put("c", num(3));
        return m;
    }

    private static Map<String, JsonNode> withNullKey() {
        Map<String, JsonNode> m = new HashMap<>();
        m.put("a", num(1));
        m.put(null, num(2));
        return m;
    }

    @Test
    void badInputChangesNothing() {
        StateStore s = populated();
        Instant deadline = deadline(s);
        Observed before = Observed.of(s);
        Map<String, Class<? extends Throwable>> types = new HashMap<>();
        Map<String, Executable> calls = new HashMap<>();
        List<String> order = new ArrayList<>();
        class Table {
            void add(String name, Class<? extends Throwable> type, Executable call) {
                order.add(name);
                types.put(name, type);
                calls.put(name, call);
            }
        }
        Table t = new Table();
        t.add("set(null key)", NullPointerException.class, () -> s.set(null, num(1), "w"));
        t.add("set(null value)", NullPointerException.class, () -> s.set("ttl", null, "w"));
        t.add("set(null actionId)", NullPointerException.class, () -> s.set("ttl", num(1), null));
        t.add("setWithTtl(null key)", NullPointerException.class, () -> s.setWithTtl(null, num(1), "w", 1));
        t.add("setWithTtl(null value)", NullPointerException.class, () -> s.setWithTtl("ttl", null, "w", 1));
        t.add("setWithTtl(null actionId)", NullPointerException.class, () -> s.setWithTtl("ttl", num(1), null, 1));
        t.add("setWithTtl(ttl -1)", IllegalArgumentException.class, () -> s.setWithTtl("ttl", num(1), "w", -1));
        t.add("setWithTtl(ttl MIN)", IllegalArgumentException.class,
                () -> s.setWithTtl("k", num(1), "w", Long.MIN_VALUE));
        t.add("delete(null key)", NullPointerException.class, () -> s.delete(null, "w"));
        t.add("delete(null actionId)", NullPointerException.class, () -> s.delete("ttl", null));
        t.add("get(null)", NullPointerException.class, () -> s.get(null));
        t.add("getValue(null)", NullPointerException.class, () -> s.getValue(null));
        t.add("getOr(null)", NullPointerException.class, () -> s.getOr(null, num(0)));
        t.add("exists(null)", NullPointerException.class, () -> s.exists(null));
        t.add("keyExists(null)", NullPointerException.class, () -> s.keyExists(null));
        t.add("restore(null)", NullPointerException.class, () -> s.restore(null, 0));
        t.add("restore(n = -1)", IllegalArgumentException.class, () -> s.restore(Map.of(), -1));
        t.add("restore(null value)", NullPointerException.class, () -> s.restore(withNullValue(), 0));
        t.add("restore(null key)", NullPointerException.class, () -> s.restore(withNullKey(), 0));
        t.add("replaceAll(null)", NullPointerException.class, () -> s.replaceAll(null));
        t.add("replaceAll(null value)", NullPointerException.class, () -> s.replaceAll(withNullValue()));
        t.add("replaceAll(null key)", NullPointerException.class, () -> s.replaceAll(withNullKey()));
        t.add("transitionsSince(-1)", IllegalArgumentException.class, () -> s.transitionsSince(-1));
        t.add("transitionsSince(0, 0)", IllegalArgumentException.class, () -> s.transitionsSince(0, 0));
        t.add("getVersioned(null)", NullPointerException.class, () -> s.getVersioned(null));
        t.add("setIf(null key)", NullPointerException.class, () -> s.setIf(null, 0, num(1), "w"));
        t.add("setIf(null value)", NullPointerException.class, () -> s.setIf("k", 1, null, "w"));
        t.add("setIf(null actionId)", NullPointerException.class, () -> s.setIf("k", 1, num(1), null));
        t.add("setIf(expected -1)", IllegalArgumentException.class, () -> s.setIf("k", -1, num(1), "w"));
        t.add("setWithTtlIf(null value)", NullPointerException.class, () -> s.setWithTtlIf("ttl", 4, null, "w", 1));
        t.add("setWithTtlIf(ttl -1)", IllegalArgumentException.class,
                () -> s.setWithTtlIf("ttl", 4, num(1), "w", -1));
        t.add("deleteIf(null key)", NullPointerException.class, () -> s.deleteIf(null, 1, "w"));
        t.add("deleteIf(null actionId)", NullPointerException.class, () -> s.deleteIf("ttl", 4, null));
        t.add("deleteIf(expected -1)", IllegalArgumentException.class, () -> s.deleteIf("ttl", -1, "w"));
        t.add("changes(-1)", IllegalArgumentException.class, () -> s.changes(-1));
        t.add("reapExpired(null)", NullPointerException.class, () -> s.reapExpired(null));
        t.add("scoped(\"\")", IllegalArgumentException.class, () -> s.scoped(""));
        t.add("scoped(\"a:b\")", IllegalArgumentException.class, () -> s.scoped("a:b"));
        t.add("tenant set(null value)", NullPointerException.class, () -> s.scoped("t").set("k", null, "w"));
        t.add("tenant setWithTtl(ttl -1)", IllegalArgumentException.class,
                () -> s.scoped("t").setWithTtl("k", num(1), "w", -1));
        t.add("unscoped set(tenant:t:k)", IllegalArgumentException.class,
                () -> s.scoped(null).set("tenant:t:k", num(1), "w"));
        List<Executable> checks = new ArrayList<>();
        for (String name : order) {
            checks.add(() -> {
                assertRejected(types.get(name), calls.get(name));
                assertUnchanged(before, s, name);
            });
        }
        assertAll("bad input", checks);
        assertTtlUnchanged(s, deadline);
    }

    @Test
    void nullKeyIsRejectedNamingTheKey() {
        StateStore s = populated();
        Observed before = Observed.of(s);
        assertRejected(NullPointerException.class, () -> s.set(null, num(1), "w"), "key");
        assertRejected(NullPointerException.class, () -> s.setWithTtl(null, num(1), "w", 1), "key");
        assertRejected(NullPointerException.class, () -> s.delete(null, "w"), "key");
        assertRejected(NullPointerException.class, () -> s.get(null), "key");
        assertUnchanged(before, s, "a null key");
    }

    @Test
    void nullValueIsRejectedAndDoesNotDelete() {
        StateStore s = populated();
        Observed before = Observed.of(s);
        assertRejected(NullPointerException.class, () -> s.set("k", null, "w"), "value");
        assertRejected(NullPointerException.class, () -> s.setWithTtl("k", null, "w", 5), "value");
        assertUnchanged(before, s, "a null value");
        assertEquals(Optional.of(json("{'v':1}")), s.get("k"), "a Java null value must not delete the key");
    }

    @Test
    void nullActionIdIsRejected() {
        StateStore s = populated();
        Observed before = Observed.of(s);
        assertRejected(NullPointerException.class, () -> s.set("k", num(1), null), "action");
        assertRejected(NullPointerException.class, () -> s.setWithTtl("k", num(1), null, 1), "action");
        assertRejected(NullPointerException.class, () -> s.delete("k", null), "action");
        assertUnchanged(before, s, "a null action id");
    }

    @Test
    void negativeTtlIsRejectedAndKeepsTheEarlierValueAndTtl() {
        StateStore s = populated();
        Instant deadline = deadline(s);
        Observed before = Observed.of(s);
        assertRejected(IllegalArgumentException.class, () -> s.setWithTtl("ttl", num(9), "w", -1), "ttl", "-1");
        assertRejected(IllegalArgumentException.class, () -> s.setWithTtl("fresh", num(9), "w", -5), "fresh", "-5");
        assertUnchanged(before, s, "a negative TTL");
        assertTtlUnchanged(s, deadline);
    }

    @Test
    void restoreWithNegativeCountIsRejected() {
        StateStore s = populated();
        Instant deadline = deadline(s);
        Observed before = Observed.of(s);
        assertRejected(IllegalArgumentException.class, () -> s.restore(Map.of("x", num(1)), -1), "-1");
        assertUnchanged(before, s, "restore(snapshot, -1)");
        assertTtlUnchanged(s, deadline);
    }

    @Test
    void restoreOrReplaceAllWithANullValueChangesNothing() {
        StateStore s = populated();
        Instant deadline = deadline(s);
        Observed before = Observed.of(s);
        assertRejected(NullPointerException.class, () -> s.restore(withNullValue(), 0), "b");
        assertRejected(NullPointerException.class, () -> s.replaceAll(withNullValue()), "b");
        assertUnchanged(before, s, "a map with a null value");
        assertTtlUnchanged(s, deadline);
    }

    @Test
    void reapWithNullInstantIsRejected() {
        StateStore s = populated();
        Instant deadline = deadline(s);
        assertRejected(NullPointerException.class, () -> s.reapExpired(null), "now");
        assertTtlUnchanged(s, deadline);
    }
}
