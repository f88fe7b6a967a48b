package dev.statestore.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A PostgreSQL server for a benchmark run on a machine without one: starts PostgreSQL 17 from the
 * binaries on Maven Central (the server the tests use), with durable commits ({@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on), prints the store URL of the
 * {@code POSTGRES} subject on one line, and serves until the process is stopped (SIGTERM or
 * SIGINT stop the server cleanly; its files are deleted).
 *
 * <p>{@code scripts/bench.sh} runs it when {@code STATESTORE_BENCH_POSTGRES=embedded}. By hand:
 * {@code java -cp store-bench/target/benchmarks.jar dev.statestore.bench.PgServerMain}, then
 * {@code STATESTORE_BENCH_POSTGRES=<the printed URL>}. The server runs on this machine, so its
 * figures include the server's CPU on the same cores as the benchmark.
 */
public final class PgServerMain {

    private PgServerMain() {
    }

    /**
     * Starts the server and serves until stopped.
     *
     * @param args none
     * @throws IOException if the server does not start
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 0) {
            System.err.println("PgServerMain takes no arguments; it prints the store URL and serves until stopped");
            System.exit(2);
        }
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "200")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("stopping the PostgreSQL server failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "pg-server-stop"));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("statestore:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres");
        stopped.await();
    }
}
