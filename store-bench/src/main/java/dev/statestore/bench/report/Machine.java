package dev.statestore.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * A description of the machine the report is generated on: processors, CPU model, RAM
 * and operating system, read from {@code /proc} where it exists. The benchmark script generates
 * the report right after the run, on the same machine.
 *
 * @param processors the processors available to the JVM, as {@code nproc} counts them
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}, or {@code unknown}
 * @param memory the {@code MemTotal} of {@code /proc/meminfo}, formatted, or {@code unknown}
 * @param os the operating system name, version and architecture
 */
public record Machine(int processors, String cpuModel, String memory, String os) {

    /**
     * Returns the machine this JVM runs on.
     *
     * @return the description
     */
    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(Paths.get("/proc/cpuinfo")),
                memory(Paths.get("/proc/meminfo")),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")");
    }

    /**
     * Returns the first {@code model name} in a {@code /proc/cpuinfo}-style file.
     *
     * @param cpuinfo the file
     * @return the model, or {@code unknown}
     */
    static String cpuModel(Path cpuinfo) {
        for (String line : lines(cpuinfo)) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                if (colon >= 0) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        return "unknown";
    }

    /**
     * Returns the {@code MemTotal} of a {@code /proc/meminfo}-style file in GiB, else the
     * physical memory the JVM reports.
     *
     * @param meminfo the file
     * @return such as {@code 23.5 GiB}, or {@code unknown}
     */
    static String memory(Path meminfo) {
        for (String line : lines(meminfo)) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                try {
                    long kib = Long.parseLong(parts[0]);
                    return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
                } catch (NumberFormatException e) {
                    return "unknown";
                }
            }
        }
        long bytes = totalPhysicalMemory();
        return bytes > 0 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0)) : "unknown";
    }

    private static long totalPhysicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    /** Returns the lines of {@code file}, none when it does not exist (no {@code /proc}). */
    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
