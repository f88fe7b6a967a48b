package dev.statestore.jsonl;

import dev.statestore.Durability;
import dev.statestore.StateStore;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import dev.statestore.internal.HistoryPolicy;
import dev.statestore.jsonl.internal.JournalIo;
import dev.statestore.memory.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Flow;
import tools.jackson.databind.JsonNode;

/**
 * A durable {@link StateStore}: the in-memory engine with a {@link JsonlJournal}
 * attached, so every write is appended to a JSON Lines file before it is applied, and opening
 * the file again replays it. Opened directly ({@link #open(Path)}, {@link #builder(Path)}) or by
 * URL, {@code statestore:jsonl:<path>[?durability=buffered|flushed|synced&recovery=lenient|strict]}.
 *
 * <p><b>Line format.</b> One compact JSON object per line, UTF-8, {@code '\n'}-terminated, with
 * car-state's fields and two of ours:
 * <pre>{@code
 * {"key":"k","old_value":1,"new_value":2,"action_id":"a","timestamp":"2026-01-02T03:04:05.123Z","ttl_secs":60,"op":"set","crc32c":"1a2b3c4d"}
 * }</pre>
 * {@code old_value} is omitted when the key was absent, {@code ttl_secs} when the write had no
 * TTL; a delete has {@code "new_value":null} and {@code "op":"delete"}. {@code op} tells a set to
 * JSON {@code null} from a delete. {@code crc32c} is always last: eight lower-case hex digits of
 * the CRC-32C of the line's bytes before its {@code ,"crc32c":}. Lines written by car-state (no
 * {@code op}, no {@code crc32c}; {@code new_value: null} is a delete; any RFC 3339 timestamp;
 * unknown fields) are read too. Values read back by the rules of the journal (see
 * {@link #set}); what could not be read back exactly is refused at {@code set} time.
 *
 * <p><b>Opening.</b> Replays the file: last write wins per key, TTLs keep their original
 * timestamps, the transition log is the file's valid lines. Malformed or checksum-failing lines
 * are skipped with a warning naming file and line ({@code recovery=strict} fails the open
 * instead); an unfinished last line (no {@code '\n'}) is cut off and kept in a side file;
 * {@link #replayReport()} tells what was found. Fails with a {@link StateStoreException} naming
 * the path if the directory is missing, the file cannot be opened, or the journal is open in
 * this or another process.
 *
 * <p><b>Durability</b> ({@link Durability}): {@code buffered} survives {@code close()}/{@code sync()},
 * {@code flushed} (default) a crash of the process, {@code synced} a power loss (group commit).
 * Reaping, {@code restore}, {@code replaceAll} and {@link #compact()} rewrite the file atomically.
 *
 * <p>Thread-safe, like the engine. The caller closes the store, which closes the journal and
 * releases its lock. It does not expire keys by itself, and it does not watch the file for
 * changes by others.
 */
public final class JsonlStateStore implements StateStore {

    /** URL option naming the durability mode: {@code buffered}, {@code flushed} or {@code synced}. */
    public static final String OPTION_DURABILITY = "durability";
    /** URL option naming the recovery mode: {@code lenient} (skip bad lines) or {@code strict}. */
    public static final String OPTION_RECOVERY = "recovery";
    /** The options {@link #open(Path, Map)} and the URL accept. */
    public static final Set<String> OPTIONS = Set.of(OPTION_DURABILITY, OPTION_RECOVERY, HistoryPolicy.OPTION,
            HistoryPolicy.MEMORY_OPTION, HistoryPolicy.REAP_INTERVAL_OPTION);

    private final InMemoryStateStore engine;
    private final JsonlJournal journal;

    private JsonlStateStore(InMemoryStateStore engine, JsonlJournal journal) {
        this.engine = engine;
        this.journal = journal;
    }

    /**
     * Returns the store kept in {@code path}, created empty if absent; {@code flushed},
     * lenient recovery, the system UTC clock.
     *
     * @param path the journal file; its directory must exist
     * @return the open store, which the caller closes
     * @throws StateStoreException naming the path if the open fails
     */
    public static JsonlStateStore open(Path path) {
        return builder(path).open();
    }

    /**
     * Returns the store kept in {@code path} with options as in the URL
     * ({@code durability}, {@code recovery}).
     *
     * @param path the journal file; its directory must exist
     * @param options option name to value
     * @return the open store, which the caller closes
     * @throws IllegalArgumentException naming an unknown option or a bad value
     * @throws StateStoreException naming the path if the open fails
     */
    public static JsonlStateStore open(Path path, Map<String, String> options) {
        return builder(path).options(options).open();
    }

