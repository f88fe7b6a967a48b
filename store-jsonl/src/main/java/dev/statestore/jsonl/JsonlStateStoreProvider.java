package dev.statestore.jsonl;

import dev.statestore.StateStore;
import dev.statestore.spi.StateStoreProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The provider of JSON Lines stores for {@code statestore:jsonl:<path>[?durability=…&recovery=…]}. The
 * location is a file path (relative paths resolve against the working directory); options are
 * those of {@link JsonlStateStore#open(Path, Map)}.
 *
 * <p>Thread-safe and stateless. Found through {@link java.util.ServiceLoader}; applications use
 * {@link dev.statestore.StateStores} rather than this class. The caller closes the stores.
 */
public final class JsonlStateStoreProvider implements StateStoreProvider {

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public JsonlStateStoreProvider() {
    }

    @Override
    public String scheme() {
        return "jsonl";
    }

    @Override
    public String artifact() {
        return "dev.statestore:store-jsonl";
    }

    @Override
    public Set<String> supportedOptions() {
        return JsonlStateStore.OPTIONS;
    }

    @Override
    public StateStore open(String location, Map<String, String> options) {
        if (location.isEmpty()) {
            throw new IllegalArgumentException("statestore:jsonl: needs the journal's path, as in "
                    + "statestore:jsonl:/var/lib/app/state.jsonl?durability=synced");
        }
        Path path;
        try {
            path = Path.of(location);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("statestore:jsonl: location '" + location + "' is not a valid path: "
                    + e.getReason(), e);
        }
        return JsonlStateStore.open(path, options);
    }
}
