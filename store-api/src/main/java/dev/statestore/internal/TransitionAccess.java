package dev.statestore.internal;

import dev.statestore.StateTransition;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The way to transitions that share their value nodes instead of copying them, for this project's
 * own backends only (the package is exported just to them). The public factory of
 * {@link StateTransition} copies every value and its accessors copy again, which is right for
 * callers but wasteful inside an engine whose stored nodes are never mutated after they are
 * copied in once.
 *
 * <p>Whoever adopts a node promises that nobody mutates it afterwards.
 */
public final class TransitionAccess {

    /** The operations {@link StateTransition} grants. */
    public interface Access {
        /**
         * Returns a transition holding these nodes as they are.
         *
         * @param key the key
         * @param oldValue the old value, {@code null} when absent
         * @param newValue the new value, {@code null} for a delete
         * @param actionId the action id
         * @param timestamp the timestamp
         * @param ttlSecs the TTL, or {@code -1} for none
         * @param revision the revision, {@code 0} for none
         * @param version the key's version after the write
         * @return the transition
         */
        StateTransition adopt(String key, JsonNode oldValue, JsonNode newValue, String actionId,
                Instant timestamp, long ttlSecs, long revision, long version);

        /**
         * Returns the transition's own old value node, {@code null} when absent.
         *
         * @param t the transition
         * @return the node, not a copy
         */
        JsonNode sharedOldValue(StateTransition t);

        /**
         * Returns the transition's own new value node, {@code null} for a delete.
         *
         * @param t the transition
         * @return the node, not a copy
         */
        JsonNode sharedNewValue(StateTransition t);
    }

    private static volatile Access access;

    private TransitionAccess() {
    }

    /**
     * Installs the access object; called once by {@link StateTransition}'s initializer.
     *
     * @param a the access object
     */
    public static void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("TransitionAccess is installed already");
        }
        access = a;
    }

    /**
     * Returns the access object.
     *
     * @return the access object
     */
    public static Access get() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(StateTransition.class.getName(), true, StateTransition.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }
}