    /**
     * Returns a builder for a store kept in {@code path}.
     *
     * @param path the journal file
     * @return a new builder
     */
    public static Builder builder(Path path) {
        return new Builder(Objects.requireNonNull(path, "path"));
    }

    /**
     * A source of stores with a chosen durability, recovery mode and clock. Not thread-safe.
     */
    public static final class Builder {
        private final Path path;
        private Durability durability = Durability.FLUSHED;
        private boolean strict;
        private Clock clock = Clock.systemUTC();
        private JournalIo io = JournalIo.REAL;
        private final InMemoryStateStore.Builder engine = InMemoryStateStore.builder();

        private Builder(Path path) {
            this.path = path;
        }

        /**
         * Sets when a write counts as done; {@link Durability#FLUSHED} by default.
         *
         * @param durability the mode
         * @return this builder
         */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /**
         * Sets whether a malformed or checksum-failing line fails the open ({@code true}) or is
         * skipped with a warning ({@code false}, the default).
         *
         * @param strict the recovery mode
         * @return this builder
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Sets the clock that timestamps transitions.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Applies URL options: {@code durability=buffered|flushed|synced},
         * {@code recovery=lenient|strict}.
         *
         * @param options option name to value
         * @return this builder
         * @throws IllegalArgumentException naming an unknown option or a bad value
         */
        public Builder options(Map<String, String> options) {
            Objects.requireNonNull(options, "options");
            for (Map.Entry<String, String> e : options.entrySet()) {
                String name = Objects.requireNonNull(e.getKey(), "option name");
                String value = Objects.requireNonNull(e.getValue(), () -> "value of option '" + name + "'");
                switch (name) {
                    case OPTION_DURABILITY:
                        durability(Durability.parse(value));
                        break;
                    case OPTION_RECOVERY:
                        strict(parseRecovery(value));
                        break;
                    case HistoryPolicy.OPTION:
                        history(value);
                        break;
                    case HistoryPolicy.MEMORY_OPTION:
                        memoryHistory(HistoryPolicy.memoryHistory(Map.of(name, value)));
                        break;
                    case HistoryPolicy.REAP_INTERVAL_OPTION:
                        reapInterval(HistoryPolicy.reapInterval(Map.of(name, value)).orElseThrow());
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option '" + name
                                + "' for statestore:jsonl; supported options: " + String.join(", ", new TreeSet<>(OPTIONS)));
                }
            }
            return this;
        }

        /**
         * Sets how much history to keep ({@code history}): {@code all} (the default), a count, or
         * an ISO-8601 duration.
         *
         * @param policy the option's value
         * @return this builder
         * @throws IllegalArgumentException if the value is not one of those forms
         */
        public Builder history(String policy) {
            engine.history(policy);
            return this;
        }

        /**
         * Sets the most transitions held on the heap ({@code memory-history}, default 10000); older
         * ones are read back from the journal.
         *
         * @param transitions the window, {@code >= 1}
         * @return this builder
         */
        public Builder memoryHistory(int transitions) {
            engine.memoryHistory(transitions);
            return this;
        }

        /**
         * Reaps expired keys on a daemon thread at this interval ({@code reap-interval}).
         *
         * @param interval the interval, positive, or {@code null} for none
         * @return this builder
         */
        public Builder reapInterval(Duration interval) {
            engine.reapInterval(interval);
            return this;
        }

        /**
         * Replaces the file operations, for fault injection in tests.
         *
         * @param io the file operations
         * @return this builder
         */
        Builder io(JournalIo io) {
            this.io = Objects.requireNonNull(io, "io");
            return this;
        }

