package dev.statestore.jsonl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A child JVM running a main class of the test class path, its stdout read line by line. */
final class ChildJvm implements AutoCloseable {

    final Process process;
    final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private ChildJvm(Process process, Consumer<String> stdout) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), stdout);
        this.errReader = pump(process.getErrorStream(), stderr::add);
    }

    /** Starts {@code main} with {@code args}; each stdout line goes to {@code stdout}, on a reader thread. */
    static ChildJvm start(Class<?> main, Consumer<String> stdout, String... args) throws IOException {
        return start(List.of(), main, stdout, args);
    }

    /** Starts {@code main} as {@link #start(Class, Consumer, String...)} does, with extra JVM options (they win). */
    static ChildJvm start(List<String> jvmOptions, Class<?> main, Consumer<String> stdout, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-Xmx512m"); // the engine keeps the replayed log in memory
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        return new ChildJvm(pb.start(), stdout);
    }

    private static Thread pump(java.io.InputStream in, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the child died; what was read is what counts
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Kills the child with SIGKILL and waits until it and its output are gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        drain();
    }

    /** Waits for the child to exit by itself; returns its exit code. */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not exit within " + seconds + " s; stderr: " + stderr);
        }
        drain();
        return process.exitValue();
    }

    private void drain() throws InterruptedException {
        process.waitFor();
        outReader.join(TimeUnit.SECONDS.toMillis(30));
        errReader.join(TimeUnit.SECONDS.toMillis(30));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
