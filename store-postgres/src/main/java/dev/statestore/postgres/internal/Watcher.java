package dev.statestore.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The thread that wakes a store's change feed for the writes of other processes: at every poll
 * interval and, when the store uses {@code LISTEN}/{@code NOTIFY}, as soon as a notification of the
 * store's channel arrives. A notification is only a wake-up: the feed reads what changed from the
 * history, so a notification lost across a broken connection costs at most one poll interval.
 *
 * <p>With notifications, the watcher holds one connection of the pool, listening, while it runs;
 * when that connection breaks it takes another after a poll interval and wakes the feed, which
 * catches up from the history. It runs from the first subscription until the store closes.
 *
 * <p>Thread-safe: {@link #start()} and {@link #stop()} may be called from any thread.
 */
public final class Watcher {

    private static final System.Logger LOG = System.getLogger(Watcher.class.getName());

    private final DataSource dataSource;
    private final String channel;
    private final long intervalMillis;
    private final ChangeFeed feed;
    private final String name;
    private Thread thread;
    private volatile boolean stopped;
    private volatile Connection listening;

    /**
     * Creates the watcher of a store.
     *
     * @param dataSource where the listening connection comes from
     * @param channel the store's channel, or {@code null} to poll only
     * @param interval the poll interval
     * @param feed the feed to wake
     * @param name the store's name, for the thread name and messages
     */
    public Watcher(DataSource dataSource, String channel, Duration interval, ChangeFeed feed, String name) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.feed = feed;
        this.name = name;
    }

    /** Starts the thread, once; later calls do nothing. */
    public synchronized void start() {
        if (thread != null || stopped) {
            return;
        }
        thread = new Thread(this::run, "statestore-watcher-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread and returns its connection to the pool, waiting at most a poll interval. */
    public void stop() {
        Thread t;
        synchronized (this) {
            stopped = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(intervalMillis + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean failing = false;
        try {
            while (!stopped) {
                try {
                    if (channel == null) {
                        Thread.sleep(intervalMillis);
                    } else {
                        awaitNotification();
                    }
                    failing = false;
                } catch (SQLException e) {
                    if (!failing) {
                        LOG.log(System.Logger.Level.WARNING, "store '" + name + "' lost its LISTEN connection; it"
                                + " polls every " + intervalMillis + " ms until it has one again", e);
                    }
                    failing = true;
                    release();
                    Thread.sleep(intervalMillis);
                }
                if (!stopped && feed.wantsMore()) {
                    feed.wake();
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            release();
        }
    }

    /** Waits up to one interval for a notification, listening first if needed. */
    private void awaitNotification() throws SQLException {
        Connection c = listening;
        if (c == null) {
            c = dataSource.getConnection();
            listening = c;
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN \"" + channel + "\"");
            }
            return; // wake the feed once: writes may have committed while nobody listened
        }
        c.unwrap(PGConnection.class).getNotifications((int) Math.min(Integer.MAX_VALUE, intervalMillis));
    }

    private void release() {
        Connection c = listening;
        listening = null;
        if (c == null) {
            return;
        }
        try {
            try (Statement s = c.createStatement()) {
                s.execute("UNLISTEN *");
            }
        } catch (SQLException e) {
            // a broken connection: the pool discards it
        }
        try {
            c.close();
        } catch (SQLException e) {
            // nothing left to release
        }
    }
}
