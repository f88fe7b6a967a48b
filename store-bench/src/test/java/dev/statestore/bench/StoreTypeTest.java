package dev.statestore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class StoreTypeTest {

    @Test
    void memoryUrlIgnoresTheDirectoryAndJournaledUrlsNameTheFile() {
        assertEquals("statestore:memory:", StoreType.MEMORY.url(null));
        String url = StoreType.JSONL_SYNCED.url(Paths.get("/data/x"));
        assertEquals("statestore:jsonl:/data/x/state.jsonl?durability=synced", url);
        assertThrows(NullPointerException.class, () -> StoreType.JSONL_FLUSHED.url(null));
    }
}
