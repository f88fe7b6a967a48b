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
 *
 * <p>Skipped rules: this version's rewrite (restore, replaceAll, {@code compact()}) keeps only the
 * state, so the history before it does not read back after a reopen, nor the revision a restore
 * rewound to; and {@code history=<n>} drops nothing, because every transition since the last
 * rewrite reads back from the file.
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

    /** The rules this journal version cannot keep, shared with the property tests. */
    static final Map<String, String> SKIPPED = Map.of(
            "historySurvivesReopenAfterARewrite", "a rewrite (restore, replaceAll, compact) writes only the state"
                    + " lines, so the history before it no longer reads back after a reopen; the live store keeps"
                    + " it in memory (history kept across rewrites comes with the journal's version 2)",
            "transitionsSinceBeyondRetentionThrowsNamingTheOldest", "history=<n> drops nothing here: the journal"
                    + " reads every transition since its last rewrite back from the file",
            "feedBeyondRetentionSignalsHistoryCompacted", "history=<n> drops nothing here: the journal reads every"
                    + " transition since its last rewrite back from the file");

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
