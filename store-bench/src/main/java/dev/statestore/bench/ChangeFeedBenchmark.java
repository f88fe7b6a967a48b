package dev.statestore.bench;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.nio.file.Path;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * Measures the change feed of a statestore {@code subject} ({@code MEMORY} unless
 * {@code -p subject=…} names another of this project's backends): how fast writes reach
 * {@code subscribers} subscribers of {@code changes(after)} (0, 1 or 8; 0 is the baseline of the
 * same writes with nobody listening), each requesting everything and running on the feed's own
 * threads.
 *
 * <ul>
 *   <li>{@link #deliverBatch} (throughput): one thread writes {@value #BATCH} keys and waits until
 *       every subscriber's {@code onNext} has received the last of them. The score is transitions
 *       per second written and delivered to every subscriber; the aux counter {@code deliveries}
 *       counts {@code onNext} calls per second over all subscribers.
 *   <li>{@link #writeToOnNext} (sample time): one write, then a wait until every subscriber's
 *       {@code onNext} has received it: the latency from calling {@code set} to the last
 *       subscriber's {@code onNext} for it, the write included. JMH reports its percentiles.
 * </ul>
 *
 * <p>The waiting thread parks and the subscriber that completes the delivery unparks it, so the
 * wait does not take a CPU from the feed's threads. Workload: {@value #KEYS} keys holding
 * 64-byte JSON objects, written in turn; the store keeps the latest 100000 transitions, far more
 * than a subscriber can fall behind by here, so none gets {@code HistoryCompactedException}.
 *
 * <p>Run alone: {@code java -jar store-bench/target/benchmarks.jar ChangeFeedBenchmark
 * -p subscribers=0,1 -rf json -rff feed.json}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ChangeFeedBenchmark {

    /** The writes per call of {@link #deliverBatch}. */
    public static final int BATCH = 256;
    /** The number of keys; a power of two. */
    public static final int KEYS = 1 << 12;
    /** The URL options of the store: the latest 100000 transitions kept. */
    public static final String OPTIONS = "history=100000";

    /** The number of subscribers. */
    @Param({"0", "1", "8"})
    public int subscribers;

    private final String[] keys = new String[KEYS];
    private final JsonNode value = Values.object(Values.SMALL, 42);
    private final AtomicInteger behind = new AtomicInteger();
    /** The store: one of this project's backends ({@link Subject#isOurs()}). */
    @Param({"MEMORY"})
    public Subject subject;

    private Path dir;
    private StateStore store;
    private Sink[] sinks;
    private int next;
    private volatile long awaited;
    private volatile Thread waiter;

    /** Returns the deliveries, as a JMH aux counter. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Deliveries {
        /** {@code onNext} calls over all subscribers. */
        public long deliveries;

        /** Clears the count before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            deliveries = 0;
        }
    }

    /** Opens the store, writes every key once, and subscribes after the latest revision. */
    @Setup(Level.Trial)
    public void open() {
        dir = BenchFiles.newDirectory("feed-");
        store = subject.openStateStore(dir, OPTIONS);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key-" + i;
            store.set(keys[i], value, "fill");
        }
        sinks = new Sink[subscribers];
        for (int i = 0; i < subscribers; i++) {
            sinks[i] = new Sink();
            store.changes(store.transitionCount()).subscribe(sinks[i]);
        }
    }

    /** Closes the store, which completes every subscription. */
    @TearDown(Level.Trial)
    public void close() {
        try {
            store.close();
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    /**
     * Writes {@value #BATCH} keys and waits until every subscriber has received them.
     *
     * @param d receives the deliveries
     * @return the revision of the last write
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long deliverBatch(Deliveries d) {
        long last = store.transitionCount() + BATCH;
        arm(last);
        for (int i = 0; i < BATCH; i++) {
            store.set(keys[next++ & (KEYS - 1)], value, "bench");
        }
        awaitDelivery();
        d.deliveries += (long) BATCH * subscribers;
        return last;
    }

    /**
     * Writes one key and waits until every subscriber has received the write.
     *
     * @return the revision of the write
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long writeToOnNext() {
        long revision = store.transitionCount() + 1;
        arm(revision);
        store.set(keys[next++ & (KEYS - 1)], value, "bench");
        awaitDelivery();
        return revision;
    }

    /**
     * Prepares the wait for {@code revision}. Called before the write: the feed delivers a
     * revision only after its write commits, and the commit happens after this, so no subscriber
     * can pass {@code revision} unseen.
     */
    private void arm(long revision) {
        waiter = Thread.currentThread();
        behind.set(subscribers);
        awaited = revision;
    }

    private void awaitDelivery() {
        while (behind.get() > 0) {
            LockSupport.park(this);
            for (Sink s : sinks) {
                if (s.failure != null) {
                    throw new IllegalStateException("a subscriber failed at revision " + s.received, s.failure);
                }
            }
        }
    }

    /** A subscriber that requests everything and wakes the writer when it receives the awaited revision. */
    private final class Sink implements Flow.Subscriber<StateTransition> {
        volatile long received;
        volatile Throwable failure;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(StateTransition t) {
            received = t.revision();
            if (t.revision() == awaited && behind.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        }

        @Override
        public void onError(Throwable e) {
            failure = e;
            LockSupport.unpark(waiter);
        }

        @Override
        public void onComplete() {
            // the store closed at the end of the trial
        }
    }
}
