package dev.statestore.jsonl;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Predicate;

/**
 * A {@link System.LoggerFinder} for the test JVM that keeps every message logged at INFO or
 * above, so tests can check what the journal warns about. Registered in
 * {@code META-INF/services/java.lang.System$LoggerFinder} of the test class path.
 */
public final class CapturedLogs extends System.LoggerFinder {

    private static final List<String> MESSAGES = new ArrayList<>();

    /** Creates the finder; called by the JDK. */
    public CapturedLogs() {
    }

    /**
     * Returns the messages logged so far that match {@code filter}.
     *
     * @param filter which messages
     * @return copies of the matching messages, oldest first
     */
    static List<String> matching(Predicate<String> filter) {
        synchronized (MESSAGES) {
            List<String> out = new ArrayList<>();
            for (String m : MESSAGES) {
                if (filter.test(m)) {
                    out.add(m);
                }
            }
            return out;
        }
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new System.Logger() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean isLoggable(Level level) {
                return level.getSeverity() >= Level.INFO.getSeverity();
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                record(level, msg);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                record(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params));
            }

            private void record(Level level, String message) {
                if (isLoggable(level)) {
                    synchronized (MESSAGES) {
                        MESSAGES.add(level + " " + name + ": " + message);
                    }
                }
            }
        };
    }
}
