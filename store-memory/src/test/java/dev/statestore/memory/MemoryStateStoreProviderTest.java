package dev.statestore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateStores;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class MemoryStateStoreProviderTest {

    @Test
    void memorySchemeIsFoundThroughServiceLoader() {
        assertTrue(StateStores.schemes().contains("memory"), StateStores.schemes().toString());
        try (StateStore store = StateStores.open("statestore:memory:")) {
            assertInstanceOf(InMemoryStateStore.class, store);
            store.set("k", JsonNodeFactory.instance.numberNode(1), "test");
            assertEquals(1, store.transitionCount());
        }
    }

    @Test
    void everyOpenIsANewEmptyStore() {
        try (StateStore a = StateStores.open("statestore:memory:"); StateStore b = StateStores.open("statestore:memory:")) {
            a.set("k", JsonNodeFactory.instance.numberNode(1), "test");
            assertNotSame(a, b);
            assertTrue(b.keys().isEmpty());
        }
    }

    @Test
    void memorySchemeRefusesLocationsAndOptions() {
        IllegalArgumentException location = assertThrows(IllegalArgumentException.class,
                () -> StateStores.open("statestore:memory:somewhere"));
        assertTrue(location.getMessage().contains("somewhere"), location.getMessage());
        IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
                () -> StateStores.open("statestore:memory:", Map.of("durability", "synced")));
        assertTrue(option.getMessage().contains("durability") && option.getMessage().contains("history"),
                option.getMessage());
        IllegalArgumentException window = assertThrows(IllegalArgumentException.class,
                () -> StateStores.open("statestore:memory:?memory-history=5"));
        assertTrue(window.getMessage().contains("history=<n>"), window.getMessage());
        IllegalArgumentException policy = assertThrows(IllegalArgumentException.class,
                () -> StateStores.open("statestore:memory:?history=-3"));
        assertTrue(policy.getMessage().contains("history='-3'") && policy.getMessage().contains("P7D"),
                policy.getMessage());
    }
}
