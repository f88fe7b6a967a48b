package dev.statestore.bench.report;

import java.util.Locale;

/**
 * Returns numbers formatted for the report: thousands separated, a sensible number of digits.
 *
 * <p>Thread-safe; holds no state.
 */
final class Format {

    private Format() {
    }

    /**
     * Returns {@code v} with thousands separators and at most 3 significant decimals, or
     * {@code n/a} for {@code NaN}.
     *
     * @param v the number
     * @return the text
     */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%,.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * Returns {@code v ± error}, or just {@code v} when there is no error estimate.
     *
     * @param v the number
     * @param error its error, {@code NaN} when unknown
     * @return the text
     */
    static String withError(double v, double error) {
        if (Double.isNaN(error) || Double.isInfinite(error)) {
            return number(v);
        }
        return number(v) + " ± " + number(error);
    }

    /**
     * Returns {@code v} in a short form for chart axes: 1.5k, 20M, 0.25.
     *
     * @param v the number
     * @return the text
     */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    /**
     * Returns {@code ratio} as {@code 1.23x}, or {@code n/a}.
     *
     * @param ratio the ratio
     * @return the text
     */
    static String ratio(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            s = s.replaceAll("\\.$", "");
        }
        return s;
    }
}
