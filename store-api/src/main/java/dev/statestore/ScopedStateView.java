package dev.statestore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import dev.statestore.internal.FilteredPublisher;
import tools.jackson.databind.JsonNode;

/**
 * One tenant's part of a {@link StateStore}: keys are stored as
 * {@code tenant:<tenant>:<key>} (car-state's layout) and the view reads and writes them by their
 * short name. {@link StateStore#scoped(String) scoped(null)} is the unscoped namespace: the keys
 * that do not start with {@code tenant:}.
 *
 * <p>Thread-safety: as safe as the store, which does all the work. A view holds no resource and
 * is not closed; after the store is closed every call throws {@link IllegalStateException}.
 *
 * <p>A tenant that is empty or contains {@code ':'} is refused, so that no two
 * (tenant, key) pairs can name the same stored key. Transitions returned by the writes carry
 * the full prefixed key.
 */
public final class ScopedStateView implements StateView {

    /** The prefix of every tenant's stored keys. */
    public static final String TENANT_PREFIX = "tenant:";

    private final StateStore store;
    private final String tenant;
    private final String prefix;

    /**
     * Creates the view of {@code tenant} (or the unscoped namespace) of {@code store}.
     *
     * @param store the store that does the work
     * @param tenant the tenant, or {@code null} for the unscoped namespace
     */
    ScopedStateView(StateStore store, String tenant) {
        this.store = Objects.requireNonNull(store, "store");
        if (tenant != null) {
            if (tenant.isEmpty()) {
                throw new IllegalArgumentException("tenant must not be empty: use scoped(null) for the unscoped namespace");
            }
            if (tenant.indexOf(':') >= 0) {
                throw new IllegalArgumentException("tenant '" + tenant
                        + "' contains ':', which would make its keys collide with another tenant's");
            }
        }
        this.tenant = tenant;
        this.prefix = tenant == null ? "" : TENANT_PREFIX + tenant + ":";
    }

