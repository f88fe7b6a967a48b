package dev.statestore;

import dev.statestore.spi.StateStoreProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Providers registered only through the class loaders that {@link StateStoresTest} builds. */
final class TestProviders {

    private TestProviders() {
    }

    /** Serves {@code alpha}. */
    public static class Alpha implements StateStoreProvider {
        @Override
        public String scheme() {
            return "alpha";
        }

        @Override
        public String artifact() {
            return "test:alpha";
        }

        @Override
        public Set<String> supportedOptions() {
            return Set.of("mode", "level");
        }

        @Override
        public StateStore open(String location, Map<String, String> options) {
            return new RecordingStore(location, options);
        }
    }

    /** Serves {@code alpha} too: a conflict. */
    public static class AlphaTwin extends Alpha {
    }

    /** Serves {@code beta}. */
    public static class Beta extends Alpha {
        @Override
        public String scheme() {
            return "beta";
        }
    }

    /** Fails in its constructor. */
    public static class Exploding extends Alpha {
        public Exploding() {
            throw new IllegalStateException("provider construction failed");
        }
    }

    /** A store that only remembers how it was opened; every data call is refused. */
    static final class RecordingStore implements StateStore {
        final String location;
        final Map<String, String> options;

        RecordingStore(String location, Map<String, String> options) {
            this.location = location;
            this.options = options;
        }

        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("recording store holds no data");
        }

        @Override public Optional<JsonNode> get(String key) { throw refused(); }
        @Override public JsonNode getOr(String key, JsonNode defaultValue) { throw refused(); }
        @Override public boolean exists(String key) { throw refused(); }
        @Override public StateTransition set(String key, JsonNode value, String actionId) { throw refused(); }
        @Override public StateTransition setWithTtl(String key, JsonNode value, String actionId, long ttlSecs) { throw refused(); }
        @Override public Optional<StateTransition> delete(String key, String actionId) { throw refused(); }
        @Override public Map<String, JsonNode> snapshot() { throw refused(); }
        @Override public void restore(Map<String, JsonNode> snapshot, long transitionCount) { throw refused(); }
        @Override public long transitionCount() { throw refused(); }
        @Override public List<StateTransition> transitions() { throw refused(); }
        @Override public List<StateTransition> transitionsSince(long index) { throw refused(); }
        @Override public List<String> keys() { throw refused(); }
        @Override public void replaceAll(Map<String, JsonNode> state) { throw refused(); }
        @Override public List<String> reapExpired(Instant now) { throw refused(); }
        @Override public Optional<Versioned> getVersioned(String key) { throw refused(); }
        @Override public Optional<StateTransition> setIf(String key, long expectedRevision, JsonNode value,
                String actionId) { throw refused(); }
        @Override public Optional<StateTransition> setWithTtlIf(String key, long expectedRevision, JsonNode value,
                String actionId, long ttlSecs) { throw refused(); }
        @Override public Optional<StateTransition> deleteIf(String key, long expectedRevision, String actionId) {
            throw refused();
        }
        @Override public List<StateTransition> transitionsSince(long index, int limit) { throw refused(); }
        @Override public java.util.concurrent.Flow.Publisher<StateTransition> changes(long after) { throw refused(); }
        @Override public void sync() { }
        @Override public void close() { }
    }
}
