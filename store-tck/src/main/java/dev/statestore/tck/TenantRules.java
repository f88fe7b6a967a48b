package dev.statestore.tck;

import static dev.statestore.tck.Json.num;
import static dev.statestore.tck.Json.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.ScopedStateView;
import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Returns the rules of scoped(tenant) views (row scoped of the design). */
@Hint("ScopedStateView: the tenant:<t>: prefix added on the way in and stripped on the way out, and the tenant name checks.")
abstract class TenantRules extends Rules {

    TenantRules(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void tenantKeysAreStoredUnderTenantPrefix() {
        StateStore s = open();
        ScopedStateView acme = s.scoped("acme");
        StateTransition t = acme.set("k", num(1), "w");
        assertEquals("tenant:acme:k", t.key());
        assertEquals("tenant:acme:k", last(s).key());
        assertEquals(Optional.of(num(1)), s.get("tenant:acme:k"));
        assertEquals(List.of("tenant:acme:k"), s.keys());
        s.set("tenant:acme:direct", num(2), "w");
        assertEquals(Optional.of(num(2)), acme.get("direct"), "the view and the prefixed key are one key");
        assertEquals(List.of("direct", "k"), acme.keys());
    }

    @Test
    void tenantsNeverSeeEachOthersKeys() {
        StateStore s = open();
        ScopedStateView a = s.scoped("a");
        ScopedStateView b = s.scoped("b");
        ScopedStateView ab = s.scoped("ab");
        s.set("shared", num(0), "w");
        a.set("shared", num(1), "w");
        b.set("shared", num(2), "w");
        ab.set("shared", num(3), "w");
        a.set("onlyA", num(4), "w");
        assertEquals(Optional.of(num(1)), a.get("shared"));
        assertEquals(Optional.of(num(2)), b.get("shared"));
        assertEquals(Optional.of(num(3)), ab.get("shared"));
        assertEquals(Optional.of(num(0)), s.get("shared"));
        assertFalse(b.exists("onlyA"));
        assertFalse(ab.exists("onlyA"));
        assertEquals(Optional.empty(), b.get("onlyA"));
        assertEquals(List.of("onlyA", "shared"), a.keys());
        assertEquals(List.of("shared"), b.keys());
        assertEquals(List.of("shared"), ab.keys());
        assertEquals(Optional.empty(), b.delete("onlyA", "w"), "b deleted a's key");
        assertTrue(a.exists("onlyA"));
        a.delete("shared", "w");
        assertEquals(Optional.of(num(2)), b.get("shared"));
        assertEquals(Optional.of(num(3)), ab.get("shared"));
        assertEquals(Optional.of(num(0)), s.get("shared"));
    }

    @Test
    void tenantViewKeysAreSortedAndStripped() {
        StateStore s = open();
        ScopedStateView t = s.scoped("t");
        for (String k : List.of("z", "k10", "a", "k2", "M", "x:y")) {
            t.set(k, num(1), "w");
        }
        s.set("tenant:u:b", num(1), "w");
        s.set("b", num(1), "w");
        assertEquals(List.of("M", "a", "k10", "k2", "x:y", "z"), t.keys());
    }

    @Test
    void unscopedViewSeesOnlyUnscopedKeys() {
        StateStore s = open();
        ScopedStateView unscoped = s.scoped(null);
        assertEquals(Optional.empty(), unscoped.tenant());
        s.scoped("t").set("k", num(1), "w");
        s.set("plain", num(2), "w");
        StateTransition t = unscoped.set("viaView", num(3), "w");
        assertEquals("viaView", t.key(), "scoped(null) writes the key as it is");
        assertEquals(Optional.of(num(3)), s.get("viaView"));
        assertEquals(Optional.of(num(2)), unscoped.get("plain"));
        assertEquals(List.of("plain", "viaView"), unscoped.keys());
        assertFalse(unscoped.exists("k"));
    }

    @Test
    void viewReportsItsTenant() {
        StateStore s = open();
        assertEquals(Optional.of("acme"), s.scoped("acme").tenant());
    }

    @Test
    void tenantWithColonIsRejected() {
        StateStore s = open();
        s.set("k", num(1), "w");
        Observed before = Observed.of(s);
        assertRejected(IllegalArgumentException.class, () -> s.scoped("a:b"), "a:b");
        assertRejected(IllegalArgumentException.class, () -> s.scoped(":"), ":");
        assertRejected(IllegalArgumentException.class, () -> s.scoped("trailing:"), "trailing:");
        assertUnchanged(before, s, "refusing a tenant with ':'");
    }

    @Test
    void emptyTenantIsRejected() {
        StateStore s = open();
        s.set("k", num(1), "w");
        Observed before = Observed.of(s);
        assertRejected(IllegalArgumentException.class, () -> s.scoped(""), "tenant", "empty");
        assertUnchanged(before, s, "refusing an empty tenant");
    }

    @Test
    void unscopedViewRefusesKeysThatReachIntoATenant() {
        StateStore s = open();
        s.scoped("t").set("k", num(1), "w");
        Observed before = Observed.of(s);
        ScopedStateView unscoped = s.scoped(null);
        assertRejected(IllegalArgumentException.class, () -> unscoped.set("tenant:t:k", num(2), "w"), "tenant:t:k");
        assertRejected(IllegalArgumentException.class, () -> unscoped.delete("tenant:t:k", "w"), "tenant:t:k");
        assertUnchanged(before, s, "refusing a tenant-prefixed key in the unscoped view");
    }

    @Test
    void tenantTtlIsReapedUnderItsFullKey() {
        StateStore s = open();
        ScopedStateView t = s.scoped("t");
        StateTransition w = t.setWithTtl("k", num(1), "w", 5);
        assertEquals("tenant:t:k", w.key());
        assertEquals(5L, w.ttlSecs().orElse(-1));
        s.scoped("u").set("k", num(2), "w");
        assertEquals(List.of(), s.reapExpired(now().plusSeconds(5).minus(NANO)));
        assertEquals(List.of("tenant:t:k"), s.reapExpired(now().plusSeconds(5)));
        assertEquals("tenant:t:k", last(s).key());
        assertEquals(List.of(), t.keys());
        assertEquals(List.of("k"), s.scoped("u").keys());
    }

    @Test
    void tenantPlainSetCancelsEarlierTtl() {
        StateStore s = open();
        ScopedStateView t = s.scoped("t");
        t.setWithTtl("k", num(1), "w", 0);
        t.set("k", num(2), "w");
        assertEquals(List.of(), s.reapExpired(now().plus(TtlRules.FAR)));
        assertEquals(Optional.of(num(2)), t.get("k"));
    }

    @Test
    void tenantDeleteOfAbsentKeyRecordsNothing() {
        StateStore s = open();
        s.set("k", num(1), "w");
        s.scoped("other").set("k", num(2), "w");
        Observed before = Observed.of(s);
        assertEquals(Optional.empty(), s.scoped("t").delete("k", "w"));
        assertUnchanged(before, s, "deleting a tenant's absent key");
    }

    @Test
    void tenantGetOrReturnsTheDefaultItselfWhenAbsent() {
        StateStore s = open();
        s.set("k", num(1), "w");
        JsonNode fallback = text("fallback");
        assertSame(fallback, s.scoped("t").getOr("k", fallback));
        s.scoped("t").set("k", num(2), "w");
        assertEquals(num(2), s.scoped("t").getOr("k", fallback));
    }
}
