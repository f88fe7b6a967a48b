package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded {@code target/statestore.jar} as users run it: its manifest, the files it must carry, and
 * a real {@code java -jar} of it. Runs in the integration-test phase (Failsafe), after the jar is built.
 */
class ShadedJarIT {

    /** A class jackson-core ships in several versions, under {@code META-INF/versions/<n>/}. */
    private static final String VERSIONED_JACKSON_CLASS = "tools/jackson/core/internal/shaded/fdp/FastDoubleSwar.class";

    private final Path jar = Path.of(System.getProperty("statestore.jar", "target/statestore.jar"));
    private final Path root = Path.of(System.getProperty("statestore.root", ".."));

    @Test
    void manifestDeclaresMultiReleaseSoJacksonsJdkSpecificClassesAreUsed() throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
            Attributes main = file.getManifest().getMainAttributes();
            assertEquals("true", main.getValue("Multi-Release"), "Multi-Release in " + jar);
            assertEquals("dev.statestore.cli.Main", main.getValue("Main-Class"));
            JarEntry entry = file.getJarEntry(VERSIONED_JACKSON_CLASS);
            assertNotNull(entry, VERSIONED_JACKSON_CLASS + " in " + jar);
            assertTrue(entry.getRealName().startsWith("META-INF/versions/"),
                    "Java " + Runtime.version().feature() + " loads " + entry.getRealName());
        }
    }

    @Test
    void carriesTheProjectLicenseAndNoticeFollowedByJacksons() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertArrayEquals(Files.readAllBytes(root.resolve("LICENSE")), read(file, "META-INF/LICENSE"));
            String notice = new String(read(file, "META-INF/NOTICE"), StandardCharsets.UTF_8);
            String ours = Files.readString(root.resolve("NOTICE"), StandardCharsets.UTF_8);
            assertTrue(notice.strip().startsWith(ours.strip()), notice);
            assertTrue(notice.contains("Jackson JSON processor"), notice);
        }
    }

    @Test
    void registersBothBackendsAsServices() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String services = new String(read(file, "META-INF/services/dev.statestore.spi.StateStoreProvider"),
                    StandardCharsets.UTF_8);
            assertEquals(List.of("dev.statestore.jsonl.JsonlStateStoreProvider",
                    "dev.statestore.memory.MemoryStateStoreProvider"), services.lines().sorted().toList());
        }
    }

    @Test
    void runsWithJavaDashJarAndReportsTheProjectVersion() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--version")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "java -jar did not exit");
        assertEquals(0, process.exitValue(), out);
        assertEquals("statestore " + System.getProperty("project.version"), out.strip());
    }

    private static byte[] read(JarFile file, String name) throws IOException {
        JarEntry entry = file.getJarEntry(name);
        assertNotNull(entry, name + " in " + file.getName());
        try (InputStream in = file.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }
}
