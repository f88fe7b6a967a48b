package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.Versioned;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Keys that {@code replaceAll} installs, and keys a {@code restore} keeps without a retained write,
 * have revision 0 and version 1; their state lines carry no {@code rev}, and a reopened journal
 * must still give them version 1 (a {@code Versioned} with version 0 cannot exist).
 */
class RevisionZeroStateLinesTest {

    static final JsonNode ONE = JsonNodeFactory.instance.numberNode(1);

    @TempDir
    Path dir;

    @Test
    void keyInstalledByReplaceAllHasVersionOneAfterReopen() {
        Path journal = dir.resolve("state.jsonl");
        try (JsonlStateStore s = JsonlStateStore.open(journal)) {
            s.replaceAll(Map.of("a", ONE));
            assertEquals(1, s.getVersioned("a").orElseThrow().version());
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal)) {
            Versioned v = s.getVersioned("a").orElseThrow();
            assertEquals(0, v.revision());
            assertEquals(1, v.version());
            assertEquals(ONE, v.value());
        }
    }

    @Test
    void keyRestoredWithoutARetainedWriteHasVersionOneAfterReopen() {
        Path journal = dir.resolve("state.jsonl");
        try (JsonlStateStore s = JsonlStateStore.open(journal)) {
            s.set("b", ONE, "w");
            s.restore(Map.of("a", ONE), 0);
            assertEquals(1, s.getVersioned("a").orElseThrow().version());
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal)) {
            Versioned v = s.getVersioned("a").orElseThrow();
            assertEquals(0, v.revision());
            assertEquals(1, v.version());
        }
    }
}
