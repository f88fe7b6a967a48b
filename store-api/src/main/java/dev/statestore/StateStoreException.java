package dev.statestore;

/**
 * The failure of the environment under a store: an I/O error, a corrupt or locked
 * journal, or a missing provider. Unchecked, like Jackson 3's {@code JacksonException}.
 *
 * <p>Misuse of the API (a {@code null} key, a negative TTL, an unknown option, a call after
 * {@code close()}) is reported with the JDK's {@link NullPointerException},
 * {@link IllegalArgumentException} and {@link IllegalStateException} instead.
 */
public class StateStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names what failed (a path, a scheme).
     *
     * @param message what failed and, where known, how to fix it
     */
    public StateStoreException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what failed and, where known, how to fix it
     * @param cause the underlying failure, usually an {@link java.io.IOException}
     */
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
