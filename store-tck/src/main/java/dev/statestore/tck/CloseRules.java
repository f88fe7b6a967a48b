package dev.statestore.tck;

import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statestore.ScopedStateView;
import dev.statestore.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.JsonNode;

/** Returns the rules of close (row close of the design). */
@Hint("the closed check at the top of every public method, the new ones of version 2 included.")
abstract class CloseRules extends Rules {

    CloseRules(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void closeIsIdempotent() {
        StateStore s = open();
        s.set("k", num(1), "w");
        assertDoesNotThrow(s::close);
        assertDoesNotThrow(s::close, "a second close must do nothing");
        assertDoesNotThrow(s::close);
    }

    @Test
    void callAfterCloseThrowsIllegalState() {
        StateStore s = open();
        s.set("k", num(1), "w");
        s.setWithTtl("t", num(2), "w", 0);
        Map<String, JsonNode> snap = s.snapshot();
        s.close();
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("get", () -> s.get("k"));
        calls.put("getValue", () -> s.getValue("k"));
        calls.put("getOr", () -> s.getOr("k", num(0)));
        calls.put("exists", () -> s.exists("k"));
        calls.put("keyExists", () -> s.keyExists("k"));
        calls.put("set", () -> s.set("k", num(3), "w"));
        calls.put("setWithTtl", () -> s.setWithTtl("k", num(3), "w", 1));
        calls.put("delete", () -> s.delete("k", "w"));
        calls.put("delete of an absent key", () -> s.delete("absent", "w"));
        calls.put("snapshot", s::snapshot);
        calls.put("restore", () -> s.restore(snap, 0));
        calls.put("transitionCount", s::transitionCount);
        calls.put("transitions", s::transitions);
        calls.put("transitionsSince", () -> s.transitionsSince(0));
        calls.put("keys", s::keys);
        calls.put("replaceAll", () -> s.replaceAll(snap));
        calls.put("reapExpired", () -> s.reapExpired(now()));
        calls.put("sync", s::sync);
        calls.put("getVersioned", () -> s.getVersioned("k"));
        calls.put("setIf", () -> s.setIf("k", 1, num(3), "w"));
        calls.put("setWithTtlIf", () -> s.setWithTtlIf("k", 1, num(3), "w", 1));
        calls.put("deleteIf", () -> s.deleteIf("k", 1, "w"));
        calls.put("transitionsSince(index, limit)", () -> s.transitionsSince(0, 10));
        calls.put("changes", () -> s.changes(0));
        assertAllThrowIllegalState(calls);
    }

    @Test
    void viewCallsAfterCloseThrowIllegalState() {
        StateStore s = open();
        ScopedStateView t = s.scoped("t");
        ScopedStateView unscoped = s.scoped(null);
        t.set("k", num(1), "w");
        s.close();
        Map<String, Executable> calls = new LinkedHashMap<>();
        for (ScopedStateView v : List.of(t, unscoped)) {
            String name = v.tenant().orElse("unscoped") + " view ";
            calls.put(name + "get", () -> v.get("k"));
            calls.put(name + "getValue", () -> v.getValue("k"));
            calls.put(name + "getOr", () -> v.getOr("k", num(0)));
            calls.put(name + "exists", () -> v.exists("k"));
            calls.put(name + "keyExists", () -> v.keyExists("k"));
            calls.put(name + "set", () -> v.set("k", num(2), "w"));
            calls.put(name + "setWithTtl", () -> v.setWithTtl("k", num(2), "w", 1));
            calls.put(name + "delete", () -> v.delete("k", "w"));
            calls.put(name + "keys", v::keys);
            calls.put(name + "getVersioned", () -> v.getVersioned("k"));
            calls.put(name + "setIf", () -> v.setIf("k", 0, num(2), "w"));
            calls.put(name + "deleteIf", () -> v.deleteIf("k", 1, "w"));
            calls.put(name + "changes", () -> v.changes(0));
        }
        assertAllThrowIllegalState(calls);
    }

    private static void assertAllThrowIllegalState(Map<String, Executable> calls) {
        List<Executable> checks = new ArrayList<>();
        calls.forEach((name, call) -> checks.add(() ->
                assertThrows(IllegalStateException.class, call, name + " after close()")));
        assertAll("calls after close()", checks);
    }
}
