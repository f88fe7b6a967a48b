package dev.statestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The scratch directories of the benchmarks' stores: made, copied, measured and deleted.
 *
 * <p>Directories are created under the system property {@value #DIR_PROPERTY} when it is set
 * (the benchmark script points it into {@code store-bench/target}), else under the environment
 * variable {@value #DIR_ENV} (which JMH's forked JVMs inherit), else under {@code java.io.tmpdir}. Either must be on a real disk, not a tmpfs: an fsync on a tmpfs costs
 * nothing and the durable modes would measure nothing.
 *
 * <p>Thread-safe; holds no state.
 */
public final class BenchFiles {

    /** The system property naming the parent of every scratch directory. */
    public static final String DIR_PROPERTY = "statestore.bench.dir";
    /** The environment variable naming it when the property is not set. */
    public static final String DIR_ENV = "STATESTORE_BENCH_DIR";

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
        String env = System.getenv(DIR_ENV);
        String configured = System.getProperty(DIR_PROPERTY,
                env != null && !env.isBlank() ? env : System.getProperty("java.io.tmpdir"));
        Path parent = Paths.get(configured);
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory under " + parent
                    + " (set -D" + DIR_PROPERTY + "=<dir> or " + DIR_ENV + " to choose another place)", e);
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
     * Returns a copy of every regular file in {@code from} and its subdirectories (a JSONL
     * journal keeps its checkpoint and segments in {@code <name>.d/}), made in {@code to}.
     *
     * @param from the source directory
     * @param to the target directory, created when missing
     * @throws UncheckedIOException on an I/O error
     */
    public static void copyFiles(Path from, Path to) {
        copyFiles(from, to, name -> true);
    }

    /**
     * Returns a copy of the regular files in {@code from} whose names pass {@code names}, and of
     * the directories whose names pass it with everything in them, made in {@code to} (replacing
     * files there). Directories are copied before the files beside them, so that a store copied
     * while it runs yields its checkpoint and segments before the active file it appends to. A
     * file that disappears while the copy runs is skipped, as a crash at that moment would not
     * have left it either.
     *
     * @param from the source directory
     * @param to the target directory, created when missing
     * @param names which file names to copy
     * @throws UncheckedIOException on an I/O error
     */
    public static void copyFiles(Path from, Path to, Predicate<String> names) {
        try {
            Files.createDirectories(to);
            List<Path> entries;
            try (Stream<Path> files = Files.list(from)) {
                entries = files.sorted(Comparator.comparing((Path f) -> !Files.isDirectory(f))).toList();
            }
            for (Path f : entries) {
                String name = f.getFileName().toString();
                if (!names.test(name)) {
                    continue;
                }
                if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    copyFiles(f, to.resolve(name), n -> true);
                    continue;
                }
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    Files.copy(f, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                } catch (NoSuchFileException gone) {
                    // removed by the store between the listing and the copy
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    /**
     * Copies the files of a store that is open but no longer written to, as a crash at one
     * moment would leave them: {@link #copyFiles(Path, Path, Predicate)} repeated until the files
     * (names, sizes and modification times) are the same before and after a copy. A copy taken
     * while the store's own background work (a checkpoint, a segment removal) changes the files
     * would mix files from before and after that work, which no crash can leave; the first copy
     * that nothing changed under is a moment's image.
     *
     * @param from the source directory
     * @param to the target directory, emptied before each attempt
     * @param names which file names to copy
     * @throws IllegalStateException if the files still change after 60 s
     * @throws UncheckedIOException on an I/O error
     */
    public static void copyQuiescent(Path from, Path to, Predicate<String> names) {
        long until = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Map<Path, List<Object>> before = fileStates(from, names);
            deleteTree(to);
            copyFiles(from, to, names);
            if (before.equals(fileStates(from, names))) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the files in " + from + " kept changing for 60 s; is the store idle?");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted copying " + from, e);
            }
        }
    }

    /** The size and modification time of each regular file under the entries that pass {@code names}. */
    private static Map<Path, List<Object>> fileStates(Path dir, Predicate<String> names) {
        Map<Path, List<Object>> states = new HashMap<>();
        try (Stream<Path> top = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) top::iterator) {
                if (!names.test(entry.getFileName().toString())) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(entry)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        try {
                            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class,
                                    LinkOption.NOFOLLOW_LINKS);
                            if (a.isRegularFile()) {
                                states.put(f, List.of(a.size(), a.lastModifiedTime()));
                            }
                        } catch (NoSuchFileException gone) {
                            states.put(f, List.of("removed while listed"));
                        }
                    }
                } catch (NoSuchFileException gone) {
                    states.put(entry, List.of("removed while listed"));
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof NoSuchFileException)) {
                        throw e;
                    }
                    states.put(entry, List.of("removed while listed"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return states;
    }

    /**
     * Returns the total size in bytes of the regular files in {@code dir} and its subdirectories.
     *
     * @param dir the directory
     * @return the sum of their sizes
     * @throws UncheckedIOException on an I/O error
     */
    public static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(f);
                }
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
