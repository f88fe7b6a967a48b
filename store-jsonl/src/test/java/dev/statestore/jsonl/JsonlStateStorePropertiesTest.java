package dev.statestore.jsonl;

import dev.statestore.StateStore;
import dev.statestore.tck.StateStorePropertiesTck;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit's property tests, reopen properties included, against the JSONL store; every store of
 * an example gets a journal of its own, and reopens are strict (a bad line fails them).
 */
class JsonlStateStorePropertiesTest extends StateStorePropertiesTck {

    @TempDir
    Path dir;

    private int stores;
    private Path last;

    @Override
    protected StateStore newStore(Clock clock) {
        last = dir.resolve("p" + (++stores) + ".jsonl");
        return JsonlStateStore.builder(last).clock(clock).open();
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    /** Every example creates, fsyncs and reopens files; 100 keeps the module's run short. */
    @Override
    protected int examples() {
        return 100;
    }

    @Override
    protected Map<String, String> skippedRules() {
        return Map.of("historySurvivesReopenAfterARewrite",
                JsonlTckFixture.SKIPPED.get("historySurvivesReopenAfterARewrite"),
                "reopensAnywhereMatchTheModel", "the model keeps the history across rewrites and reopens: "
                        + JsonlTckFixture.SKIPPED.get("historySurvivesReopenAfterARewrite"));
    }

    @Override
    protected StateStore reopen(Clock clock) {
        return JsonlStateStore.builder(last).clock(clock).strict(true).open();
    }
}
