package dev.statestore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import dev.statestore.TypedView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/** TypedView over the in-memory engine: conversions through the caller's mapper, and their failures. */
class TypedViewTest {

    record Line(String sku, int quantity) {
    }

    record Order(String id, long totalCents, boolean paid, List<String> tags, Line firstLine) {
    }

    /** A class Jackson cannot serialize: its one property refers to the object itself. */
    public static final class Opaque {
        public Opaque getSelf() {
            return this;
        }
    }

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final Order ORDER = new Order("o-1", 1999, true, List.of("gift", "express"), new Line("sku-9", 2));

    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final StateStore store = InMemoryStateStore.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    private final TypedView typed = TypedView.of(store, mapper);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void recordRoundTripsThroughTheStoreAsTheMappersJson() {
        StateTransition t = typed.set("order:1", ORDER, "checkout");

        assertEquals(Optional.of(ORDER), typed.getAs("order:1", Order.class));
        // What the store keeps is the mapper's JSON in canonical form: its text read back.
        JsonNode json = mapper.readTree(mapper.writeValueAsString(ORDER));
        assertEquals(Optional.of(json), store.get("order:1"));
        assertEquals(Optional.of(json), t.newValue());
        assertEquals("checkout", t.actionId());
        assertEquals(OptionalLong.empty(), t.ttlSecs());
        assertEquals(1, store.transitionCount());
    }

    @Test
    void getAsReturnsANewObjectEachTimeSoChangingItChangesNothingStored() {
        typed.set("tags", List.of("a", "b"), "init");
        List<String> first = typed.getAs("tags", new TypeReference<List<String>>() { }).orElseThrow();
        List<String> second = typed.getAs("tags", new TypeReference<List<String>>() { }).orElseThrow();
        assertEquals(List.of("a", "b"), first);
        assertTrue(first != second, "two reads gave the same object");
    }

    @Test
    void genericTypeRoundTripsThroughTypeReference() {
        Map<String, Line> lines = Map.of("a", new Line("sku-1", 1), "b", new Line("sku-2", 5));
        typed.set("lines", lines, "init");
        assertEquals(Optional.of(lines), typed.getAs("lines", new TypeReference<Map<String, Line>>() { }));
    }

    @Test
    void absentKeyReadsAsEmpty() {
        assertEquals(Optional.empty(), typed.getAs("missing", Order.class));
    }

    @Test
    void storedJsonNullReadsAsEmpty() {
        typed.set("k", NullNode.getInstance(), "init");
        assertTrue(store.exists("k"));
        assertEquals(Optional.empty(), typed.getAs("k", Order.class));
    }

