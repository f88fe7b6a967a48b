package dev.statestore.internal;

import dev.statestore.StateStoreException;
import dev.statestore.spi.StateStoreProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;

/**
 * The providers one class loader can see, found once with {@link ServiceLoader} and
 * cached per loader. A provider that fails to load is remembered as an error and reported with
 * the scheme that was asked for; it hides no other provider. Thread-safe.
 */
public final class ProviderRegistry {

    /** The artifacts of the schemes this project ships, for messages when one is missing. */
    private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
            "memory", "dev.statestore:store-memory",
            "jsonl", "dev.statestore:store-jsonl");

    private static final Map<ClassLoader, ProviderRegistry> CACHE = new WeakHashMap<>();

    private final Map<String, List<StateStoreProvider>> byScheme;
    private final List<String> loadErrors;

    private ProviderRegistry(Map<String, List<StateStoreProvider>> byScheme, List<String> loadErrors) {
        this.byScheme = byScheme;
        this.loadErrors = loadErrors;
    }

    /**
     * Returns the registry of {@code loader}, loading it on first use.
     *
     * @param loader the class loader
     * @return its registry
     */
    public static ProviderRegistry forLoader(ClassLoader loader) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(loader, ProviderRegistry::load);
        }
    }

    private static ProviderRegistry load(ClassLoader loader) {
        Map<String, List<StateStoreProvider>> byScheme = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        Iterator<StateStoreProvider> it = ServiceLoader.load(StateStoreProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                StateStoreProvider provider = it.next();
                String scheme = provider.scheme();
                byScheme.computeIfAbsent(scheme, s -> new ArrayList<>()).add(provider);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                errors.add(describe(e));
            }
        }
        return new ProviderRegistry(byScheme, Collections.unmodifiableList(errors));
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(" (caused by ").append(cause).append(')');
        }
        return text.toString();
    }

    /**
     * Returns the schemes served, sorted.
     *
     * @return the schemes
     */
    public Set<String> schemes() {
        return Collections.unmodifiableSet(new TreeSet<>(byScheme.keySet()));
    }

    /**
     * Returns the one provider of {@code scheme}.
     *
     * @param scheme the scheme
     * @return the provider
     * @throws StateStoreException if none or more than one serve it
     */
    public StateStoreProvider provider(String scheme) {
        List<StateStoreProvider> found = byScheme.get(scheme);
        if (found == null) {
            StringBuilder msg = new StringBuilder("no statestore provider for scheme '").append(scheme).append("'");
            String artifact = KNOWN_ARTIFACTS.get(scheme);
            if (artifact != null) {
                msg.append(": add ").append(artifact).append(" to the class path");
            }
            msg.append(". Schemes available: ");
            if (byScheme.isEmpty()) {
                msg.append("none");
            } else {
                Map<String, String> described = new LinkedHashMap<>();
                byScheme.forEach((s, ps) -> described.put(s, ps.get(0).artifact()));
                List<String> parts = new ArrayList<>();
                described.forEach((s, a) -> parts.add(s + " (" + a + ")"));
                msg.append(String.join(", ", parts));
            }
            if (!loadErrors.isEmpty()) {
                msg.append(". Providers that failed to load: ").append(String.join("; ", loadErrors));
            }
            throw new StateStoreException(msg.toString());
        }
        if (found.size() > 1) {
            List<String> classes = new ArrayList<>();
            for (StateStoreProvider p : found) {
                classes.add(p.getClass().getName());
            }
            throw new StateStoreException("scheme '" + scheme + "' is claimed by more than one provider: "
                    + String.join(" and ", classes) + "; remove all but one from the class path");
        }
        return found.get(0);
    }
}
