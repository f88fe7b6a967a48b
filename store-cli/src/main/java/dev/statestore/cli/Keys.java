package dev.statestore.cli;

import dev.statestore.ScopedStateView;
import java.util.Optional;

/**
 * The stored keys of the {@code --tenant} option: a tenant's key {@code k} is stored as
 * {@code tenant:<tenant>:k}, the layout of {@link ScopedStateView}. Without a tenant the tool
 * takes and prints full stored keys. Stateless.
 */
final class Keys {

    private Keys() {
    }

    /** Returns the prefix of a tenant's stored keys, or {@code ""} for no tenant. */
    static String prefix(String tenant) {
        if (tenant == null) {
            return "";
        }
        if (tenant.isEmpty()) {
            throw CliException.usage("--tenant must not be empty");
        }
        if (tenant.indexOf(':') >= 0) {
            throw CliException.usage("--tenant '" + Text.escape(tenant) + "' contains ':', which no tenant can hold");
        }
        return ScopedStateView.TENANT_PREFIX + tenant + ":";
    }

    static String stored(String tenant, String key) {
        return prefix(tenant) + key;
    }

    /** Returns the tenant of a stored key, or empty for an unscoped key. */
    static Optional<String> tenantOf(String storedKey) {
        if (!storedKey.startsWith(ScopedStateView.TENANT_PREFIX)) {
            return Optional.empty();
        }
        int end = storedKey.indexOf(':', ScopedStateView.TENANT_PREFIX.length());
        return end < 0 ? Optional.empty()
                : Optional.of(storedKey.substring(ScopedStateView.TENANT_PREFIX.length(), end));
    }

    /** Returns how to name a key of {@code tenant} in a message. */
    static String describe(String tenant, String key) {
        return tenant == null ? "key '" + Text.escape(key) + "'"
                : "key '" + Text.escape(key) + "' of tenant '" + Text.escape(tenant) + "'";
    }
}
