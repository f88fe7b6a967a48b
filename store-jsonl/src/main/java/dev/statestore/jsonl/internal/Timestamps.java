package dev.statestore.jsonl.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The conversion of timestamps to the journal's text form and back. Writing produces exactly
 * {@link Instant#toString()} (RFC 3339, UTC, {@code Z}, fraction in groups of three digits)
 * without allocating for years 0000–9999. Reading accepts any RFC 3339 date-time: a fraction of
 * any length (digits past nanoseconds are dropped), {@code Z}/{@code z} or a numeric offset,
 * {@code T}, {@code t} or a space between date and time, and a leap second {@code :60}, read as
 * {@code :59.999999999}.
 *
 * <p>Formatting uses a per-instance cache, so an instance is not thread-safe; {@link #parse} is
 * static and thread-safe.
 */
public final class Timestamps {

    private static final long MIN_FAST = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_FAST = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private long cachedSecond = Long.MIN_VALUE;
    private final char[] cachedPrefix = new char[19];

    /** Creates a formatter with an empty cache. */
    public Timestamps() {
    }

    /**
     * Writes {@code t} as {@link Instant#toString()} would into {@code out} (at least 40 chars).
     *
     * @param t the instant
     * @param out where to write
     * @return the number of chars written
     */
    public int format(Instant t, char[] out) {
        long second = t.getEpochSecond();
        if (second < MIN_FAST || second > MAX_FAST) {
            String s = t.toString();
            s.getChars(0, s.length(), out, 0);
            return s.length();
        }
        if (second != cachedSecond) {
            fillPrefix(second, cachedPrefix);
            cachedSecond = second;
        }
        System.arraycopy(cachedPrefix, 0, out, 0, 19);
        int pos = 19;
        int nanos = t.getNano();
        if (nanos != 0) {
            out[pos++] = '.';
            int digits;
            int value;
            if (nanos % 1_000_000 == 0) {
                digits = 3;
                value = nanos / 1_000_000;
            } else if (nanos % 1000 == 0) {
                digits = 6;
                value = nanos / 1000;
            } else {
                digits = 9;
                value = nanos;
            }
            for (int i = pos + digits - 1; i >= pos; i--) {
                out[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            pos += digits;
        }
        out[pos++] = 'Z';
        return pos;
    }

    private static void fillPrefix(long epochSecond, char[] out) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // days to civil date, proleptic Gregorian calendar
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097L);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secOfDay % 60, 2);
    }

    private static void digits(char[] out, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Returns the instant an RFC 3339 date-time names.
     *
     * @param text the text
     * @return the instant
     * @throws IllegalArgumentException naming the text when it is not a date-time
     */
    public static Instant parse(String text) {
        Instant fast = parseFast(text.toCharArray(), 0, text.length());
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("not an RFC 3339 timestamp: '" + text + "'");
            }
        }
    }

    /**
     * Returns the instant the chars {@code c[off, off + n)} name when they are in the common form
     * (a four-digit year, as {@link Instant#toString()} writes), or {@code null} when they are not,
     * in which case {@link #parse} decides.
     *
     * @param c the chars
     * @param off where the text starts
     * @param n its length
     * @return the instant, or {@code null}
     */
    public static Instant parseFast(char[] c, int off, int n) {
        if (n < 20 || c[off + 4] != '-' || c[off + 7] != '-' || c[off + 13] != ':' || c[off + 16] != ':') {
            return null;
        }
        char sep = c[off + 10];
        if (sep != 'T' && sep != 't' && sep != ' ') {
            return null;
        }
        int year = num(c, off, 4);
        int month = num(c, off + 5, 2);
        int day = num(c, off + 8, 2);
        int hour = num(c, off + 11, 2);
        int minute = num(c, off + 14, 2);
        int second = num(c, off + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return null;
        }
        int pos = 19;
        long nanos = 0;
        if (pos < n && c[off + pos] == '.') {
            pos++;
            int start = pos;
            while (pos < n && c[off + pos] >= '0' && c[off + pos] <= '9') {
                if (pos - start < 9) {
                    nanos = nanos * 10 + (c[off + pos] - '0');
                }
                pos++;
            }
            int count = pos - start;
            if (count == 0) {
                return null;
            }
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (pos >= n) {
            return null;
        }
        int offsetSeconds;
        char zone = c[off + pos];
        if ((zone == 'Z' || zone == 'z') && pos + 1 == n) {
            offsetSeconds = 0;
        } else if ((zone == '+' || zone == '-') && pos + 6 == n && c[off + pos + 3] == ':') {
            int oh = num(c, off + pos + 1, 2);
            int om = num(c, off + pos + 4, 2);
            if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (zone == '-' ? -1 : 1);
        } else {
            return null;
        }
        if (second == 60) {
            second = 59;
            nanos = 999_999_999;
        }
        long epochDay = epochDay(year, month, day);
        long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static int num(char[] c, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            char d = c[i];
            if (d < '0' || d > '9') {
                return -1;
            }
            v = v * 10 + (d - '0');
        }
        return v;
    }

    private static int monthLength(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400L);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
