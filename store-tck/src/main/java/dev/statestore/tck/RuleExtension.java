package dev.statestore.tck;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The kit's handling of rule ids, skips and hints, as a JUnit extension on
 * {@link StateStoreTck} and {@link StateStorePropertiesTck} (and so on every nested group):
 *
 * <ul>
 *   <li>A rule's id is its test method's name, unique across the kit.</li>
 *   <li>A rule the backend names in {@code skippedRules()} is reported as skipped (disabled),
 *       with the reason the backend gave, in the IDE and in Surefire's reports.</li>
 *   <li>A failing rule's message starts with {@code [rule <id>]} and ends with the rule's
 *       {@link Hint}: "if this fails, look at …".</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; JUnit creates it.
 */
final class RuleExtension implements ExecutionCondition, TestExecutionExceptionHandler {

    /** The text before a skip reason in test reports. */
    static final String SKIPPED_BY_BACKEND = "skipped by the backend: ";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty()) {
            return ConditionEvaluationResult.enabled("not a rule");
        }
        String id = method.get().getName();
        Map<String, String> skipped = skippedRules(context);
        String reason = skipped.get(id);
        if (reason == null) {
            return ConditionEvaluationResult.enabled("rule " + id + " is not skipped");
        }
        return ConditionEvaluationResult.disabled(SKIPPED_BY_BACKEND + "rule " + id + ": " + reason);
    }

    /** Returns the skips of the kit instance that runs this test, or none before it exists. */
    private static Map<String, String> skippedRules(ExtensionContext context) {
        return context.getTestInstances().map(instances -> {
            for (Object o : instances.getAllInstances()) {
                if (o instanceof StateStoreTck kit) {
                    return kit.skips();
                }
                if (o instanceof StateStorePropertiesTck kit) {
                    return kit.skips();
                }
            }
            return Map.<String, String>of();
        }).orElse(Map.of());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof TestAbortedException || context.getTestMethod().isEmpty()) {
            throw failure;
        }
        Method rule = context.getTestMethod().get();
        String message = "[rule " + rule.getName() + "] " + failure.getMessage() + System.lineSeparator()
                + "If this fails, look at " + hint(rule);
        AssertionError annotated;
        if (failure instanceof AssertionFailedError f && f.isExpectedDefined() && f.isActualDefined()) {
            annotated = new AssertionFailedError(message, f.getExpected().getValue(), f.getActual().getValue(), f);
        } else {
            annotated = new AssertionFailedError(message, failure);
        }
        annotated.setStackTrace(failure.getStackTrace());
        throw annotated;
    }

    /** Returns the hint of {@code rule}: its own, else its group's, else a general one. */
    static String hint(Method rule) {
        Hint own = rule.getAnnotation(Hint.class);
        if (own != null) {
            return own.value();
        }
        for (Class<?> c = rule.getDeclaringClass(); c != null; c = c.getSuperclass()) {
            Hint group = c.getAnnotation(Hint.class);
            if (group != null) {
                return group.value();
            }
        }
        return "the row of the design's semantics table that the rule's name states.";
    }

    /**
     * Returns the ids of every rule of {@code kit}: the test methods of the class and of its
     * {@code @Nested} groups, inherited ones included.
     */
    static Set<String> ruleIds(Class<?> kit) {
        Set<String> ids = new TreeSet<>();
        collect(kit, ids);
        return ids;
    }

    private static void collect(Class<?> type, Set<String> ids) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Test.class)) {
                    ids.add(m.getName());
                }
            }
            for (Class<?> inner : c.getDeclaredClasses()) {
                if (inner.isAnnotationPresent(Nested.class)) {
                    collect(inner, ids);
                }
            }
        }
    }

    /**
     * Checks a backend's skips: each names a rule of {@code kit} and gives a reason.
     *
     * @throws IllegalArgumentException naming the unknown rule or the missing reason
     */
    static Map<String, String> checkedSkips(Class<?> kit, Map<String, String> skips, Set<String> alsoKnown) {
        if (skips == null) {
            throw new IllegalArgumentException("skippedRules() returned null: return Map.of() to skip nothing");
        }
        Set<String> ids = ruleIds(kit);
        ids.addAll(alsoKnown);
        for (Map.Entry<String, String> e : skips.entrySet()) {
            if (!ids.contains(e.getKey())) {
                throw new IllegalArgumentException("skippedRules() names '" + e.getKey() + "', which is not a rule of "
                        + kit.getSimpleName() + ": use a rule id (a test method's name) from " + ids);
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new IllegalArgumentException("skippedRules() gives no reason for skipping '" + e.getKey()
                        + "': say why the backend cannot keep this rule; the reason shows in test reports");
            }
        }
        return Map.copyOf(skips);
    }
}
