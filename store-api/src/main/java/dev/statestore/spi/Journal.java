package dev.statestore.spi;

import dev.statestore.Durability;
import dev.statestore.StateTransition;
import dev.statestore.internal.CanonicalValues;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A durable record of an engine's state and history: an append-only record of its transitions
 * that can be replayed on open, read back by revision, and rewritten whole. The in-memory engine
 * attaches one to become a durable store; the journal knows nothing about maps, and the engine
 * nothing about files.
 *
 * <p>What a journal stores is a <em>state</em> (each live key's latest write, as of a rewrite or
 * a checkpoint) followed by <em>history</em> (transitions in revision order, each applied to the
 * state on replay). A journal that {@link #readsHistory() reads history back} lets the engine
 * keep only the newest transitions on the heap.
 *
 * <p>Calling protocol, which the engine follows:
 * <ol>
 *   <li>{@link #replay} once, before any other call, to rebuild the state.</li>
 *   <li>{@link #writableCopy} outside the engine's lock, to copy a value in the form it will be
 *       read back in, or refuse one that could not be.</li>
 *   <li>{@link #append} under the engine's lock, in mutation order, <em>before</em> the engine
 *       applies the mutation (write-ahead): if it throws, the mutation is not applied.</li>
 *   <li>{@link #awaitDurable} outside the engine's lock, so that concurrent writers can share one
 *       fsync; if it throws, the engine rolls back every write past {@link #durableSequence()}.</li>
 *   <li>{@link #rewrite} under the engine's lock for compaction, restore and replace.</li>
 *   <li>{@link #readHistory} outside the engine's lock, for revisions older than the engine
 *       holds on the heap.</li>
 * </ol>
 *
 * <p>Thread-safety: {@link #append} and {@link #rewrite} are serialized by the engine;
 * {@link #awaitDurable}, {@link #sync} and {@link #durableSequence} may be called concurrently
 * with them and with each other. The engine closes the journal when it is closed.
 *
 * <p>After a failed fsync a journal refuses every further append and rewrite (the kernel may
 * have dropped the unwritten pages; retrying would hide a loss). Reads of the engine keep
 * working.
 */
public interface Journal extends AutoCloseable {

    /**
     * Returns the guarantee this journal gives when {@link #awaitDurable} returns.
     *
     * @return the durability mode
     */
    Durability durability();

    /**
     * Replays the stored state and history into {@code sink}: every record in the order it was
     * stored. Called once, before any append.
     *
     * @param sink receives each record
     * @throws dev.statestore.StateStoreException if the journal cannot be read
     */
    void replay(ReplaySink sink);

    /**
     * The receiver of a {@link #replay}. Not called concurrently.
     */
    interface ReplaySink {
        /**
         * Receives, before the first record, how many live keys the replay is likely to produce
         * (a checkpoint's line count, say), so that the engine can size its state once instead of
         * growing it record by record. A hint: the records decide. The default ignores it.
         *
         * @param keys the expected number of live keys, {@code >= 0}
         */
        default void expectKeys(long keys) {
        }

        /**
         * Receives one live key's latest write as stored by a rewrite or checkpoint: it sets the
         * key, but is not part of the history (its old value may be missing).
         *
         * @param latestWrite the write, with its original revision, version, timestamp and TTL
         */
        void state(StateTransition latestWrite);

        /**
         * Receives one transition of the history, in revision order; it is applied to the state.
         * A record stored without a revision (an older format's) has revision {@code 0}, and the
         * engine gives it the next revision in replay order.
         *
         * @param transition the transition
         */
        void history(StateTransition transition);

        /**
         * Receives, once after the last record, the latest revision the journal holds: at least
         * that of every record replayed, and more when its history ends in revisions that no
         * replayed record stands for (a checkpoint taken after the deletes of keys, or a restore
         * to a revision whose keys were written earlier). The next transition gets the revision
         * after it. The default does nothing.
         *
         * @param latestRevision the latest stored revision, {@code >= 0}
         */
        default void end(long latestRevision) {
        }
    }

    /**
     * Returns a fresh copy of {@code value} exactly as this journal would read it back, or refuses
     * a key or value it could not store, without writing anything. The engine stores the copy, so
     * the live state and a replayed one are equal (for instance a float written as text reads back
     * as the same double). The default returns the canonical copy every backend keeps (numbers as
     * a JSON text round trip reads them, binary as base64 text) and refuses what no backend could
     * keep (NaN, infinities, nodes that are not JSON data, unpaired surrogates, nesting over the
     * limit); an override must return that same copy, and may refuse more.
     *
     * @param key the full key
     * @param value the value, never {@code null}
     * @return a copy the caller may keep; nobody else holds it
     * @throws IllegalArgumentException naming the key and what cannot be stored
     */
    default JsonNode writableCopy(String key, JsonNode value) {
        return CanonicalValues.copy(key, value);
    }

    /**
     * Appends one transition and returns its sequence number; numbers grow by one per append
     * over the life of the journal. In {@code FLUSHED} mode the record has reached the operating
     * system when this returns; in {@code SYNCED} mode it may wait in the journal's memory until
     * {@link #awaitDurable} writes and fsyncs it (with the records of other writers waiting then).
     *
     * @param transition the transition
     * @return its sequence number, {@code >= 1}
     * @throws IllegalArgumentException if the transition cannot be represented; nothing written
     * @throws dev.statestore.StateStoreException on an I/O error, or after an earlier fsync failed;
     *     the record counts as not written
     */
    long append(StateTransition transition);

    /**
     * Appends {@code transitions} in order, as {@link #append} would one by one, and returns the
     * sequence number of the last; they get consecutive numbers. All or none: when it throws, none
     * of them counts as written. The engine calls it with one reap's deletes, in batches, so that
     * a journal that writes each append at once ({@code FLUSHED}) can write them with one system
     * call instead of one each.
     *
     * <p>The default calls {@link #append} for each. That is all or none only if an append cannot
     * fail once an earlier one of the same call succeeded; a journal whose appends can fail
     * independently overrides this.
     *
     * @param transitions the transitions, at least one
     * @return the sequence number of the last, {@code >= 1}
     * @throws IllegalArgumentException if the list is empty or one of them cannot be represented;
     *     nothing written
     * @throws dev.statestore.StateStoreException on an I/O error, or after an earlier fsync failed;
     *     none of them counts as written
     */
    default long appendAll(java.util.List<StateTransition> transitions) {
        if (transitions.isEmpty()) {
            throw new IllegalArgumentException("appendAll needs at least one transition");
        }
        long sequence = 0;
        for (StateTransition t : transitions) {
            sequence = append(t);
        }
        return sequence;
    }

    /**
     * Blocks until the record with sequence number {@code sequence} is as durable as
     * {@link #durability()} promises. Returns at once for {@code BUFFERED} and {@code FLUSHED}.
     *
     * @param sequence a number returned by {@link #append}
     * @throws dev.statestore.StateStoreException if the write or fsync that would cover it failed
     */
    void awaitDurable(long sequence);

    /**
     * Returns the highest sequence number known to be as durable as {@link #durability()}
     * promises.
     *
     * @return the durable sequence number, {@code 0} when none
     */
    long durableSequence();

    /**
     * Atomically replaces the stored state with {@code state} and ends the stored history at
     * revision {@code historyEnd}: after a crash at any moment the journal holds either its old
     * content or the new, never a mix. A journal may keep the history up to {@code historyEnd}
     * (then {@link #oldestRetainedRevision()} stays put) or drop it (then it becomes
     * {@code historyEnd + 1}). Everything appended before counts as durable afterwards.
     *
     * @param state each live key's latest write, sorted by key; replayed through
     *     {@link ReplaySink#state}
     * @param historyEnd the revision of the last transition that remains part of the history;
     *     the next append carries {@code historyEnd + 1}
     * @throws dev.statestore.StateStoreException on an I/O error; the old journal stays in place
     */
    void rewrite(Collection<StateTransition> state, long historyEnd);

    /**
     * Hands the journal the engine's live state: each live key's latest write (with its old
     * value, which a journal storing state ignores), as a concurrent collection that changes as
     * writes commit and that the journal may iterate from any thread without a lock (weakly
     * consistent: every key live throughout the iteration is seen once, with a write at least as
     * new as the one it had when the iteration began). The engine calls it after its replay and
     * after each {@link #rewrite} with the collection that replaces the old one; a journal that
     * checkpoints may then write its checkpoints from it instead of reading its own files back.
     * Every write in it was appended before it appears there. The default ignores it.
     *
     * @param live the engine's live state, not to be modified
     */
    default void attachState(Collection<StateTransition> live) {
    }

    /**
     * Hands the journal the engine's live state as {@link #attachState(Collection)} does, with the
     * revision of the latest write the engine has applied to it. The engine appends a write before
     * it applies it, so for a moment the journal holds a line the live state does not show yet; a
     * journal that writes checkpoints from the live state while writes go on waits, before it reads
     * the state, until {@code applied} reaches the revision its checkpoint is taken after, or else a
     * write appended just before could be missing from the checkpoint and from the replay after it.
     * The default ignores {@code applied}.
     *
     * @param live the engine's live state, not to be modified
     * @param applied the revision of the latest write applied to {@code live}; read from any thread
     */
    default void attachState(Collection<StateTransition> live, java.util.function.LongSupplier applied) {
        attachState(live);
    }

    /**
     * Returns whether {@link #readHistory} can return transitions that the engine no longer holds
     * on the heap. The default is {@code false}: the engine keeps every transition it must
     * retain.
     *
     * @return {@code true} when the journal reads history back
     */
    default boolean readsHistory() {
        return false;
    }

    /**
     * Returns the oldest revision that {@link #readHistory} can return; one past the latest stored
     * revision when it stores no history. Meaningful only when {@link #readsHistory()}.
     *
     * @return the oldest retained revision, {@code >= 1}
     */
    default long oldestRetainedRevision() {
        throw new UnsupportedOperationException(getClass().getName() + " does not read history back");
    }

    /**
     * Returns at most {@code limit} stored transitions with a revision greater than
     * {@code afterRevision}, oldest first, including appended ones not yet flushed. Meaningful
     * only when {@link #readsHistory()}; may be called concurrently with appends.
     *
     * @param afterRevision the revision to read after, {@code >= oldestRetainedRevision() - 1}
     * @param limit the most transitions to return, {@code >= 1}
     * @return a new list
     * @throws dev.statestore.StateStoreException if the history cannot be read
     */
    default List<StateTransition> readHistory(long afterRevision, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " does not read history back");
    }

    /**
     * Flushes and fsyncs everything appended so far.
     *
     * @throws dev.statestore.StateStoreException if the flush or fsync fails
     */
    void sync();

    /**
     * Flushes, releases the journal's lock and frees its resources. Idempotent.
     *
     * @throws dev.statestore.StateStoreException if the final flush fails
     */
    @Override
    void close();
}
