package dev.statestore.bench.peers;

import dev.statestore.StateStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Returns the temporary directories of the peer benchmarks and copies and deletes them. Every
 * directory lives under the system property {@code peers.tmp} when set, else under the
 * environment variable {@code STATESTORE_PEERS_TMP} (which JMH's forked JVMs inherit; the run
 * script points it at a directory of its own and removes that at the end), else under
 * {@code java.io.tmpdir}.
 *
 * <p>Stateless and thread-safe.
 */
final class BenchFiles {

    /** The system property naming the parent of every temporary directory. */
    static final String TMP_PROPERTY = "peers.tmp";
    /** The environment variable naming it when the property is not set. */
    static final String TMP_ENV = "STATESTORE_PEERS_TMP";

    private BenchFiles() {
    }

    /** Returns a new empty directory whose name starts with {@code prefix}. */
    static Path newTempDir(String prefix) {
        String env = System.getenv(TMP_ENV);
        String base = System.getProperty(TMP_PROPERTY,
                env != null && !env.isBlank() ? env : System.getProperty("java.io.tmpdir"));
        try {
            Path parent = Files.createDirectories(Paths.get(base));
            return Files.createTempDirectory(parent, "statestore-peers-" + prefix + "-");
        } catch (IOException e) {
            throw new StateStoreException("cannot create a temporary directory under " + base
                    + " (set " + TMP_ENV + " or -D" + TMP_PROPERTY + " to choose another place)", e);
        }
    }

    /** Deletes {@code dir} and everything under it; does nothing when it is absent. */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Copies the regular files of {@code source} (not its subdirectories) whose names pass
     * {@code names} into {@code target}, creating it. A file that disappears while the copy runs
     * is skipped, as a crash at that moment would not have left it either.
     */
    static void copyFiles(Path source, Path target, Predicate<String> names) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (!Files.isRegularFile(file) || !names.test(name)) {
                        continue;
                    }
                    try {
                        Files.copy(file, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    } catch (NoSuchFileException gone) {
                        // deleted by the store between the listing and the copy
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    /** Copies every regular file of {@code source} into {@code target}. */
    static void copyAll(Path source, Path target) {
        copyFiles(source, target, name -> true);
    }

    /** Returns the total size in bytes of the regular files directly in {@code dir}. */
    static long size(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
