package dev.statestore;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A typed view of a store or of one tenant's part of it: reads and writes Java objects (records,
 * beans, collections) as values, converted to and from JSON by a Jackson 3 {@link ObjectMapper}
 * that the caller supplies, so that callers need not write {@code valueToTree} and
 * {@code treeToValue} around every call.
 *
 * <pre>{@code
 * TypedView typed = TypedView.of(store, JsonMapper.builder().build());
 * typed.set("order:1", new Order("o-1", 3), "checkout");
 * Optional<Order> order = typed.getAs("order:1", Order.class);
 * }</pre>
 *
 * <p>What is stored is the mapper's JSON for the object ({@code mapper.valueToTree(value)}), so
 * the mapper's settings (naming strategy, modules, date formats) decide the stored form, and a
 * value written with one mapper is read back correctly only by a mapper that reads that form.
 * Every write is an ordinary write of the underlying store: it records a {@link StateTransition}
 * of the JSON value, and the store's rules apply (TTLs, bad input, durability).
 *
 * <p>Thread-safety: immutable; safe for concurrent use, as the stores and Jackson 3 mappers are.
 * It holds no resources: closing the store is the business of whoever opened it.
 *
 * <p>What it does not do: it caches nothing (each {@code getAs} converts the stored JSON anew and
 * returns an object the caller owns; changing it changes nothing stored), it records no Java type
 * with the value (the caller names the type on every read), and it migrates nothing (a stored value
 * that no longer fits the class is an {@link IllegalArgumentException}, not a default). On the
 * module path the packages of the value classes must be open to {@code tools.jackson.databind},
 * as for any Jackson mapping.
 */
public final class TypedView {

    /** Writes one converted value to the underlying store or view, with a TTL or without. */
    @FunctionalInterface
    private interface Writer {
        StateTransition write(String key, JsonNode value, String actionId, OptionalLong ttlSecs);
    }

    /** Converts a stored node to a Class or a TypeReference; both share one error path. */
    @FunctionalInterface
    private interface Conversion<T> {
        T convert(JsonNode node);
    }

    private final StateView reads;
    private final Writer writer;
    private final ObjectMapper mapper;
    private final String where;

    private TypedView(StateView reads, Writer writer, ObjectMapper mapper, String where) {
        this.reads = reads;
        this.writer = writer;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.where = where;
    }

    /**
     * Returns a typed view of {@code store} that converts values with {@code mapper}.
     *
     * @param store the store read and written; the caller keeps it and closes it
     * @param mapper the mapper that converts values to and from JSON
     * @return the view
     * @throws NullPointerException if an argument is {@code null}
     */
    public static TypedView of(StateStore store, ObjectMapper mapper) {
        Objects.requireNonNull(store, "store");
        return new TypedView(store, (key, value, actionId, ttl) -> ttl.isPresent()
                ? store.setWithTtl(key, value, actionId, ttl.getAsLong())
                : store.set(key, value, actionId), mapper, "");
    }

    /**
     * Returns a typed view of one tenant's {@code view} (or the unscoped namespace) that converts
     * values with {@code mapper}. Keys are the view's short keys.
     *
     * @param view the view read and written
     * @param mapper the mapper that converts values to and from JSON
     * @return the typed view
     * @throws NullPointerException if an argument is {@code null}
     */
    public static TypedView of(ScopedStateView view, ObjectMapper mapper) {
        Objects.requireNonNull(view, "view");
        String where = view.tenant().map(t -> " of tenant '" + t + "'").orElse(" of the unscoped namespace");
        return new TypedView(view, (key, value, actionId, ttl) -> ttl.isPresent()
                ? view.setWithTtl(key, value, actionId, ttl.getAsLong())
                : view.set(key, value, actionId), mapper, where);
    }

