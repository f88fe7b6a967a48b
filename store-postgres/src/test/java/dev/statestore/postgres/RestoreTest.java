package dev.statestore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import dev.statestore.tck.MutableClock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code restore} takes each key's revision, version and TTL from its latest retained transition up
 * to the restored revision, also for keys that an earlier restore took out of the state or put in
 * without a transition (the history, not the state row, knows their latest write).
 */
class RestoreTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void aKeyTakenOutByOneRestoreGetsItsRetainedWriteBackFromTheNext() {
        try (PostgresStateStore s = TestDatabase.open(TestDatabase.newStoreName("restore"), new MutableClock())) {
            StateTransition a = s.setWithTtl("a", JSON.numberNode(1), "w", 60);
            Map<String, JsonNode> withA = s.snapshot();
            s.restore(Map.of(), 8); // keeps revision 1, drops "a" from the state
            s.restore(withA, 1);
            assertEquals(Optional.of(new Versioned(JSON.numberNode(1), 1, 1, a.expiresAt())), s.getVersioned("a"));
        }
    }

    @Test
    void aKeyRewrittenAfterARestoreTookItOutGetsTheRetainedWriteBeforeTheRewrite() {
        try (PostgresStateStore s = TestDatabase.open(TestDatabase.newStoreName("restore"), new MutableClock())) {
            s.set("a", JSON.numberNode(1), "w");
            s.set("a", JSON.numberNode(2), "w");
            Map<String, JsonNode> withA = s.snapshot();
            s.restore(Map.of(), 2);
            s.set("a", JSON.numberNode(3), "w"); // revision 3 replaced no write of "a"
            s.restore(withA, 2);
            assertEquals(Optional.of(new Versioned(JSON.numberNode(2), 2, 2, Optional.empty())), s.getVersioned("a"));
            assertEquals(3, s.set("a", JSON.numberNode(4), "w").version());
        }
    }

    @Test
    void aKeyWhoseLatestRetainedTransitionIsADeleteIsRestoredAsNew() {
        try (PostgresStateStore s = TestDatabase.open(TestDatabase.newStoreName("restore"), new MutableClock())) {
            s.set("a", JSON.numberNode(1), "w");
            s.delete("a", "w");
            s.restore(Map.of("a", JSON.numberNode(9)), 2);
            assertEquals(Optional.of(new Versioned(JSON.numberNode(9), 0, 1, Optional.empty())), s.getVersioned("a"));
            assertEquals(3, s.setIf("a", 0, JSON.numberNode(10), "w").orElseThrow().revision());
        }
    }
}