    /**
     * Returns the tenant of this view, or empty for the unscoped namespace.
     *
     * @return the tenant
     */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * Returns the key under which {@code key} is stored, {@code tenant:<tenant>:<key>}.
     *
     * @param key the short key
     * @return the stored key
     * @throws IllegalArgumentException in the unscoped view, for a key that starts with
     *     {@code tenant:} (it would reach into a tenant's namespace)
     */
    public String storedKey(String key) {
        Objects.requireNonNull(key, "key");
        if (tenant == null && key.startsWith(TENANT_PREFIX)) {
            throw new IllegalArgumentException("key '" + key + "' starts with '" + TENANT_PREFIX
                    + "' and would reach into a tenant's namespace: use scoped(tenant) for it");
        }
        return prefix + key;
    }

    /**
     * Returns a copy of the value of {@code key} in this namespace, or empty when absent.
     *
     * @param key the short key
     * @return the value
     */
    public Optional<JsonNode> get(String key) {
        return store.get(storedKey(key));
    }

    /**
     * Returns a copy of the value of {@code key} in this namespace, or {@code defaultValue}.
     *
     * @param key the short key
     * @param defaultValue returned when absent
     * @return the value or the default
     */
    public JsonNode getOr(String key, JsonNode defaultValue) {
        return store.getOr(storedKey(key), defaultValue);
    }

    /**
     * Returns whether {@code key} holds a value in this namespace.
     *
     * @param key the short key
     * @return {@code true} when present
     */
    public boolean exists(String key) {
        return store.exists(storedKey(key));
    }

    /**
     * Sets {@code key} in this namespace, as {@link StateStore#set}.
     *
     * @param key the short key
     * @param value the value
     * @param actionId who or what makes the write
     * @return the transition, carrying the full stored key
     */
    public StateTransition set(String key, JsonNode value, String actionId) {
        return store.set(storedKey(key), value, actionId);
    }

    /**
     * Sets {@code key} in this namespace with a TTL, as {@link StateStore#setWithTtl}.
     *
     * @param key the short key
     * @param value the value
     * @param actionId who or what makes the write
     * @param ttlSecs seconds until the key may be reaped, {@code >= 0}
     * @return the transition, carrying the full stored key
     */
    public StateTransition setWithTtl(String key, JsonNode value, String actionId, long ttlSecs) {
        return store.setWithTtl(storedKey(key), value, actionId, ttlSecs);
    }

    /**
     * Deletes {@code key} in this namespace, as {@link StateStore#delete}.
     *
     * @param key the short key
     * @param actionId who or what deletes it
     * @return the transition, or empty when absent
     */
    public Optional<StateTransition> delete(String key, String actionId) {
        return store.delete(storedKey(key), actionId);
    }

    /**
     * Returns a copy of the value of {@code key} in this namespace with its revision, version
     * and expiry, as {@link StateStore#getVersioned}.
     *
     * @param key the short key
     * @return the versioned value, or empty
     */
    public Optional<Versioned> getVersioned(String key) {
        return store.getVersioned(storedKey(key));
    }

    /**
     * Sets {@code key} in this namespace if its latest write has {@code expectedRevision}, as
     * {@link StateStore#setIf}.
     *
     * @param key the short key
     * @param expectedRevision the revision the key's latest write must have, {@code 0} for absent
     * @param value the value
     * @param actionId who or what makes the write
     * @return the transition, or empty when the revision did not match
     */
    public Optional<StateTransition> setIf(String key, long expectedRevision, JsonNode value, String actionId) {
        return store.setIf(storedKey(key), expectedRevision, value, actionId);
    }

    /**
     * Sets {@code key} in this namespace with a TTL if its latest write has
     * {@code expectedRevision}, as {@link StateStore#setWithTtlIf}.
     *
     * @param key the short key
     * @param expectedRevision the revision the key's latest write must have, {@code 0} for absent
     * @param value the value
     * @param actionId who or what makes the write
     * @param ttlSecs seconds until the key may be reaped, {@code >= 0}
     * @return the transition, or empty when the revision did not match
     */
    public Optional<StateTransition> setWithTtlIf(String key, long expectedRevision, JsonNode value,
            String actionId, long ttlSecs) {
        return store.setWithTtlIf(storedKey(key), expectedRevision, value, actionId, ttlSecs);
    }

    /**
     * Deletes {@code key} in this namespace if its latest write has {@code expectedRevision}, as
     * {@link StateStore#deleteIf}.
     *
     * @param key the short key
     * @param expectedRevision the revision the key's latest write must have
     * @param actionId who or what deletes it
     * @return the transition, or empty when absent or the revision did not match
     */
    public Optional<StateTransition> deleteIf(String key, long expectedRevision, String actionId) {
        return store.deleteIf(storedKey(key), expectedRevision, actionId);
    }

    /**
     * Returns at most {@code limit} of this namespace's transitions whose revision is greater
     * than {@code index}, oldest first, carrying full stored keys; as
     * {@link StateStore#transitionsSince(long, int)} but skipping other namespaces' transitions.
     *
     * @param index the revision to read after, {@code >= 0}
     * @param limit the most transitions to return, {@code >= 1}
     * @return a new list
     * @throws HistoryCompactedException if transitions after {@code index} are no longer retained
     */
    public List<StateTransition> transitionsSince(long index, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("transitionsSince limit must be >= 1, was " + limit);
        }
        List<StateTransition> mine = new ArrayList<>();
        long after = index;
        int page = Math.max(256, Math.min(limit, 4096));
        while (mine.size() < limit) {
            List<StateTransition> batch = store.transitionsSince(after, page);
            for (StateTransition t : batch) {
                if (owns(t.key())) {
                    mine.add(t);
                    if (mine.size() == limit) {
                        return mine;
                    }
                }
                after = t.revision();
            }
            if (batch.size() < page) {
                break;
            }
        }
        return mine;
    }

    /**
     * Returns a publisher of this namespace's transitions with a revision greater than
     * {@code afterRevision}, as {@link StateStore#changes}: full stored keys, in revision order,
     * other namespaces' transitions left out (they do not count against {@code request(n)}).
     *
     * @param afterRevision the revision to start after, {@code >= 0}
     * @return the publisher
     */
    public Flow.Publisher<StateTransition> changes(long afterRevision) {
        return new FilteredPublisher<>(store.changes(afterRevision), t -> owns(t.key()));
    }

    /**
     * Returns whether the stored key {@code storedKey} belongs to this namespace.
     *
     * @param storedKey a full key, as transitions carry it
     * @return {@code true} for this tenant's keys (or, unscoped, for keys outside every tenant)
     */
    public boolean owns(String storedKey) {
        return tenant == null ? !storedKey.startsWith(TENANT_PREFIX) : storedKey.startsWith(prefix);
    }

    /**
     * Returns this namespace's keys, prefix stripped, sorted ascending.
     *
     * @return a new list
     */
    public List<String> keys() {
        List<String> all = store.keys();
        List<String> mine = new ArrayList<>();
        for (String k : all) {
            if (tenant == null) {
                if (!k.startsWith(TENANT_PREFIX)) {
                    mine.add(k);
                }
            } else if (k.startsWith(prefix)) {
                mine.add(k.substring(prefix.length()));
            }
        }
        return mine;
    }

    @Override
    public Optional<JsonNode> getValue(String key) {
        return get(key);
    }

    @Override
    public boolean keyExists(String key) {
        return exists(key);
    }

    @Override
    public String toString() {
        return tenant == null ? "ScopedStateView[unscoped]" : "ScopedStateView[tenant=" + tenant + "]";
    }
}
