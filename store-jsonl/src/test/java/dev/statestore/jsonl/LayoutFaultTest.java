package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStoreException;
import dev.statestore.StateTransition;
import dev.statestore.jsonl.internal.LayoutFiles;
import dev.statestore.tck.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The fault behaviour of version 1 holds for every file of the layout (through the
 * {@link FaultyIo} seam, real files underneath): a failed fsync of a checkpoint, a manifest, the
 * active file being sealed or a directory makes the journal refuse writes for good (it is never
 * retried), and nothing acknowledged is lost on reopen; a failed write or rename changes nothing
 * and the store goes on; a background failure is retried after a back-off; the temp files a crash
 * leaves in the layout's directory are removed on open.
 */
class LayoutFaultTest {

    @TempDir
    Path dir;

    final FaultyIo io = new FaultyIo();
    final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T00:00:00Z"));

    Path journal() {
        return dir.resolve("f.jsonl");
    }

    JsonlStateStore open() {
        return JsonlStateStore.builder(journal()).clock(clock).io(io).segmentBytes(512).history("1000").open();
    }

    static JsonNode n(int i) {
        return Journals.NODES.numberNode(i);
    }

    void write(JsonlStateStore s, int from, int to) {
        for (int i = from; i < to; i++) {
            clock.advance(Duration.ofSeconds(1));
            s.set("k" + (i % 5), n(i), "w" + i);
        }
    }

    static void assertRefusesWrites(JsonlStateStore s) {
        StateStoreException e = assertThrows(StateStoreException.class, () -> s.set("x", n(0), "w"));
        assertTrue(e.getMessage().contains("refuses writes"), e.getMessage());
    }

    List<StateTransition> reopenedHistory() {
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).strict(true).open()) {
            return s.transitionsSince(0);
        }
    }

    @Test
    void aFailedFsyncOfTheCheckpointRefusesWritesAndLosesNothing() {
        List<StateTransition> written;
        try (JsonlStateStore s = open()) {
            write(s, 0, 30);
            written = s.transitionsSince(0);
            io.syncFaultsOn = p -> p.getFileName().toString().endsWith(".checkpoint.tmp");
            io.failSync = true;
            StateStoreException e = assertThrows(StateStoreException.class, s::compact);
            assertTrue(e.getMessage().contains("fsync"), e.getMessage());
            assertRefusesWrites(s);
            assertEquals(written, s.transitionsSince(0), "reads keep working");
        }
        assertEquals(written, reopenedHistory());
        assertEquals(List.of(), new LayoutFiles(journal()).staleTemps(), "the open removed the temp file");
    }

    @Test
    void aFailedFsyncOfTheManifestRefusesWrites() {
        try (JsonlStateStore s = open()) {
            write(s, 0, 10);
            io.syncFaultsOn = p -> p.getFileName().toString().endsWith(".manifest.json.tmp");
            io.failSync = true;
            assertThrows(StateStoreException.class, s::compact);
            assertRefusesWrites(s);
        }
        assertEquals(10, reopenedHistory().size());
    }

    @Test
    void aFailedRenameWhileSealingChangesNothingAndTheStoreGoesOn() {
        try (JsonlStateStore s = open()) {
            write(s, 0, 20);
            io.failMove = true;
            StateStoreException e = assertThrows(StateStoreException.class, s::compact, "compact seals first");
            assertTrue(e.getMessage().contains("unchanged"), e.getMessage());
            assertEquals(List.of(), Journals.segments(journal()), "no segment was sealed");
            write(s, 20, 30);
            io.failMove = false;
            s.compact();
            assertEquals(1, Journals.segments(journal()).size());
            write(s, 30, 35);
        }
        List<StateTransition> history = reopenedHistory();
        assertEquals(35, history.size());
        JournalAudit.assertSound(journal());
    }

    @Test
    void aFailedDirectoryFsyncWhileSealingRefusesWrites() {
        try (JsonlStateStore s = open()) {
            write(s, 0, 20);
            s.compact(); // creates the directory, seals once
            write(s, 20, 30);
            io.failDirectorySync = true;
            assertThrows(StateStoreException.class, s::compact);
            assertRefusesWrites(s);
        }
        io.failDirectorySync = false;
        assertEquals(30, reopenedHistory().size());
    }

    @Test
    void aFailedFsyncOfTheActiveFileBeingSealedRefusesWrites() {
        try (JsonlStateStore s = open()) {
            write(s, 0, 20);
            io.syncFaultsOn = p -> p.equals(s.path());
            io.failSync = true;
            assertThrows(StateStoreException.class, s::compact);
            assertRefusesWrites(s);
        }
        io.failSync = false;
        assertEquals(20, reopenedHistory().size());
    }

    @Test
    void aBackgroundCheckpointThatFailsIsRetriedAfterABackOff() throws Exception {
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).io(io).checkpointLines(10)
                .checkpointBytes(1).open()) {
            io.failMove = true;
            write(s, 0, 12);
            s.awaitMaintenance();
            assertEquals(List.of(), Journals.checkpoints(journal()), "the checkpoint's rename failed");
            io.failMove = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Journals.checkpoints(journal()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, Journals.checkpoints(journal()).size(), "retried after the back-off");
            write(s, 12, 14);
        }
        assertEquals(14, reopenedHistory().size());
    }

    @Test
    void tempFilesACrashLeftInTheLayoutAreRemovedOnOpen() throws Exception {
        try (JsonlStateStore s = open()) {
            write(s, 0, 10);
            s.compact();
        }
        LayoutFiles files = new LayoutFiles(journal());
        Map<Path, String> temps = Map.of(files.manifestTemp(), "{\"layout\":", files.checkpointTemp(), "{\"key\":\"k",
                files.restoreTemp(), "", files.activeTemp(), "{\"key\"");
        for (Map.Entry<Path, String> t : temps.entrySet()) {
            Files.writeString(t.getKey(), t.getValue());
        }
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).strict(true).open()) {
            assertEquals(10, s.transitionCount());
        }
        for (Path t : temps.keySet()) {
            assertFalse(Files.exists(t), t.toString());
        }
        JournalAudit.assertSound(journal());
    }
}
