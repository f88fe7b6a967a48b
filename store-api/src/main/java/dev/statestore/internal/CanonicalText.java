package dev.statestore.internal;

/**
 * The shared rule for the text a store keeps: keys, action ids, string values and property names
 * must be Unicode (no unpaired UTF-16 surrogate, which no UTF-8 file and no database can hold) and
 * within the limits of {@link CanonicalValues}. The JSONL reader applies the same rule, so a line
 * holding text that {@code set} refuses is a bad line, never a key that cannot be written again.
 *
 * <p>For this project's backends only (the package is exported just to them). Stateless and
 * thread-safe.
 */
public final class CanonicalText {

    private CanonicalText() {
    }

    /**
     * Checks that {@code key} can be stored and read back exactly.
     *
     * @param key the key
     * @throws IllegalArgumentException naming the key and the reason if it cannot
     */
    public static void checkKey(String key) {
        String problem = textProblem(key);
        if (problem != null) {
            throw new IllegalArgumentException("key '" + printable(key) + "' cannot be stored: " + problem);
        }
    }

    /**
     * Checks that the action id of a write of {@code key} can be stored and read back exactly.
     *
     * @param key the key written
     * @param actionId its action id
     * @throws IllegalArgumentException naming the key and the reason if it cannot
     */
    public static void checkActionId(String key, String actionId) {
        String problem = textProblem(actionId);
        if (problem != null) {
            throw new IllegalArgumentException("the action id of the write of key '" + printable(key)
                    + "' cannot be stored: " + problem);
        }
    }

    /**
     * Returns why a key, action id or string value cannot be stored and read back exactly, or
     * {@code null} when it can.
     *
     * @param text the text
     * @return the problem, or {@code null}
     */
    public static String textProblem(String text) {
        return stringProblem(text, CanonicalValues.MAX_STRING_LENGTH);
    }

    /**
     * Returns why an object property name cannot be stored and read back exactly, or {@code null}
     * when it can.
     *
     * @param name the property name
     * @return the problem, or {@code null}
     */
    public static String nameProblem(String name) {
        return stringProblem(name, CanonicalValues.MAX_NAME_LENGTH);
    }

    /**
     * Returns a message-safe rendering: long texts shortened, surrogates and controls escaped.
     *
     * @param s the text
     * @return the rendering
     */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c) || c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > n) {
            b.append("…(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }

    /** Returns why {@code s} cannot be stored, or null. */
    private static String stringProblem(String s, int maxLength) {
        if (s.length() > maxLength) {
            return "it is " + s.length() + " chars long, more than the limit of " + maxLength;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return String.format("it holds an unpaired UTF-16 surrogate \\u%04X at index %d (not valid Unicode)",
                            (int) c, i);
                }
            }
        }
        return null;
    }
}
