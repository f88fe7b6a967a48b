package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.tck.MutableClock;
import dev.statestore.tck.StateStoreTck;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code java} block of the README compiles against the project's modules, as written:
 * a block that declares a class is compiled as a file, any other block as the body of a method.
 * The kit snippet is also loaded and asked for stores, to show that it does what it says.
 */
class ReadmeSnippetsTest {

    /** The imports every snippet may rely on, as a reader of the README would add them. */
    static final String IMPORTS = String.join("\n",
            "import dev.statestore.*;",
            "import dev.statestore.jsonl.*;",
            "import dev.statestore.memory.*;",
            "import dev.statestore.tck.*;",
            "import java.nio.file.*;",
            "import java.time.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import org.junit.jupiter.api.io.TempDir;",
            "import tools.jackson.databind.*;",
            "import tools.jackson.databind.json.*;",
            "import tools.jackson.databind.node.*;",
            "");

    private static final Pattern BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern DECLARES_TYPE =
            Pattern.compile("(?m)^(public\\s+|abstract\\s+|final\\s+)*(class|record|interface|enum)\\s+(\\w+)");

    @TempDir
    Path dir;

    static List<String> snippets() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolveSibling("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md").toAbsolutePath();
        }
        Matcher m = BLOCK.matcher(Files.readString(readme, StandardCharsets.UTF_8));
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Returns the source file of snippet {@code i}: its own class, or a method of a class named after it. */
    private static String source(int i, String snippet, List<String> names) {
        Matcher type = DECLARES_TYPE.matcher(snippet);
        if (type.find()) {
            names.add(type.group(3));
            return IMPORTS + snippet;
        }
        String name = "ReadmeSnippet" + i;
        names.add(name);
        return IMPORTS + "class " + name + " {\n    void run() throws Exception {\n" + snippet + "\n    }\n}\n";
    }

    @Test
    void everyJavaSnippetOfTheReadmeCompiles() throws Exception {
        List<String> snippets = snippets();
        assertTrue(snippets.size() >= 2, "the README's quick start and kit snippets were not found");
        Path src = Files.createDirectory(dir.resolve("src"));
        Path classes = Files.createDirectory(dir.resolve("classes"));
        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            String source = source(i, snippets.get(i), names);
            Path file = src.resolve(names.get(i) + ".java");
            Files.writeString(file, source, StandardCharsets.UTF_8);
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> options = List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none",
                    "--release", "17");
            boolean ok = javac.getTask(new StringWriter(), fm, diagnostics, options, null,
                    fm.getJavaFileObjectsFromPaths(files)).call();
            StringBuilder report = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    report.append(d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName())
                            .append(':').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT))
                            .append('\n');
                }
            }
            assertTrue(ok && report.length() == 0, "README snippets that do not compile:\n" + report);
        }
        kitSnippetGivesAFreshStorePerCallAndReopensTheLast(classes, names);
    }

    /** Loads the compiled kit snippet and checks newStore, persistent and reopen as the kit uses them. */
    private void kitSnippetGivesAFreshStorePerCallAndReopensTheLast(Path classes, List<String> names) throws Exception {
        String kit = names.stream().filter(n -> n.endsWith("TckTest")).findFirst()
                .orElseThrow(() -> new AssertionError("no kit snippet (a class ending in TckTest) in the README"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> type = loader.loadClass(kit);
            assertTrue(StateStoreTck.class.isAssignableFrom(type), kit + " must extend StateStoreTck");
            var ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            Object tck = ctor.newInstance();
            Path place = Files.createDirectory(dir.resolve("kit"));
            for (Field f : type.getDeclaredFields()) {
                if (f.isAnnotationPresent(TempDir.class)) {
                    f.setAccessible(true);
                    f.set(tck, place);
                }
            }
            Method newStore = StateStoreTck.class.getDeclaredMethod("newStore", java.time.Clock.class);
            Method persistent = StateStoreTck.class.getDeclaredMethod("persistent");
            Method reopen = StateStoreTck.class.getDeclaredMethod("reopen", java.time.Clock.class);
            newStore.setAccessible(true);
            persistent.setAccessible(true);
            reopen.setAccessible(true);
            MutableClock clock = new MutableClock();
            try (StateStore first = (StateStore) newStore.invoke(tck, clock);
                    StateStore second = (StateStore) newStore.invoke(tck, clock)) {
                first.set("a", Fixtures.JSON.numberNode(1), "t");
                assertFalse(second.exists("a"), "every newStore call must give an empty store of its own");
                second.set("b", Fixtures.JSON.numberNode(2), "t");
                assertNotEquals(first.toString(), second.toString());
            }
            assertEquals(Boolean.TRUE, persistent.invoke(tck));
            try (StateStore again = (StateStore) reopen.invoke(tck, clock)) {
                assertEquals(List.of("b"), again.keys(), "reopen must open the place of the latest newStore");
            }
        }
    }
}