    /**
     * Returns the value of {@code key} converted to {@code type}, or empty when the key is absent.
     * A stored JSON {@code null} is converted as the mapper converts it, which for an object type
     * is {@code null}, so the result is empty then too.
     *
     * @param <T> the type to read
     * @param key the key
     * @param type the class to convert the stored JSON to
     * @return the converted value, a new object, or empty
     * @throws IllegalArgumentException if the stored JSON cannot be converted to {@code type}; the
     *     message names the key and the type, the cause is Jackson's exception
     * @throws NullPointerException if an argument is {@code null}
     */
    public <T> Optional<T> getAs(String key, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return read(key, type.getName(), node -> mapper.treeToValue(node, type));
    }

    /**
     * Returns the value of {@code key} converted to the generic {@code type}, such as
     * {@code new TypeReference<List<Order>>() {}}, or empty when the key is absent or holds JSON
     * {@code null}.
     *
     * @param <T> the type to read
     * @param key the key
     * @param type the type to convert the stored JSON to
     * @return the converted value, a new object, or empty
     * @throws IllegalArgumentException if the stored JSON cannot be converted to {@code type}; the
     *     message names the key and the type, the cause is Jackson's exception
     * @throws NullPointerException if an argument is {@code null}
     */
    public <T> Optional<T> getAs(String key, TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        return read(key, type.getType().getTypeName(), node -> mapper.treeToValue(node, type));
    }

    /**
     * Sets {@code key} to the JSON form of {@code value} and returns the recorded transition, as
     * {@link StateStore#set(String, JsonNode, String)} does (an earlier TTL of the key is
     * cancelled).
     *
     * @param key the key
     * @param value the object to store; to store JSON {@code null}, pass {@code NullNode}
     * @param actionId who or what made the write
     * @return the transition, whose values are JSON
     * @throws IllegalArgumentException if the mapper cannot convert {@code value} (the message
     *     names the key and the value's class), or the store refuses the JSON; nothing is written
     * @throws NullPointerException if an argument is {@code null}
     */
    public StateTransition set(String key, Object value, String actionId) {
        return write(key, value, actionId, OptionalLong.empty());
    }

    /**
     * Sets {@code key} to the JSON form of {@code value} with a TTL and returns the recorded
     * transition, as {@link StateStore#setWithTtl(String, JsonNode, String, long)} does.
     *
     * @param key the key
     * @param value the object to store
     * @param actionId who or what made the write
     * @param ttlSecs seconds the value lives from the write's timestamp; {@code 0} is expired at once
     * @return the transition, whose values are JSON
     * @throws IllegalArgumentException if the mapper cannot convert {@code value} (the message
     *     names the key and the value's class), if {@code ttlSecs} is negative, or the store
     *     refuses the JSON; nothing is written
     * @throws NullPointerException if an argument is {@code null}
     */
    public StateTransition setWithTtl(String key, Object value, String actionId, long ttlSecs) {
        return write(key, value, actionId, OptionalLong.of(ttlSecs));
    }

    private <T> Optional<T> read(String key, String typeName, Conversion<T> conversion) {
        Objects.requireNonNull(key, "key");
        Optional<JsonNode> node = reads.getValue(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(conversion.convert(node.get()));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the value of key '" + key + "'" + where + " cannot be read as "
                    + typeName + ": " + e.getOriginalMessage()
                    + " (read it with the type it was written as, or read the raw JSON with the store's get)", e);
        }
    }

    private StateTransition write(String key, Object value, String actionId, OptionalLong ttlSecs) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(actionId, "actionId");
        JsonNode json;
        try {
            json = mapper.valueToTree(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the value for key '" + key + "'" + where + ", a "
                    + value.getClass().getName() + ", cannot be converted to JSON: " + e.getOriginalMessage()
                    + " (check the class's Jackson mapping or the mapper's configuration)", e);
        }
        return writer.write(key, json, actionId, ttlSecs);
    }

    @Override
    public String toString() {
        return "TypedView[" + reads + "]";
    }
}
