package dev.statestore;

import java.util.Locale;

/**
 * The guarantee a journaled store gives for a write once the call that made it returns.
 * Chosen per store with the URL option {@code durability=buffered|flushed|synced}; a store
 * without a journal ignores it.
 */
public enum Durability {
    /** The write survives {@code close()} and {@code sync()}; a crash may lose what is buffered. */
    BUFFERED,
    /** The write has reached the operating system: it survives a crash of the process. */
    FLUSHED,
    /**
     * The write is covered by an fsync: it survives a power loss. Concurrent writers share one
     * fsync (group commit).
     */
    SYNCED;

    /**
     * Returns the mode named by {@code text}, ignoring case.
     *
     * @param text {@code buffered}, {@code flushed} or {@code synced}
     * @return the mode
     * @throws IllegalArgumentException naming the value and the accepted ones when it matches none
     */
    public static Durability parse(String text) {
        if (text != null) {
            for (Durability d : values()) {
                if (d.name().equalsIgnoreCase(text.trim())) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("unknown durability '" + text
                + "': use one of buffered, flushed, synced");
    }

    /**
     * Returns the lower-case name used in URLs, for example {@code "synced"}.
     *
     * @return the URL spelling of this mode
     */
    public String urlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
