package dev.statestore.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.statestore.jsonl.internal.JournalPaths;
import dev.statestore.tck.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rewrites keep who may read the journal: the new file gets the journal's POSIX mode and owner
 * before any of its bytes are written, and so does a torn tail's side file.
 */
class FileModeTest {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final int OTHER_UID = 4242;
    static final int OTHER_GID = 4343;

    @TempDir
    Path dir;

    Path journal() {
        return dir.resolve("secret.jsonl");
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int attribute(Path p, String name) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:" + name);
    }

    /** Creates the journal with mode 600 (and, as root, another owner), rewrites it with {@code rewrite}, and checks both. */
    void assertRewriteKeepsModeAndOwner(Consumer<JsonlStateStore> rewrite) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        FaultyIo io = new FaultyIo();
        try (JsonlStateStore s = JsonlStateStore.builder(journal()).clock(clock).io(io).open()) {
            s.set("password", Journals.NODES.stringNode("hunter2"), "w");
            s.setWithTtl("token", Journals.NODES.stringNode("t"), "w", 1);
            Files.setPosixFilePermissions(journal(), OWNER_ONLY);
            if (root()) {
                Files.setAttribute(journal(), "unix:uid", OTHER_UID);
                Files.setAttribute(journal(), "unix:gid", OTHER_GID);
            }
            rewrite.accept(s);
            JournalAudit.assertLockedByThisProcess(journal());
            s.set("after", Journals.NODES.numberNode(1), "w");
        }
        assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(journal()));
        assertEquals(OWNER_ONLY, io.modeAtFirstWrite.get(JournalPaths.tempFile(journal())),
                "the new content was written into a file more open than the journal");
        if (root()) {
            assertEquals(OTHER_UID, attribute(journal(), "uid"));
            assertEquals(OTHER_GID, attribute(journal(), "gid"));
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertTrue(s.exists("after"));
        }
    }

    @Test
    void compactionKeepsTheJournalsModeAndOwner() throws Exception {
        assertRewriteKeepsModeAndOwner(JsonlStateStore::compact);
    }

    @Test
    void replaceAllAndRestoreKeepTheJournalsModeAndOwner() throws Exception {
        assertRewriteKeepsModeAndOwner(s -> {
            s.restore(s.snapshot(), 1);
            s.replaceAll(Map.of("password", Journals.NODES.stringNode("hunter3")));
        });
    }

    @Test
    void aTornTailsSideFileGetsTheJournalsModeAndOwner() throws Exception {
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            s.set("password", Journals.NODES.stringNode("hunter2"), "w");
        }
        Files.write(journal(), "{\"key\":\"password\",\"new_value\":\"hunt".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        Files.setPosixFilePermissions(journal(), OWNER_ONLY);
        if (root()) {
            Files.setAttribute(journal(), "unix:uid", OTHER_UID);
        }
        try (JsonlStateStore s = JsonlStateStore.open(journal())) {
            assertTrue(s.replayReport().tornBytes() > 0);
        }
        List<Path> sides = Journals.filesStartingWith(dir, "secret.jsonl.torn-");
        assertEquals(1, sides.size());
        assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(sides.get(0)));
        if (root()) {
            assertEquals(OTHER_UID, attribute(sides.get(0), "uid"));
        }
    }

    @Test
    void theOwnerIsKeptWhenRootCompactsAnotherUsersJournal() throws Exception {
        assumeTrue(root(), "changing a file's owner needs root");
        assertRewriteKeepsModeAndOwner(JsonlStateStore::compact);
        assertEquals(OTHER_UID, attribute(journal(), "uid"));
    }
}
