package dev.statestore.bench.report;

/**
 * How a target fares once the confidence interval of its figure is honoured.
 *
 * <p>Thread-safe (an enum).
 */
public enum Verdict {
    /** The whole interval reaches the goal. */
    MET("met"),
    /** The whole interval falls short of the goal. */
    MISSED("**missed**"),
    /** The interval holds the goal (or there is none): the run cannot tell. */
    INCONCLUSIVE("inconclusive"),
    /** The figures it needs are not in the results. */
    NOT_MEASURED("not measured");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    /**
     * Returns the verdict as the report prints it.
     *
     * @return such as {@code met} or {@code **missed**}
     */
    public String text() {
        return text;
    }
}
