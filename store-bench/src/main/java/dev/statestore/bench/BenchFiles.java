package dev.statestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Returns scratch directories for the journals of the benchmarks and deletes them again.
 *
 * <p>Directories are created under the system property {@value #DIR_PROPERTY} when it is set
 * (the benchmark script points it into {@code store-bench/target}), else under
 * {@code java.io.tmpdir}. Either must be on a real disk, not a tmpfs: an fsync on a tmpfs costs
 * nothing and the durable modes would measure nothing.
 *
 * <p>Thread-safe; holds no state.
 */
public final class BenchFiles {

    /** The system property naming the parent of every scratch directory. */
    public static final String DIR_PROPERTY = "statestore.bench.dir";

    private BenchFiles() {
    }

    /**
     * Returns a new empty directory whose name starts with {@code prefix}.
     *
     * @param prefix the name prefix, such as {@code reap-}
     * @return the directory, which the caller deletes with {@link #deleteTree(Path)}
     * @throws UncheckedIOException if it cannot be created
     */
    public static Path newDirectory(String prefix) {
        String configured = System.getProperty(DIR_PROPERTY);
        Path parent = Paths.get(configured != null ? configured : System.getProperty("java.io.tmpdir"));
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory under " + parent
                    + " (set -D" + DIR_PROPERTY + "=<dir> to choose another place)", e);
        }
    }

    /**
     * Deletes {@code dir} and everything in it; does nothing for {@code null} or a missing path.
     *
     * @param dir the directory
     * @throws UncheckedIOException if something cannot be deleted
     */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete scratch directory " + dir, e);
        }
    }

    /**
     * Returns a copy of every file directly in {@code from}, made in {@code to}.
     *
     * @param from the source directory
     * @param to the target directory, which exists
     * @throws UncheckedIOException on an I/O error
     */
    public static void copyFiles(Path from, Path to) {
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    /**
     * Returns the size of {@code file} in bytes.
     *
     * @param file the file
     * @return its size
     * @throws UncheckedIOException on an I/O error
     */
    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }
}
