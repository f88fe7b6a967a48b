package dev.statestore.cli;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.JsonlJournal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A journal restored from a backup that {@code export -o jsonl} wrote: each key with its
 * value, timestamp, action id, TTL, revision and version as exported, written in one atomic
 * rewrite of the journal (temp file, fsync, rename), as the store's own compaction writes it.
 * So the restored journal is what compacting the exported one would have given: the same state,
 * the same TTL deadlines, the same {@code getVersioned} results; the history before the export
 * is not in a backup.
 *
 * <p>The journal is opened, locked and replayed through {@link JsonlJournal} itself; a restore
 * into a journal that holds keys needs {@code --replace}, and the bad lines such a journal holds
 * are kept in a side file first ({@link BadLineKeeper}). Not thread-safe: one restore.
 */
final class BackupRestore {

    /**
     * What a restore did.
     *
     * @param keys the keys restored
     * @param replacedKeys the live keys the journal held before
     * @param historyEnd the highest revision of the backup
     * @param kept the bad lines of the replaced journal kept in a side file
     */
    record Result(int keys, long replacedKeys, long historyEnd, BadLineKeeper.Kept kept) {
    }

    private BackupRestore() {
    }

    /**
     * Restores the backup whose header {@code values} just returned.
     *
     * @param prefix the tenant prefix to put before every key ({@code ""} for none)
     * @throws CliException with exit code 2 for a malformed backup or a journal that holds keys
     *     without {@code replace}, 3 when the journal is held by a store
     */
    static Result restore(Path journal, JsonInput.Values values, JsonNode header, String prefix, boolean replace) {
        if (header.path(ExportCommand.HEADER).asInt(0) != 1) {
            throw CliException.usage(values.name() + " is a backup of format " + header.get(ExportCommand.HEADER)
                    + ", which this version does not know (it reads format 1)");
        }
        List<StateTransition> records = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long historyEnd = header.path("revision").asLong(0);
        JsonNode r;
        while ((r = values.next()) != null) {
            StateTransition t = record(values.name(), records.size() + 2, r, prefix);
            if (!seen.add(t.key())) {
                throw CliException.usage(values.name() + " line " + (records.size() + 2) + ": key '"
                        + Text.escape(t.key()) + "' appears twice in the backup");
            }
            historyEnd = Math.max(historyEnd, t.revision());
            records.add(t);
        }
        long expected = header.path("keys").asLong(-1);
        if (expected >= 0 && expected != records.size()) {
            throw CliException.usage(values.name() + " is incomplete: its header announces " + Text.plural(expected, "key", "keys")
                    + " and it holds " + records.size() + "; nothing was restored");
        }
        records.sort(Comparator.comparing(StateTransition::key));
        JsonlJournal target;
        try {
            target = JsonlJournal.open(journal, Durability.SYNCED, false);
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        }
        try {
            LiveKeys live = new LiveKeys();
            target.replay(live);
            if (live.count() > 0 && !replace) {
                throw CliException.usage(journal + " holds " + Text.plural(live.count(), "key", "keys") + "; a backup"
                        + " restores a whole store: import it into a new journal, or add --replace to replace this"
                        + " journal's content atomically");
            }
            BadLineKeeper.Kept kept = BadLineKeeper.keep(journal);
            List<StateTransition> checked = new ArrayList<>(records.size());
            for (StateTransition t : records) {
                JsonNode value = Writers.refusedAsUsage(() -> target.writableCopy(t.key(), t.newValue().orElseThrow()));
                checked.add(StateTransition.of(t.key(), Optional.empty(), Optional.of(value), t.actionId(),
                        t.timestamp(), t.ttlSecs(), t.revision(), t.version()));
            }
            target.rewrite(checked, historyEnd);
            return new Result(records.size(), live.count(), historyEnd, kept);
        } catch (StateStoreException e) {
            throw CliException.io(e.getMessage(), e);
        } finally {
            target.close();
        }
    }

    /** Returns the latest write one backup line describes. */
    private static StateTransition record(String file, long line, JsonNode r, String prefix) {
        String where = file + " line " + line;
        if (!r.isObject() || !r.path("key").isString() || !r.has("value")) {
            throw CliException.usage(where + " is not a backup record: it needs at least \"key\" (a string) and \"value\"");
        }
        try {
            Instant at = Instant.parse(r.path("timestamp").asString(""));
            String actionId = r.path("action_id").asString("import");
            if (r.has("ttl_secs") && !r.get("ttl_secs").canConvertToLong()) {
                throw CliException.usage(where + ": \"ttl_secs\" must be a whole number of seconds");
            }
            OptionalLong ttl = r.has("ttl_secs") ? OptionalLong.of(r.get("ttl_secs").asLong()) : OptionalLong.empty();
            return StateTransition.of(prefix + r.get("key").asString(), Optional.empty(), Optional.of(r.get("value")),
                    actionId, at, ttl, r.path("revision").asLong(0), r.path("version").asLong(0));
        } catch (DateTimeParseException e) {
            throw CliException.usage(where + ": \"timestamp\" is not an instant like 2026-01-02T03:04:05Z");
        } catch (IllegalArgumentException e) {
            throw CliException.usage(where + ": " + e.getMessage());
        }
    }

    /** Counts the live keys a replay leaves. */
    private static final class LiveKeys implements dev.statestore.spi.Journal.ReplaySink {
        private final Set<String> keys = new HashSet<>();

        @Override
        public void state(StateTransition latestWrite) {
            keys.add(latestWrite.key());
        }

        @Override
        public void history(StateTransition t) {
            if (t.isDelete()) {
                keys.remove(t.key());
            } else {
                keys.add(t.key());
            }
        }

        long count() {
            return keys.size();
        }
    }
}
