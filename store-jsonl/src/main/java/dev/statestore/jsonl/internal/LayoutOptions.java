package dev.statestore.jsonl.internal;

import dev.statestore.internal.HistoryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of a journal's layout and of its buffered writes. Defaults, and where they come from:
 * <ul>
 *   <li>{@code segmentBytes} 64 MiB: the active file is sealed into a segment once it passes this
 *       (etcd's WAL segment size);</li>
 *   <li>{@code checkpointLines} 10,000 and {@code checkpointBytes} 64 MiB: a checkpoint is taken
 *       once the tail after the last one holds this many history lines or bytes, or as many as the
 *       last checkpoint holds, whichever is more (etcd snapshots every 10,000 entries; Redis
 *       rewrites its AOF when it has grown by 100% and is at least 64 MB). So opening reads at most
 *       about twice the live state plus 10,000 lines, and the checkpoints write at most about as
 *       many bytes as the journal appends;</li>
 *   <li>{@code flushInterval} 1 s: a buffered journal's buffer reaches the operating system at
 *       least this often (Redis's {@code appendfsync everysec});</li>
 *   <li>{@code history}: which sealed segments may be removed (none with {@code all}).</li>
 * </ul>
 * Immutable and thread-safe.
 *
 * @param segmentBytes the active file's size at which it is sealed
 * @param checkpointLines the fewest tail lines that make a checkpoint due
 * @param checkpointBytes the fewest tail bytes that make a checkpoint due
 * @param history how much history to keep on disk
 * @param clock the clock that ages history (for a {@code history} duration)
 * @param flushInterval the most time a buffered line waits before it is written out
 */
public record LayoutOptions(long segmentBytes, long checkpointLines, long checkpointBytes, HistoryPolicy history,
                            Clock clock, Duration flushInterval) {

    /** The default of {@link #segmentBytes()}: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** The default of {@link #checkpointLines()}. */
    public static final long DEFAULT_CHECKPOINT_LINES = 10_000;
    /** The default of {@link #checkpointBytes()}: 64 MiB. */
    public static final long DEFAULT_CHECKPOINT_BYTES = 64L << 20;
    /** The default of {@link #flushInterval()}. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

    /**
     * Checks the parts.
     *
     * @param segmentBytes the active file's size at which it is sealed, {@code >= 1}
     * @param checkpointLines the fewest tail lines that make a checkpoint due, {@code >= 1}
     * @param checkpointBytes the fewest tail bytes that make a checkpoint due, {@code >= 1}
     * @param history how much history to keep on disk
     * @param clock the clock that ages history
     * @param flushInterval the most time a buffered line waits, positive
     */
    public LayoutOptions {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (segmentBytes < 1 || checkpointLines < 1 || checkpointBytes < 1) {
            throw new IllegalArgumentException("segment-bytes, checkpoint-lines and checkpoint-bytes must be >= 1, were "
                    + segmentBytes + ", " + checkpointLines + " and " + checkpointBytes);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush-interval must be positive, was " + flushInterval);
        }
    }

    /**
     * Returns the defaults: 64 MiB segments, a checkpoint every 10,000 lines or 64 MiB (or the
     * last checkpoint's size), every transition kept, the system UTC clock, a 1 s flush interval.
     *
     * @return the defaults
     */
    public static LayoutOptions defaults() {
        return new LayoutOptions(DEFAULT_SEGMENT_BYTES, DEFAULT_CHECKPOINT_LINES, DEFAULT_CHECKPOINT_BYTES,
                HistoryPolicy.ALL, Clock.systemUTC(), DEFAULT_FLUSH_INTERVAL);
    }
}
