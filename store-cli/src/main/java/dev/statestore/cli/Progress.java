package dev.statestore.cli;

import java.io.PrintWriter;
import java.lang.reflect.Method;

/**
 * The feedback of long operations: one line on standard error, rewritten in place at most
 * ten times a second and erased when done. It prints only when standard error belongs to a
 * terminal, so pipes, files and tests see nothing of it.
 *
 * <p>Not thread-safe: one operation updates it. Closing erases the line; it closes no stream.
 */
final class Progress implements AutoCloseable {

    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private long lastPrint;
    private int shown;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Returns a progress line on {@code err} that shows only when run on a terminal. */
    static Progress on(PrintWriter err) {
        return new Progress(err, isTerminal());
    }

    /**
     * Returns whether the process talks to a terminal. On JDK 22 and later {@code System.console()}
     * is non-null even when redirected, so its {@code isTerminal()} is asked as well.
     */
    static boolean isTerminal() {
        Object console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Shows {@code label} and the seconds since this call, refreshed by a daemon thread until the
     * returned handle is closed: feedback for one long call that reports no progress of its own,
     * such as the store's rewrite. The thread updates this line alone; the caller must not update
     * it until the handle is closed. Starts nothing when progress is off.
     */
    Ticking ticking(String label) {
        if (!enabled) {
            return () -> { };
        }
        long start = System.nanoTime();
        Thread ticker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                update(String.format(java.util.Locale.ROOT, "%s ... %.1f s", label, (System.nanoTime() - start) / 1e9));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "statestore-progress");
        ticker.setDaemon(true);
        ticker.start();
        return () -> {
            ticker.interrupt();
            try {
                ticker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close();
        };
    }

    /**
     * Returns what {@code work} returns, showing {@code label} and the seconds it takes meanwhile
     * (see {@link #ticking}).
     */
    <T> T during(String label, java.util.function.Supplier<T> work) {
        Ticking ticking = ticking(label);
        try {
            return work.get();
        } finally {
            ticking.close();
        }
    }

    /** A running {@link #ticking} line; closing it stops and erases the line. */
    interface Ticking extends AutoCloseable {
        @Override
        void close();
    }

    /** Shows {@code text}, unless the last update is less than 100 ms old. */
    void update(String text) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (shown > 0 && now - lastPrint < MIN_INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        StringBuilder line = new StringBuilder("\r").append(text);
        for (int i = text.length(); i < shown; i++) {
            line.append(' ');
        }
        shown = Math.max(text.length(), 1);
        err.print(line);
        err.flush();
    }

    @Override
    public void close() {
        if (enabled && shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }
}