        /**
         * Returns the open store, after replaying its journal.
         *
         * @return the store, which the caller closes
         * @throws StateStoreException naming the path if the open or the replay fails
         */
        public JsonlStateStore open() {
            JsonlJournal journal = JsonlJournal.open(path, durability, strict, io);
            try {
                InMemoryStateStore engine = this.engine.clock(clock).journal(journal).build();
                return new JsonlStateStore(engine, journal);
            } catch (RuntimeException | Error e) {
                // any failure, an OutOfMemoryError during replay included, releases the lock
                try {
                    journal.close();
                } catch (RuntimeException | Error suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    private static boolean parseRecovery(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "lenient":
                return false;
            case "strict":
                return true;
            default:
                throw new IllegalArgumentException("unknown recovery '" + value + "': use lenient or strict");
        }
    }

    /**
     * Rewrites the journal as one line per live key, keeping each key's original timestamp and
     * TTL (atomically: temp file, fsync, rename, directory fsync). The state and the transition
     * log are unchanged; a reopen then replays only these lines.
     *
     * @throws StateStoreException if the rewrite fails; the old journal stays in place
     * @throws IllegalStateException after {@link #close()}
     */
    public void compact() {
        engine.compact();
    }

    /**
     * Returns what opening found: lines read, applied, skipped (with line numbers and reasons)
     * and torn bytes cut off.
     *
     * @return the report of the open
     */
    public ReplayReport replayReport() {
        return journal.replayReport();
    }

    /**
     * Returns the journal's canonical path (absolute, directory symlinks resolved).
     *
     * @return the path
     */
    public Path path() {
        return journal.path();
    }

    /**
     * Returns the durability mode the store was opened with.
     *
     * @return the mode
     */
    public Durability durability() {
        return journal.durability();
    }

    @Override
    public Optional<JsonNode> get(String key) {
        return engine.get(key);
    }

    @Override
    public JsonNode getOr(String key, JsonNode defaultValue) {
        return engine.getOr(key, defaultValue);
    }

    @Override
    public boolean exists(String key) {
        return engine.exists(key);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The stored value is the form the journal reads back: integers as the smallest of
     * {@code IntNode}, {@code LongNode}, {@code BigIntegerNode} that holds them; a
     * {@code FloatNode} as the {@code DoubleNode} of its decimal text; a {@code DecimalNode} as a
     * {@code DoubleNode} when its value is that of a double's shortest text, else as itself;
     * binary as base64 text. Refused with an {@link IllegalArgumentException} naming the key:
     * NaN and infinities, nesting deeper than 999 levels, strings longer than 100,000,000 chars,
     * property names longer than 50,000, numbers longer than 1000 chars, values whose encoding
     * takes more than 256 MiB (strings count their UTF-8 bytes and escapes, so 100,000,000 ASCII
     * chars fit), unpaired UTF-16 surrogates in the key, the action id or the value,
     * non-JSON nodes ({@code POJONode}, {@code MissingNode}).
     */
    @Override
    public Optional<Versioned> getVersioned(String key) {
        return engine.getVersioned(key);
    }

    @Override
    public Optional<StateTransition> setIf(String key, long expectedRevision, JsonNode value, String actionId) {
        return engine.setIf(key, expectedRevision, value, actionId);
    }

    @Override
    public Optional<StateTransition> setWithTtlIf(String key, long expectedRevision, JsonNode value,
            String actionId, long ttlSecs) {
        return engine.setWithTtlIf(key, expectedRevision, value, actionId, ttlSecs);
    }

    @Override
    public Optional<StateTransition> deleteIf(String key, long expectedRevision, String actionId) {
        return engine.deleteIf(key, expectedRevision, actionId);
    }

    @Override
    public List<StateTransition> transitionsSince(long index, int limit) {
        return engine.transitionsSince(index, limit);
    }

    @Override
    public Flow.Publisher<StateTransition> changes(long afterRevision) {
        return engine.changes(afterRevision);
    }

    @Override
    public StateTransition set(String key, JsonNode value, String actionId) {
        return engine.set(key, value, actionId);
    }

    @Override
    public StateTransition setWithTtl(String key, JsonNode value, String actionId, long ttlSecs) {
        return engine.setWithTtl(key, value, actionId, ttlSecs);
    }

    @Override
    public Optional<StateTransition> delete(String key, String actionId) {
        return engine.delete(key, actionId);
    }

    @Override
    public Map<String, JsonNode> snapshot() {
        return engine.snapshot();
    }

    @Override
    public void restore(Map<String, JsonNode> snapshot, long transitionCount) {
        engine.restore(snapshot, transitionCount);
    }

    @Override
    public long transitionCount() {
        return engine.transitionCount();
    }

    @Override
    public List<StateTransition> transitions() {
        return engine.transitions();
    }

    @Override
    public List<StateTransition> transitionsSince(long index) {
        return engine.transitionsSince(index);
    }

    @Override
    public List<String> keys() {
        return engine.keys();
    }

    @Override
    public void replaceAll(Map<String, JsonNode> state) {
        engine.replaceAll(state);
    }

    @Override
    public List<String> reapExpired(Instant now) {
        return engine.reapExpired(now);
    }

    @Override
    public void sync() {
        engine.sync();
    }

    @Override
    public void close() {
        engine.close();
    }

    /**
     * Returns whether {@link #close()} has been called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return engine.isClosed();
    }

    @Override
    public String toString() {
        return "JsonlStateStore[" + journal.path() + ", " + journal.durability().urlName() + "]";
    }
}
