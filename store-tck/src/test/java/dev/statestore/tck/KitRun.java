package dev.statestore.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The outcome of running one test class through the JUnit Platform Launcher: each test
 * method's result by its name (the kit's test names are unique across its groups). Not thread-safe.
 */
final class KitRun {

    private final Map<String, TestExecutionResult> results = new TreeMap<>();
    private final Map<String, String> skipped = new TreeMap<>();

    private KitRun() {
    }

    static KitRun of(Class<?> testClass) {
        KitRun run = new KitRun();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            String name = name(id);
                            if (run.results.put(name, result) != null) {
                                throw new IllegalStateException("two kit tests are named " + name);
                            }
                        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            run.results.put("container " + id.getDisplayName(), result);
                        }
                    }

                    @Override
                    public void executionSkipped(TestIdentifier id, String reason) {
                        run.skipped.put(name(id), reason);
                    }
                });
        return run;
    }

    private static String name(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                .orElse(id.getDisplayName());
    }

    Set<String> withStatus(TestExecutionResult.Status status) {
        Set<String> names = new TreeSet<>();
        results.forEach((name, r) -> {
            if (r.getStatus() == status) {
                names.add(name);
            }
        });
        return names;
    }

    Set<String> failed() {
        return withStatus(TestExecutionResult.Status.FAILED);
    }

    Set<String> succeeded() {
        return withStatus(TestExecutionResult.Status.SUCCESSFUL);
    }

    Set<String> aborted() {
        return withStatus(TestExecutionResult.Status.ABORTED);
    }

    /** Returns the tests and containers reported as skipped (disabled), each with its reason. */
    Map<String, String> skipped() {
        return skipped;
    }

    int total() {
        return results.size();
    }

    Throwable failure(String name) {
        TestExecutionResult r = results.get(name);
        if (r == null || r.getThrowable().isEmpty()) {
            throw new AssertionError("no failure recorded for " + name + " in " + results.keySet());
        }
        return r.getThrowable().get();
    }

    /** Returns the failed tests with the first line of each failure, for assertion messages. */
    String describeFailures() {
        StringBuilder sb = new StringBuilder();
        for (String name : failed()) {
            String m = String.valueOf(results.get(name).getThrowable().map(Throwable::getMessage).orElse(""));
            int nl = m.indexOf('\n');
            sb.append("\n  ").append(name).append(": ").append(nl < 0 ? m : m.substring(0, nl));
        }
        return sb.toString();
    }
}
