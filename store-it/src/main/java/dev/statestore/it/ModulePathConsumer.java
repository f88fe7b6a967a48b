package dev.statestore.it;

import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import dev.statestore.TypedView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A command line program that uses statestore the way an application on the module path does:
 * it opens an in-memory and a JSON Lines store by URL, writes, reads back, and for the journal
 * reopens it and writes and reads a record through {@link TypedView}, checking each result. It
 * prints one line naming the modules that served each scheme and exits 0, or throws (exit
 * status 1) at the first result that differs.
 *
 * <p>Run it as
 * {@code java --module-path <modules> --module dev.statestore.it/dev.statestore.it.ModulePathConsumer <dir>},
 * where {@code <dir>} is an existing directory for the journal. It checks that the API and the
 * backends it used were loaded as named modules, so it cannot pass on the class path by accident.
 */
public final class ModulePathConsumer {

    private ModulePathConsumer() {
    }

    /**
     * A value class of the application, stored through {@link TypedView}.
     *
     * @param probe the probe's name
     * @param celsius the temperature read
     * @param tags where the probe is
     */
    public record Reading(String probe, double celsius, List<String> tags) {
    }

    /**
     * Runs the checks.
     *
     * @param args one argument: an existing directory for the journal
     * @throws IllegalStateException at the first check that fails
     * @throws IllegalArgumentException if the argument is missing or not a directory
     */
    public static void main(String[] args) {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            throw new IllegalArgumentException("usage: ModulePathConsumer <existing directory for the journal>");
        }
        Path journal = Path.of(args[0]).resolve("consumer.jsonl");
        Module api = StateStores.class.getModule();
        check(api.isNamed(), "store-api was not loaded as a module: " + api);

        JsonNode value = JsonNodeFactory.instance.objectNode().put("n", 1).put("s", "module path");
        String memoryModule;
        try (StateStore store = StateStores.open("statestore:memory:")) {
            memoryModule = moduleOf(store);
            roundTrip(store, value);
        }
        String jsonlModule;
        String url = "statestore:jsonl:" + journal;
        try (StateStore store = StateStores.open(url)) {
            jsonlModule = moduleOf(store);
            roundTrip(store, value);
        }
        try (StateStore reopened = StateStores.open(url)) {
            check(reopened.get("k").equals(Optional.of(value)), "reopened journal holds " + reopened.get("k"));
            long count = reopened.transitionCount();
            check(count == 1, "reopened journal has " + count + " transitions");
            TypedView typed = TypedView.of(reopened, JsonMapper.builder().build());
            Reading reading = new Reading("probe-7", 21.5, List.of("lab", "north"));
            typed.set("reading", reading, "consumer");
            Optional<Reading> back = typed.getAs("reading", Reading.class);
            check(back.equals(Optional.of(reading)), "typed round trip gave " + back);
        }
        Set<String> schemes = StateStores.schemes();
        check(schemes.containsAll(List.of("memory", "jsonl")), "schemes found: " + schemes);
        System.out.println("module path ok: memory by " + memoryModule + ", jsonl by " + jsonlModule);
    }

    private static void roundTrip(StateStore store, JsonNode value) {
        StateTransition t = store.set("k", value, "consumer");
        check(t.newValue().equals(Optional.of(value)), "transition holds " + t.newValue());
        check(store.get("k").equals(Optional.of(value)), "store holds " + store.get("k"));
    }

    private static String moduleOf(StateStore store) {
        Module module = store.getClass().getModule();
        check(module.isNamed(), store.getClass().getName() + " was loaded from the class path, not as a module");
        return module.getName();
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
