package dev.statestore.jsonl;

import dev.statestore.StateStore;
import dev.statestore.tck.StateStoreTck;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit, reopen group included, against the JSONL store (default durability): each
 * {@code newStore} gets a journal of its own, {@code reopen} opens the latest one strictly.
 */
class JsonlStateStoreTckTest extends StateStoreTck {

    @TempDir
    Path dir;

    private int stores;
    private Path last;

    @Override
    protected StateStore newStore(Clock clock) {
        last = dir.resolve("s" + (++stores) + ".jsonl");
        return JsonlStateStore.builder(last).clock(clock).open();
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected StateStore reopen(Clock clock) {
        return JsonlStateStore.builder(last).clock(clock).strict(true).open();
    }
}
