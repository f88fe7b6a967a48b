package dev.statestore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A key's value together with the position of its latest write: what
 * {@link StateStore#getVersioned(String)} returns and what a conditional write
 * ({@link StateStore#setIf}, {@link StateStore#deleteIf}) is checked against.
 *
 * <p>Immutable once built by a store, which hands out a copy of the value that nobody else holds;
 * a caller that mutates {@link #value()} changes only its own copy.
 *
 * @param value a copy of the value (JSON {@code null} is a {@code NullNode})
 * @param revision the revision of the key's latest write; {@code 0} when that write is not in the
 *     history (the key was installed by {@link StateStore#replaceAll} or by a
 *     {@link StateStore#restore} that kept no write of it)
 * @param version the key's version: {@code 1} after the write that created it, one more for each
 *     later write
 * @param expiresAt the instant from which the key may be reaped, empty when it has no TTL
 */
public record Versioned(JsonNode value, long revision, long version, Optional<Instant> expiresAt) {

    /**
     * Checks the parts.
     *
     * @param value a copy of the value
     * @param revision the revision of the key's latest write, {@code 0} when not in the history
     * @param version the key's version, {@code >= 1}
     * @param expiresAt the expiry, empty without a TTL
     * @throws NullPointerException if a part is {@code null}
     * @throws IllegalArgumentException if the revision is negative or the version below {@code 1}
     */
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (revision < 0 || version < 1) {
            throw new IllegalArgumentException("a versioned value has revision >= 0 and version >= 1, had "
                    + revision + " and " + version);
        }
    }
}