    @Test
    void valueThatDoesNotFitTheTypeIsIllegalArgumentNamingKeyAndType() {
        store.set("order:1", JsonNodeFactory.instance.stringNode("not an order"), "init");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> typed.getAs("order:1", Order.class));
        assertTrue(e.getMessage().contains("'order:1'"), e.getMessage());
        assertTrue(e.getMessage().contains(Order.class.getName()), e.getMessage());
        assertInstanceOf(JacksonException.class, e.getCause());
    }

    @Test
    void genericTypeMismatchNamesTheGenericType() {
        typed.set("k", List.of("x"), "init");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> typed.getAs("k", new TypeReference<Map<String, Line>>() { }));
        assertTrue(e.getMessage().contains("'k'"), e.getMessage());
        assertTrue(e.getMessage().contains("java.util.Map<java.lang.String, " + Line.class.getName() + ">"),
                e.getMessage());
    }

    @Test
    void valueTheMapperCannotConvertIsIllegalArgumentNamingKeyAndClassAndWritesNothing() {
        typed.set("k", ORDER, "init");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> typed.set("k", new Opaque(), "later"));
        assertTrue(e.getMessage().contains("'k'"), e.getMessage());
        assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());
        assertInstanceOf(JacksonException.class, e.getCause());
        assertEquals(Optional.of(ORDER), typed.getAs("k", Order.class));
        assertEquals(1, store.transitionCount());
    }

    @Test
    void setWithTtlRecordsTheTtlAndTheKeyIsReapedWhenItRunsOut() {
        StateTransition t = typed.setWithTtl("session", new Line("s", 1), "login", 60);
        assertEquals(OptionalLong.of(60), t.ttlSecs());
        assertEquals(List.of(), store.reapExpired(T0.plusSeconds(59)));
        assertEquals(List.of("session"), store.reapExpired(T0.plusSeconds(60)));
        assertEquals(Optional.empty(), typed.getAs("session", Line.class));
    }

    @Test
    void plainSetCancelsAnEarlierTtl() {
        typed.setWithTtl("k", new Line("s", 1), "a", 0);
        typed.set("k", new Line("s", 2), "b");
        assertEquals(List.of(), store.reapExpired(T0.plusSeconds(3600)));
        assertEquals(Optional.of(new Line("s", 2)), typed.getAs("k", Line.class));
    }

    @Test
    void negativeTtlIsIllegalArgumentAndWritesNothing() {
        assertThrows(IllegalArgumentException.class, () -> typed.setWithTtl("k", new Line("s", 1), "a", -1));
        assertFalse(store.exists("k"));
        assertEquals(0, store.transitionCount());
    }

    @Test
    void scopedViewWritesUnderTheTenantAndErrorsNameTheTenant() {
        TypedView acme = TypedView.of(store.scoped("acme"), mapper);
        StateTransition t = acme.set("order:1", ORDER, "checkout");

        assertEquals("tenant:acme:order:1", t.key());
        assertEquals(Optional.of(ORDER), acme.getAs("order:1", Order.class));
        assertEquals(Optional.empty(), typed.getAs("order:1", Order.class));

        store.set("tenant:acme:bad", JsonNodeFactory.instance.numberNode(7), "init");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> acme.getAs("bad", Order.class));
        assertTrue(e.getMessage().contains("'bad' of tenant 'acme'"), e.getMessage());
    }

    @Test
    void theCallersMapperSettingsDecideTheStoredForm() {
        ObjectMapper snake = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        TypedView view = TypedView.of(store, snake);
        view.set("line", new Line("sku-1", 3), "init");

        JsonNode stored = store.get("line").orElseThrow();
        assertEquals(3, stored.get("quantity").asInt());
        assertEquals(List.of("sku", "quantity"), List.copyOf(stored.propertyNames()));
        view.set("order", ORDER, "init");
        assertTrue(store.get("order").orElseThrow().has("total_cents"), store.get("order").toString());
        assertEquals(Optional.of(ORDER), view.getAs("order", Order.class));
    }

    @Test
    void nullArgumentsAreNullPointerExceptions() {
        assertThrows(NullPointerException.class, () -> TypedView.of((StateStore) null, mapper));
        assertThrows(NullPointerException.class, () -> TypedView.of(store, null));
        assertThrows(NullPointerException.class, () -> typed.getAs(null, Order.class));
        assertThrows(NullPointerException.class, () -> typed.getAs("k", (Class<Order>) null));
        assertThrows(NullPointerException.class, () -> typed.set(null, ORDER, "a"));
        assertThrows(NullPointerException.class, () -> typed.set("k", null, "a"));
        assertThrows(NullPointerException.class, () -> typed.set("k", ORDER, null));
        assertEquals(0, store.transitionCount());
    }

    /** The README's "Typed values" example, with the results its comments promise. */
    @Test
    void readmeExampleDoesWhatItSays() {
        try (StateStore store = StateStores.open("statestore:memory:")) {
            ObjectMapper mapper = JsonMapper.builder().build();
            TypedView typed = TypedView.of(store, mapper);
            typed.setWithTtl("session:42", new Session("ada", List.of("admin")), "login", 3600);
            assertEquals(Optional.of(new Session("ada", List.of("admin"))), typed.getAs("session:42", Session.class));
            assertEquals("{\"user\":\"ada\",\"roles\":[\"admin\"]}", store.get("session:42").orElseThrow().toString());
        }
    }

    record Session(String user, List<String> roles) {
    }
}
