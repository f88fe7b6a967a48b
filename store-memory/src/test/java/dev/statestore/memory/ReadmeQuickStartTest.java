package dev.statestore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.ScopedStateView;
import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** The README's quick start, line for line, with the results its comments promise. */
class ReadmeQuickStartTest {

    @Test
    void quickStartDoesWhatTheReadmeSays() {
        try (StateStore store = StateStores.open("statestore:memory:")) {
            JsonNodeFactory json = JsonNodeFactory.instance;
            StateTransition t = store.set("counter", json.numberNode(1), "init");
            assertEquals(Optional.of(json.numberNode(1)), store.get("counter"));
            ScopedStateView acme = store.scoped("acme");
            acme.setWithTtl("session", json.stringNode("s-1"), "login", 60);
            assertEquals(List.of("tenant:acme:session"), store.reapExpired(Instant.now().plusSeconds(61)));
            List<StateTransition> log = store.transitions();
            assertEquals(3, log.size());
            assertEquals(t, log.get(0));
            assertEquals("tenant:acme:session", log.get(1).key());
            assertEquals("reap_expired", log.get(2).actionId());
        }
    }
}
