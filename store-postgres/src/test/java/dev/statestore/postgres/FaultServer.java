package dev.statestore.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A PostgreSQL server of its own for the fault tests, with durable commits (fsync and synchronous
 * commit on), that can be stopped the way {@code pg_ctl stop -m immediate} stops it (SIGQUIT to the
 * postmaster: no checkpoint, every backend cut off) and started again on the same data directory
 * and port, which runs crash recovery.
 */
final class FaultServer implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private FaultServer(Path dataDirectory, EmbeddedPostgres server) {
        this.dataDirectory = dataDirectory;
        this.server = server;
        this.port = server.getPort();
    }

    static FaultServer start() throws IOException {
        Path dir = Files.createTempDirectory("statestore-pg-fault");
        return new FaultServer(dir, TestDatabase.durable(EmbeddedPostgres.builder())
                .setDataDirectory(dir).setCleanDataDirectory(false).start());
    }

    String location() {
        return "//localhost:" + port + "/postgres";
    }

    DataSource admin() {
        return server.getPostgresDatabase();
    }

    /** Stops the server at once, as {@code pg_ctl stop -m immediate} does, and waits until it is gone. */
    void stopImmediately() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        Process kill = new ProcessBuilder(List.of("kill", "-QUIT", Long.toString(pid))).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -QUIT " + pid + " failed");
        }
        ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (postmaster != null && postmaster.isAlive()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the postmaster " + pid + " did not stop in 30 s");
            }
            Thread.sleep(20);
        }
        server.close(); // releases the data directory's lock; the server is already gone
    }

    /** Starts the server again on the same data directory and port. */
    void restart() throws IOException {
        server = TestDatabase.durable(EmbeddedPostgres.builder()).setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).setPort(port).start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
