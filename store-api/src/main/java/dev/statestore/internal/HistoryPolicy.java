package dev.statestore.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How much history a store must keep: all of it, at least the latest {@code n} transitions, or at
 * least those of a span of time; parsed from the {@code history} option every backend accepts.
 * Immutable.
 *
 * @param count keep at least this many latest transitions; {@link Long#MAX_VALUE} for all
 * @param age keep at least the transitions younger than this, or {@code null} for a count policy
 */
public record HistoryPolicy(long count, Duration age) {

    /** The option that sets the policy. */
    public static final String OPTION = "history";
    /** The option that bounds the transitions a durable store holds on the heap. */
    public static final String MEMORY_OPTION = "memory-history";
    /** The option that runs a background reaper at this interval. */
    public static final String REAP_INTERVAL_OPTION = "reap-interval";
    /** The default of {@link #MEMORY_OPTION}. */
    public static final int DEFAULT_MEMORY_HISTORY = 10_000;
    /** Keep every transition: the default. */
    public static final HistoryPolicy ALL = new HistoryPolicy(Long.MAX_VALUE, null);

    /**
     * Returns the policy of the {@code history} option in {@code options}, {@link #ALL} when absent.
     *
     * @param options the store's options
     * @return the policy
     * @throws IllegalArgumentException naming the option and the accepted forms
     */
    public static HistoryPolicy of(Map<String, String> options) {
        String value = options.get(OPTION);
        return value == null ? ALL : parse(value);
    }

    /**
     * Returns the policy written as {@code all}, a count such as {@code 10000}, or an ISO-8601
     * duration such as {@code P7D}.
     *
     * @param value the option's value
     * @return the policy
     * @throws IllegalArgumentException naming the option and the accepted forms
     */
    public static HistoryPolicy parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("all")) {
            return ALL;
        }
        if (!v.isEmpty() && Character.isDigit(v.charAt(0))) {
            try {
                long n = Long.parseLong(v);
                if (n >= 1) {
                    return new HistoryPolicy(n, null);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        } else if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
                if (!d.isNegative() && !d.isZero()) {
                    return new HistoryPolicy(Long.MAX_VALUE, d);
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("option history='" + value + "' is not valid: use 'all' (keep every"
                + " transition), a count >= 1 such as 'history=10000' (keep at least the latest 10000), or a"
                + " positive ISO-8601 duration such as 'history=P7D' (keep at least 7 days)");
    }

    /**
     * Returns the {@code memory-history} option: the most transitions a durable store holds on the
     * heap, {@link #DEFAULT_MEMORY_HISTORY} when absent.
     *
     * @param options the store's options
     * @return the window, {@code >= 1}
     * @throws IllegalArgumentException naming the option
     */
    public static int memoryHistory(Map<String, String> options) {
        String value = options.get(MEMORY_OPTION);
        if (value == null) {
            return DEFAULT_MEMORY_HISTORY;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option memory-history='" + value + "' is not valid: give the most"
                + " transitions to hold on the heap as a whole number >= 1 (default "
                + DEFAULT_MEMORY_HISTORY + ")");
    }

    /**
     * Returns the {@code reap-interval} option, an ISO-8601 duration such as {@code PT10S}; empty
     * when absent.
     *
     * @param options the store's options
     * @return the interval
     * @throws IllegalArgumentException naming the option
     */
    public static Optional<Duration> reapInterval(Map<String, String> options) {
        String value = options.get(REAP_INTERVAL_OPTION);
        if (value == null) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            if (!d.isNegative() && !d.isZero()) {
                return Optional.of(d);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException("option reap-interval='" + value + "' is not valid: give a positive"
                + " ISO-8601 duration such as 'reap-interval=PT10S' (every 10 seconds)");
    }

    /**
     * Returns whether this policy keeps every transition.
     *
     * @return {@code true} for {@link #ALL}
     */
    public boolean keepsAll() {
        return count == Long.MAX_VALUE && age == null;
    }

    /**
     * Returns whether a transition may be dropped under this policy.
     *
     * @param revision the transition's revision
     * @param timestamp the transition's timestamp
     * @param latestRevision the store's latest revision
     * @param now the store's clock
     * @return {@code true} when the policy does not ask to keep it
     */
    public boolean mayDrop(long revision, Instant timestamp, long latestRevision, Instant now) {
        if (keepsAll()) {
            return false;
        }
        if (age != null) {
            return timestamp.isBefore(now.minus(age));
        }
        return revision <= latestRevision - count;
    }

    @Override
    public String toString() {
        return keepsAll() ? "all" : age != null ? age.toString() : Long.toString(count);
    }
}
