package dev.statestore.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a {@code statestore:<scheme>:<location>[?k=v&…]} URL, with the query
 * options merged with an options map. Immutable.
 */
public final class StoreUrl {

    /** The prefix every store URL starts with. */
    public static final String PREFIX = "statestore:";

    private final String scheme;
    private final String location;
    private final Map<String, String> options;

    private StoreUrl(String scheme, String location, Map<String, String> options) {
        this.scheme = scheme;
        this.location = location;
        this.options = options;
    }

    /**
     * Returns the parsed URL.
     *
     * @param url the URL
     * @param extra options given beside the URL
     * @return the parts
     * @throws IllegalArgumentException naming what is malformed
     */
    public static StoreUrl parse(String url, Map<String, String> extra) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("store URL '" + url + "' must start with '" + PREFIX
                    + "', as in statestore:memory: or statestore:jsonl:/path/state.jsonl");
        }
        String rest = url.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("store URL '" + url
                    + "' has no scheme: write statestore:<scheme>:<location>, as in statestore:memory:");
        }
        String scheme = rest.substring(0, colon);
        for (int i = 0; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.')) {
                throw new IllegalArgumentException("store URL '" + url + "' has an invalid scheme '" + scheme
                        + "': use lower-case letters, digits, '-', '+' or '.'");
            }
        }
        String tail = rest.substring(colon + 1);
        int question = tail.indexOf('?');
        String location = decode(url, question < 0 ? tail : tail.substring(0, question));
        Map<String, String> options = new LinkedHashMap<>();
        if (question >= 0) {
            String query = tail.substring(question + 1);
            if (!query.isEmpty()) {
                for (String pair : query.split("&", -1)) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("store URL '" + url + "' has a malformed option '" + pair
                                + "': write key=value pairs separated by '&'");
                    }
                    String key = decode(url, pair.substring(0, eq));
                    String value = decode(url, pair.substring(eq + 1));
                    if (options.put(key, value) != null) {
                        throw new IllegalArgumentException("store URL '" + url + "' gives option '" + key + "' twice");
                    }
                }
            }
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "option name");
            String value = Objects.requireNonNull(e.getValue(), () -> "value of option '" + key + "'");
            String before = options.putIfAbsent(key, value);
            if (before != null && !before.equals(value)) {
                throw new IllegalArgumentException("option '" + key + "' is '" + before + "' in the URL but '"
                        + value + "' in the options map: give it once");
            }
        }
        return new StoreUrl(scheme, location, Collections.unmodifiableMap(options));
    }

    private static String decode(String url, String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store URL '" + url + "' has a malformed %-escape in '" + part + "'", e);
        }
    }

    /**
     * Returns the scheme, such as {@code memory}.
     *
     * @return the scheme
     */
    public String scheme() {
        return scheme;
    }

    /**
     * Returns the decoded location, empty when the URL has none.
     *
     * @return the location
     */
    public String location() {
        return location;
    }

    /**
     * Returns the merged options, in the order given.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> options() {
        return options;
    }
}
