package dev.statestore.bench.report;

import java.util.Locale;

/**
 * The report's one number formatter: thousands separated, three significant digits below 100,
 * ratios as {@code 1.23×}, byte sizes as {@code 64 B} or {@code 1 KiB}.
 *
 * <p>Thread-safe; holds no state.
 */
final class Format {

    private Format() {
    }

    /**
     * Returns {@code v} with thousands separators and at most three significant decimals, or
     * {@code n/a} when it is not a finite number.
     *
     * @param v the number
     * @return the text
     */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * Returns {@code score ± error}, or the score alone when there is no error estimate.
     *
     * @param e the figure
     * @return the text
     */
    static String estimate(Estimate e) {
        return Double.isFinite(e.error()) && e.error() > 0 ? number(e.score()) + " ± " + number(e.error())
                : number(e.score());
    }

    /**
     * Returns {@code ratio} as {@code 1.23×} (or {@code 24×} from 10 on), or {@code n/a}.
     *
     * @param ratio the ratio
     * @return the text
     */
    static String ratio(double ratio) {
        if (!Double.isFinite(ratio)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : "%.2f×", ratio);
    }

    /**
     * Returns a ratio with what its interval says: {@code 1.63× (separate)} when the two figures'
     * intervals do not overlap, {@code 1.63× (inconclusive)} when they do.
     *
     * @param r the ratio
     * @return the text
     */
    static String ratio(Estimate.Ratio r) {
        return ratio(r.value()) + (r.separated() ? " (separate)" : " (inconclusive)");
    }

    /**
     * Returns a size in bytes as {@code 64 B}, {@code 1 KiB} or {@code 1.5 KiB}.
     *
     * @param bytes the size
     * @return the text
     */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double kib = bytes / 1024.0;
        return (kib == Math.rint(kib) ? Long.toString((long) kib) : String.format(Locale.ROOT, "%.1f", kib)) + " KiB";
    }

    /**
     * Returns a count in powers of ten where it is one: {@code 10^6}, else with separators.
     *
     * @param n the count
     * @return the text
     */
    static String count(long n) {
        long p = 1;
        for (int e = 0; e <= 18; e++, p *= 10) {
            if (p == n && e >= 4) {
                return "10^" + e;
            }
        }
        return number(n);
    }
}
