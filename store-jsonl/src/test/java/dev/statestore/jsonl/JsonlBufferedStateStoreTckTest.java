package dev.statestore.jsonl;

import dev.statestore.Durability;
import dev.statestore.StateStore;
import dev.statestore.tck.StateStoreTck;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit, reopen group included, against the JSONL store in {@code buffered} mode:
 * the same rules must hold whichever durability a deployment picks.
 */
class JsonlBufferedStateStoreTckTest extends StateStoreTck {

    @TempDir
    Path dir;

    private int stores;
    private Path last;

    @Override
    protected StateStore newStore(Clock clock) {
        last = dir.resolve("s" + (++stores) + ".jsonl");
        return JsonlStateStore.builder(last).durability(Durability.BUFFERED).clock(clock).open();
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected StateStore reopen(Clock clock) {
        return JsonlStateStore.builder(last).durability(Durability.BUFFERED).clock(clock).strict(true).open();
    }
}
