package dev.statestore.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand (it returns the instant it was last set to), so that
 * timestamps and TTL deadlines are exact and nothing depends on the wall clock.
 *
 * <p>Thread-safe: the instant is held in an atomic reference. The clock is in UTC; {@link #withZone}
 * returns a view that shares the same instant. It never moves by itself and never goes past what
 * the test asks for; it does not refuse to go backwards (tests of replay set it to old instants).
 */
public final class MutableClock extends Clock {

    /**
     * The instant a new clock starts at: a fixed instant with a nanosecond fraction, so that a store
     * that truncates timestamps (to seconds, millis or micros) changes TTL deadlines visibly.
     */
    public static final Instant START = Instant.parse("2030-01-01T00:00:00.123456789Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** Creates a clock at {@link #START}. */
    public MutableClock() {
        this(START);
    }

    /**
     * Creates a clock at {@code start}.
     *
     * @param start the first instant
     */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(now, Objects.requireNonNull(zone, "zone"));
    }

    /**
     * Moves the clock forward by {@code amount} and returns the new instant.
     *
     * @param amount how far, never negative
     * @return the new instant
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a clock advance must not be negative, was " + amount);
        }
        return now.updateAndGet(i -> i.plus(amount));
    }

    /**
     * Moves the clock forward by {@code seconds} seconds and returns the new instant.
     *
     * @param seconds how many seconds, never negative
     * @return the new instant
     */
    public Instant advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    /**
     * Sets the clock to {@code instant}, earlier or later than now.
     *
     * @param instant the new instant
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
