package dev.statestore.bench.report;

/**
 * A measured figure with its 99.9% confidence interval {@code [score - error, score + error]}, as
 * JMH reports it, and the two comparisons the report makes with such figures: against a goal
 * ({@link #atLeast}, {@link #atMost}) and against another figure ({@link #ratio},
 * {@link #separatesFrom}). A figure without an interval ({@code error} NaN: one iteration) never
 * separates from anything. Immutable.
 *
 * @param score the mean
 * @param error the half-width of the interval; {@code NaN} when unknown, 0 for an exact figure
 */
public record Estimate(double score, double error) {

    /**
     * Returns whether the figure has an interval.
     *
     * @return {@code false} when the error is unknown
     */
    public boolean hasInterval() {
        return Double.isFinite(error) && Double.isFinite(score);
    }

    /**
     * Returns the lower end of the interval.
     *
     * @return {@code score - error}, or NaN without an interval
     */
    public double lo() {
        return hasInterval() ? score - error : Double.NaN;
    }

    /**
     * Returns the upper end of the interval.
     *
     * @return {@code score + error}, or NaN without an interval
     */
    public double hi() {
        return hasInterval() ? score + error : Double.NaN;
    }

    /**
     * Returns this figure times {@code factor} (a change of unit), interval included.
     *
     * @param factor a positive number
     * @return the scaled figure
     */
    public Estimate times(double factor) {
        return new Estimate(score * factor, error * factor);
    }

    /**
     * Returns {@code a / b} with the widest interval the two intervals allow:
     * {@code [a.lo / b.hi, a.hi / b.lo]} (unbounded above when {@code b}'s interval reaches 0).
     * Its score is the ratio of the scores; its interval is not symmetric, so it is returned as
     * a {@link Ratio}.
     *
     * @param a the numerator
     * @param b the denominator
     * @return the ratio
     */
    public static Ratio ratio(Estimate a, Estimate b) {
        double value = a.score / b.score;
        if (!a.hasInterval() || !b.hasInterval()) {
            return new Ratio(value, Double.NaN, Double.NaN);
        }
        double hi = b.lo() <= 0 ? Double.POSITIVE_INFINITY : a.hi() / b.lo();
        return new Ratio(value, Math.max(0, a.lo()) / b.hi(), hi);
    }

    /**
     * Returns whether the intervals of the two figures do not overlap.
     *
     * @param other the other figure
     * @return {@code false} when they overlap or either has no interval
     */
    public boolean separatesFrom(Estimate other) {
        return hasInterval() && other.hasInterval() && (lo() > other.hi() || other.lo() > hi());
    }

    /**
     * Returns how the figure fares against a minimum: met when the whole interval reaches it,
     * missed when the whole interval falls short, inconclusive otherwise.
     *
     * @param goal the minimum
     * @return the verdict
     */
    public Verdict atLeast(double goal) {
        if (!hasInterval()) {
            return Verdict.INCONCLUSIVE;
        }
        return lo() >= goal ? Verdict.MET : hi() < goal ? Verdict.MISSED : Verdict.INCONCLUSIVE;
    }

    /**
     * Returns how the figure fares against a maximum, as {@link #atLeast} does.
     *
     * @param goal the maximum
     * @return the verdict
     */
    public Verdict atMost(double goal) {
        if (!hasInterval()) {
            return Verdict.INCONCLUSIVE;
        }
        return hi() <= goal ? Verdict.MET : lo() > goal ? Verdict.MISSED : Verdict.INCONCLUSIVE;
    }

    /**
     * A ratio of two figures with the interval their intervals allow.
     *
     * @param value the ratio of the scores
     * @param lo the least ratio the intervals allow, NaN without intervals
     * @param hi the greatest, NaN without intervals (infinite when the denominator may be 0)
     */
    public record Ratio(double value, double lo, double hi) {

        /**
         * Returns whether the ratio is certainly above or certainly below 1, that is, whether
         * the two figures' intervals do not overlap.
         *
         * @return {@code false} when the interval holds 1 or is unknown
         */
        public boolean separated() {
            return lo > 1 || hi < 1;
        }

        /**
         * Returns how the ratio fares against a minimum, as {@link Estimate#atLeast} does.
         *
         * @param goal the minimum
         * @return the verdict
         */
        public Verdict atLeast(double goal) {
            return Double.isNaN(lo) ? Verdict.INCONCLUSIVE
                    : lo >= goal ? Verdict.MET : hi < goal ? Verdict.MISSED : Verdict.INCONCLUSIVE;
        }

        /**
         * Returns how the ratio fares against a maximum, as {@link Estimate#atMost} does.
         *
         * @param goal the maximum
         * @return the verdict
         */
        public Verdict atMost(double goal) {
            return Double.isNaN(lo) ? Verdict.INCONCLUSIVE
                    : hi <= goal ? Verdict.MET : lo > goal ? Verdict.MISSED : Verdict.INCONCLUSIVE;
        }
    }
}
