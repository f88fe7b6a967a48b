package dev.statestore;

/**
 * The failure of a read of history that a store no longer retains: the {@code history} option let
 * it drop the transitions asked for. Thrown by {@link StateStore#transitionsSince(long)} and
 * signalled to a {@link StateStore#changes(long)} subscriber whose position fell behind.
 *
 * <p>Recover by reading from {@link #oldestRetainedRevision()} on, after taking the current state
 * from {@link StateStore#snapshot()}.
 */
public class HistoryCompactedException extends StateStoreException {

    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /** The oldest revision the store could still return when this was thrown. */
    private final long oldestRetainedRevision;

    /**
     * Creates the exception.
     *
     * @param message what was asked for and what is still available
     * @param oldestRetainedRevision the oldest revision the store can still return
     */
    public HistoryCompactedException(String message, long oldestRetainedRevision) {
        super(message);
        this.oldestRetainedRevision = oldestRetainedRevision;
    }

    /**
     * Returns a message-bearing exception for a read after revision {@code after}.
     *
     * @param after the revision the read started after
     * @param oldestRetainedRevision the oldest revision still available
     * @return the exception
     */
    public static HistoryCompactedException readAfter(long after, long oldestRetainedRevision) {
        return new HistoryCompactedException("the history after revision " + after + " is no longer retained: "
                + "the oldest revision available is " + oldestRetainedRevision
                + " (the 'history' option bounds what is kept; read the state with snapshot() and continue from "
                + "there)", oldestRetainedRevision);
    }

    /**
     * Returns the oldest revision the store can still return; reading after
     * {@code oldestRetainedRevision() - 1} succeeds.
     *
     * @return the oldest retained revision
     */
    public long oldestRetainedRevision() {
        return oldestRetainedRevision;
    }
}
