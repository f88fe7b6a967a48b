package dev.statestore.jsonl;

import dev.statestore.Durability;
import dev.statestore.StateStore;
import dev.statestore.tck.StateStoreTck;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit, reopen group included, against the JSONL store in one durability mode:
 * each {@code newStore} gets a journal of its own, {@code reopen} opens the latest one strictly.
 * One subclass per mode, so the same rules hold whichever durability a deployment picks.
 */
abstract class JsonlTckFixture extends StateStoreTck {

    @TempDir
    Path dir;

    private int stores;
    private Path last;

    /** Returns the durability mode the kit runs in. */
    abstract Durability durability();

    @Override
    protected StateStore newStore(Clock clock) {
        last = dir.resolve("s" + (++stores) + ".jsonl");
        return JsonlStateStore.builder(last).durability(durability()).clock(clock).open();
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    /**
     * The rules this journal version cannot keep, shared with the property tests: none. (With
     * {@code history=<n>} the journal removes whole 64 MiB segments only, so the kit's retention
     * rules find nothing dropped after a few writes and say so as a skip of their own.)
     */
    static final Map<String, String> SKIPPED = Map.of();

    @Override
    protected StateStore newStoreWithHistory(Clock clock, int n) {
        last = dir.resolve("s" + (++stores) + ".jsonl");
        return JsonlStateStore.builder(last).durability(durability()).clock(clock).history(Integer.toString(n)).open();
    }

    @Override
    protected Map<String, String> skippedRules() {
        return SKIPPED;
    }

    @Override
    protected StateStore reopen(Clock clock) {
        return JsonlStateStore.builder(last).durability(durability()).clock(clock).strict(true).open();
    }
}
