package dev.statestore.memory;

import dev.statestore.Durability;
import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.spi.Journal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.JsonNode;

/**
 * A journal held in memory whose failures and fsyncs the test scripts: the test double of the
 * engine's journal seam. Thread-safe.
 */
final class ScriptedJournal implements Journal {

    private final Durability durability;
    private final List<StateTransition> initial;
    final List<StateTransition> appended = new ArrayList<>();
    final List<List<StateTransition>> rewrites = new ArrayList<>();
    private long sequence;
    private long durable;
    private boolean failNextAppend;
    private boolean failNextRewrite;
    private boolean poisoned;
    /** When set, awaitDurable blocks on it, then fails if {@link #fsyncFails}. */
    volatile CountDownLatch fsyncGate;
    volatile boolean fsyncFails;
    volatile JsonNode refuse;
    int closes;
    /** Whether {@link #readHistory} serves the appended transitions. */
    volatile boolean readsHistory;
    int historyReads;
    long lastHistoryEnd = -1;
    /** When {@code >= 0}, the latest revision the replay reports after its records. */
    volatile long replayEnd = -1;

    ScriptedJournal(Durability durability, List<StateTransition> initial) {
        this.durability = durability;
        this.initial = initial;
    }

    @Override
    public Durability durability() {
        return durability;
    }

    @Override
    public void replay(Journal.ReplaySink sink) {
        initial.forEach(sink::history);
        if (replayEnd >= 0) {
            sink.end(replayEnd);
        }
    }

    @Override
    public JsonNode writableCopy(String key, JsonNode value) {
        if (value.equals(refuse)) {
            throw new IllegalArgumentException("value of key '" + key + "' is refused by the script");
        }
        return Journal.super.writableCopy(key, value);
    }

    synchronized void failNextAppend() {
        failNextAppend = true;
    }

    synchronized void failNextRewrite() {
        failNextRewrite = true;
    }

    @Override
    public synchronized long append(StateTransition transition) {
        if (poisoned) {
            throw new StateStoreException("journal refuses writes after a failed fsync");
        }
        if (failNextAppend) {
            failNextAppend = false;
            throw new StateStoreException("scripted append failure");
        }
        appended.add(transition);
        sequence++;
        if (durability != Durability.SYNCED) {
            durable = sequence;
        }
        return sequence;
    }

    @Override
    public void awaitDurable(long seq) {
        if (durability != Durability.SYNCED) {
            return;
        }
        CountDownLatch gate = fsyncGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateStoreException("interrupted", e);
            }
        }
        synchronized (this) {
            if (fsyncFails) {
                poisoned = true;
                throw new StateStoreException("scripted fsync failure");
            }
            durable = Math.max(durable, seq);
        }
    }

    @Override
    public synchronized long durableSequence() {
        return durable;
    }

    @Override
    public synchronized void rewrite(Collection<StateTransition> records, long historyEnd) {
        if (failNextRewrite) {
            failNextRewrite = false;
            throw new StateStoreException("scripted rewrite failure");
        }
        rewrites.add(new ArrayList<>(records));
        lastHistoryEnd = historyEnd;
        durable = sequence;
    }

    @Override
    public boolean readsHistory() {
        return readsHistory;
    }

    @Override
    public synchronized long oldestRetainedRevision() {
        return appended.isEmpty() ? 1 : appended.get(0).revision();
    }

    @Override
    public synchronized List<StateTransition> readHistory(long afterRevision, int limit) {
        historyReads++;
        List<StateTransition> out = new ArrayList<>();
        for (StateTransition t : appended) {
            if (t.revision() > afterRevision && out.size() < limit) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public void sync() {
    }

    @Override
    public synchronized void close() {
        closes++;
    }
}
