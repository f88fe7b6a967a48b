package dev.statestore.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link ChildMain} with the test class path; its stdout and stderr kept as lines. */
final class Child implements AutoCloseable {

    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    private final Process process;
    private final Thread outReader;
    private final Thread errReader;

    private Child(Process process) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), out);
        this.errReader = pump(process.getErrorStream(), err);
    }

    static Child start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(ChildMain.class.getName());
        command.addAll(List.of(args));
        return new Child(new ProcessBuilder(command).start());
    }

    private static Thread pump(java.io.InputStream in, List<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    sink.add(line);
                }
            } catch (IOException e) {
                // the child is gone; what was read counts
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until the child printed {@code line}; fails after 60 s or if the child exited. */
    void awaitLine(String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.contains(line)) {
            if (!process.isAlive() && !out.contains(line)) {
                Thread.sleep(100);
                if (!out.contains(line)) {
                    throw new AssertionError("child exited with " + process.exitValue() + " before printing '" + line
                            + "'; stdout " + out + "; stderr " + err);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("child did not print '" + line + "' in 60 s; stdout " + out + "; stderr " + err);
            }
            Thread.sleep(20);
        }
    }

    /** Sends the start signal. */
    void go() throws IOException {
        OutputStream stdin = process.getOutputStream();
        stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Waits for the child to end with exit code 0 and {@code done}; returns its stdout. */
    List<String> awaitDone() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not end in 120 s; stdout " + out + "; stderr " + err);
        }
        outReader.join(10_000);
        errReader.join(10_000);
        if (process.exitValue() != 0 || !out.contains("done")) {
            throw new AssertionError("child failed with " + process.exitValue() + "; stdout " + out + "; stderr " + err);
        }
        return out;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
