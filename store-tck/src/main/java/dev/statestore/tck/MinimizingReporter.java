package dev.statestore.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Reporter;

/**
 * The reporter of a failed property: QuickTheories' verdict as an {@link AssertionError} whose message
 * holds QuickTheories' smallest counterexample, a minimal one, the failure it causes and the seed.
 *
 * <p>QuickTheories shrinks each choice of a sequence well but seldom drops operations from the
 * middle of one. So once it has its smallest sequence, this reporter removes operations (chunks,
 * then single ones) for as long as the rest still fails; no single operation can be removed from
 * the sequence it reports. The minimization runs once per failed property, not per example. Not
 * thread-safe; one per property run.
 */
final class MinimizingReporter implements Reporter {

    private final Function<List<Op>, Throwable> attempt;

    /**
     * Creates a reporter.
     *
     * @param attempt runs one sequence on a fresh store and returns its failure, or {@code null}
     */
    MinimizingReporter(Function<List<Op>, Throwable> attempt) {
        this.attempt = attempt;
    }

    @Override
    public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
            List<Object> otherValues, AsString<Object> toString) {
        List<Op> ops = asOps(smallest);
        List<Op> minimal = minimize(Ops.withoutNops(ops));
        Throwable minimalCause = attempt.apply(minimal);
        if (minimalCause == null) {
            minimal = ops;
            minimalCause = cause;
        }
        throw new AssertionError(String.format("Property falsified after %d example(s)%n"
                + "Smallest found falsifying value(s) :-%n%s%n"
                + "Minimal failing sequence (%d operations; none can be left out) :-%n%s%n"
                + "Cause was :-%n%s%n"
                + "Seed was %d (run again with -DQT_SEED=%d)",
                examplesUsed, toString.asString(smallest), minimal.size(), minimal, minimalCause, seed, seed),
                minimalCause);
    }

    @Override
    public void falisification(long seed, int examplesUsed, Object smallest, List<Object> otherValues,
            AsString<Object> toString) {
        falisification(seed, examplesUsed, smallest, null, otherValues, toString);
    }

    @Override
    public void valuesExhausted(int foundExamples) {
        throw new AssertionError("Gave up after finding only " + foundExamples + " example(s)");
    }

    private static List<Op> asOps(Object value) {
        List<Op> ops = new ArrayList<>();
        for (Object o : (List<?>) value) {
            ops.add((Op) o);
        }
        return ops;
    }

    /** Removes chunks of halving size, then single operations, while the remainder still fails. */
    private List<Op> minimize(List<Op> failing) {
        if (attempt.apply(failing) == null) {
            return failing;
        }
        List<Op> current = failing;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1; chunk /= 2) {
            boolean removedAny;
            do {
                removedAny = false;
                for (int from = 0; from < current.size(); ) {
                    List<Op> candidate = new ArrayList<>(current.subList(0, from));
                    candidate.addAll(current.subList(Math.min(current.size(), from + chunk), current.size()));
                    if (attempt.apply(candidate) != null) {
                        current = candidate;
                        removedAny = true;
                    } else {
                        from += chunk;
                    }
                }
            } while (removedAny && chunk == 1);
        }
        return current;
    }
}
