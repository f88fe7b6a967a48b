package dev.statestore.cli;

import dev.statestore.StateTransition;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Returns the human-readable text of numbers, byte sizes and transitions that the subcommands
 * print. Stateless.
 */
final class Text {

    /** Values longer than this are cut in one-line transition output ({@code --json} prints them whole). */
    static final int VALUE_WIDTH = 80;

    private Text() {
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
     * {@code line 12  2026-01-02T03:04:05Z  update  plan  {"step":1} -> {"step":2}  by agent-1  ttl 60s}.
     */
    static String transition(long lineNumber, StateTransition t, boolean withKey) {
        return transition("line " + lineNumber, t, withKey);
    }

    /** Returns one line describing a transition, starting with {@code position}. */
    static String transition(String position, StateTransition t, boolean withKey) {
        StringBuilder b = new StringBuilder();
        b.append(position).append("  ").append(t.timestamp()).append("  ").append(kind(t));
        if (withKey) {
            b.append("  ").append(t.key());
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
        b.append("  by ").append(t.actionId());
        if (t.ttlSecs().isPresent()) {
            b.append("  ttl ").append(t.ttlSecs().getAsLong()).append("s (expires ")
                    .append(t.expiresAt().orElseThrow()).append(')');
        }
        return b.toString();
    }
}
