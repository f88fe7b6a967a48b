package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A FIFO, a socket or a directory given as a journal is refused before anything opens or replaces it. */
class NonRegularFilesTest {

    static final List<String> READERS = List.of("inspect", "verify", "export", "keys", "tail");
    static final List<String> WRITERS = List.of("compact", "reap");

    @TempDir
    Path dir;

    private Path fifo() throws Exception {
        Path fifo = dir.resolve("pipe.jsonl");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e);
            throw e;
        }
        assumeTrue(p.waitFor() == 0, "mkfifo failed");
        return fifo;
    }

    @Test
    void verifyOfAFifoIsRefusedAtOnceInsteadOfBlocking() throws Exception {
        Path fifo = fifo();
        ChildCli.Run run = ChildCli.run(dir, List.of(), 60, "verify", fifo.toString());
        assertFalse(run.timedOut(), "verify blocked on the FIFO; out: " + run.out() + " err: " + run.err());
        assertEquals(ExitCodes.USAGE, run.exit(), run.err());
        assertEquals(List.of("statestore verify: " + fifo + " is a FIFO (named pipe), not a journal file:"
                + " a journal is a regular file"), run.err().lines().toList());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyCommandRefusesAFifoAndLeavesItAFifo() throws Exception {
        Path fifo = fifo();
        for (String sub : READERS) {
            Cli.run(sub, fifo.toString()).failsWith(ExitCodes.USAGE, "is a FIFO (named pipe), not a journal file");
        }
        for (String sub : WRITERS) {
            Cli.run(sub, fifo.toString()).failsWith(ExitCodes.USAGE, "is a FIFO (named pipe), not a journal file");
        }
        Cli.run("get", fifo.toString(), "k").failsWith(ExitCodes.USAGE, "is a FIFO");
        Cli.run("history", fifo.toString(), "k").failsWith(ExitCodes.USAGE, "is a FIFO");
        Cli.run("put", fifo.toString(), "k", "1").failsWith(ExitCodes.USAGE, "is a FIFO");
        Cli.run("del", fifo.toString(), "k").failsWith(ExitCodes.USAGE, "is a FIFO");
        Cli.run("expire", fifo.toString(), "k", "1").failsWith(ExitCodes.USAGE, "is a FIFO");
        Path in = dir.resolve("in.json");
        Files.writeString(in, "{\"a\":1}");
        Cli.run("import", fifo.toString(), in.toString()).failsWith(ExitCodes.USAGE, "is a FIFO");
        Cli.run("demo", "--journal", fifo.toString(), "--rounds", "1").failsWith(ExitCodes.USAGE, "is a FIFO");
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther(), "the FIFO must stay a FIFO");
        assertEquals(List.of(), Files.list(dir).filter(p -> !p.equals(fifo) && !p.equals(in)).toList(),
                "no lock, temp or side file may be created beside it");
    }

    @Test
    void aSocketIsRefusedAsJournal() throws Exception {
        Path socket = dir.resolve("sock.jsonl");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Cli.run("compact", socket.toString()).failsWith(ExitCodes.USAGE, "is a socket, not a journal file");
            Cli.run("verify", socket.toString()).failsWith(ExitCodes.USAGE, "is a socket, not a journal file");
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "no Unix domain sockets here");
        }
        assertFalse(Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aDirectoryIsRefusedByReadersAndWriters() {
        Cli.run("verify", dir.toString()).failsWith(ExitCodes.USAGE, "is a directory, not a journal file");
        Cli.run("compact", dir.toString()).failsWith(ExitCodes.USAGE, "is a directory, not a journal file");
    }

    @Test
    void aDanglingSymlinkIsRefusedByCommandsThatWouldCreateTheJournal() throws Exception {
        Path link = dir.resolve("link.jsonl");
        Files.createSymbolicLink(link, dir.resolve("missing-target.jsonl"));
        Path in = dir.resolve("in.json");
        Files.writeString(in, "{\"a\":1}");
        Cli.run("import", link.toString(), in.toString()).failsWith(ExitCodes.USAGE, "symbolic link to a file that does not exist");
        assertFalse(Files.exists(dir.resolve("missing-target.jsonl")));
    }
}
