package dev.statestore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModulePathConsumer} in a real child JVM started with {@code --module-path} and
 * {@code --module}, no class path: store-api, store-memory and store-jsonl must work as named
 * modules, the backends found through {@code provides} alone (a named module's
 * {@code META-INF/services} is ignored).
 */
class ModulePathTest {

    /** The consumer's classes and its runtime dependencies, from the POM (dependency:build-classpath). */
    private static final List<String> MODULE_PATH =
            Arrays.asList(System.getProperty("statestore.it.modulepath").split(File.pathSeparator));

    @TempDir
    Path dir;

    @Test
    void consumerOpensBothBackendsByUrlAsNamedModules() throws Exception {
        Result run = run(MODULE_PATH);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains(
                "module path ok: memory by dev.statestore.memory, jsonl by dev.statestore.jsonl"), run.output());
    }

    @Test
    void withoutTheBackendModulesTheConsumerFailsNamingTheMissingArtifact() throws Exception {
        List<String> apiOnly = MODULE_PATH.stream()
                .filter(entry -> !entry.contains("store-memory") && !entry.contains("store-jsonl"))
                .collect(Collectors.toList());
        assertEquals(MODULE_PATH.size() - 2, apiOnly.size(), "module path: " + MODULE_PATH);
        Result run = run(apiOnly);
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("StateStoreException: no statestore provider for scheme 'memory'"),
                run.output());
        assertTrue(run.output().contains("add dev.statestore:store-memory"), run.output());
    }

    private Result run(List<String> modulePath) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "--module-path", String.join(File.pathSeparator, modulePath),
                "--module", "dev.statestore.it/dev.statestore.it.ModulePathConsumer",
                dir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the consumer JVM did not exit: " + output);
        return new Result(process.exitValue(), String.join(" ", command) + "\n" + output);
    }

    private record Result(int exit, String output) {
    }
}
