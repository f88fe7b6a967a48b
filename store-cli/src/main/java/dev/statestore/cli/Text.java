package dev.statestore.cli;

import dev.statestore.StateTransition;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The human-readable text of numbers, byte sizes and transitions that the subcommands
 * print. Every key, tenant, action id and bad-line reason goes through {@link #escape} first, so
 * that what a journal holds never reaches the terminal as a line break or a control sequence.
 * Stateless.
 */
final class Text {

    /** Values longer than this are cut in one-line transition output ({@code --json} prints them whole). */
    static final int VALUE_WIDTH = 80;

    private Text() {
    }

    /**
     * Returns {@code s} with every character that a terminal would act on instead of showing
     * written as an escape, so that a key prints as one visible line: a backslash as {@code \\},
     * line feed, carriage return and tab as {@code \n}, {@code \r}, {@code \t}, and every
     * other C0 or C1 control (ESC, which starts colour and OSC title sequences, or U+009B, a
     * one-character CSI), DEL, invisible format characters (bidirectional overrides, zero-width
     * characters), line and paragraph separators and unpaired surrogates as <code>&#92;u</code> and four hex digits.
     * The escapes are JSON's, so an escaped key can be pasted into JSON; {@code -o json} prints
     * keys exactly.
     */
    static String escape(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && !needsEscape(s, i)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!needsEscape(s, i)) {
                b.append(c);
            } else if (c == '\\') {
                b.append("\\\\");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            }
        }
        return b.toString();
    }

    /**
     * Returns {@code s} with line breaks as {@code "; "} and the other characters that
     * {@link #escape} escapes, except the backslash, escaped: for free-form messages that
     * quote file contents or keys, such as error messages and bad-line reasons.
     */
    static String oneLine(String s) {
        String joined = s.replaceAll("\\s*\\R\\s*", "; ");
        StringBuilder b = null;
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            boolean escape = c != '\\' && needsEscape(joined, i);
            if (escape && b == null) {
                b = new StringBuilder(joined.length() + 16).append(joined, 0, i);
            }
            if (b != null) {
                if (escape) {
                    b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? joined : b.toString();
    }

    /** Returns whether the char at {@code i} must be escaped to print as what it is. */
    static boolean needsEscape(String s, int i) {
        char c = s.charAt(i);
        if (c >= 0x20 && c < 0x7f) {
            return c == '\\';
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return invisible(c);
    }

    /**
     * Returns whether a terminal acts on {@code c} or shows nothing for it: C0 and C1 controls,
     * DEL, format characters and the line and paragraph separators.
     */
    static boolean invisible(int c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String bytes(long n) {
        return count(n) + (n == 1 ? " byte" : " bytes");
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    static String plural(long n, String singular, String plural) {
        return count(n) + " " + (n == 1 ? singular : plural);
    }

    /** Returns {@code set}, {@code update} (the key held a value) or {@code delete}. */
    static String kind(StateTransition t) {
        if (t.isDelete()) {
            return "delete";
        }
        return t.oldValue().isPresent() ? "update" : "set";
    }

    static String value(JsonNode node, int width) {
        String s = Json.compact(node);
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }

    /**
     * Returns one line describing a transition, for example
     * {@code rev 12  2026-01-02T03:04:05Z  update  plan  {"step":1} -> {"step":2}  by agent-1  ttl 60s}
     * (the revision when the transition has one).
     */
    static String transition(StateTransition t, boolean withKey) {
        return transition("", t, withKey);
    }

    /** Returns one line describing a transition, starting with {@code position}. */
    static String transition(String position, StateTransition t, boolean withKey) {
        StringBuilder b = new StringBuilder();
        b.append(position);
        if (t.revision() > 0) {
            b.append(position.isEmpty() ? "" : "  ").append("rev ").append(t.revision());
        }
        b.append(b.length() == 0 ? "" : "  ").append(t.timestamp()).append("  ").append(kind(t));
        if (withKey) {
            b.append("  ").append(escape(t.key()));
        }
        b.append("  ");
        if (t.isDelete()) {
            b.append("was ").append(t.oldValue().map(v -> value(v, VALUE_WIDTH)).orElse("(absent)"));
        } else {
            if (t.oldValue().isPresent()) {
                b.append(value(t.oldValue().get(), VALUE_WIDTH / 2)).append(" -> ");
            }
            b.append(value(t.newValue().orElseThrow(), VALUE_WIDTH));
        }
        b.append("  by ").append(escape(t.actionId()));
        if (t.ttlSecs().isPresent()) {
            b.append("  ttl ").append(t.ttlSecs().getAsLong()).append("s (expires ")
                    .append(t.expiresAt().orElseThrow()).append(')');
        }
        return b.toString();
    }
}
