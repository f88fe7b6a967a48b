package dev.statestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.jsonl.JsonlStateStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Keys, tenants, action ids and values that hold line breaks or terminal control sequences print escaped. */
class EscapedOutputTest {

    /** A key with a line break: printed raw it would show as two keys. */
    static final String TWO_LINES = "two\nlines";
    /** ESC [ 31 m: colours the terminal red. */
    static final String RED = "\u001b[31mred\u001b[0m";
    /** ESC ] 0 ; ... BEL: sets the terminal's title (OSC). */
    static final String TITLE = "tenant:\u001b]0;pwned\u0007:k";
    /** U+009B, the one-character CSI, then U+202E, which reverses the text after it. */
    static final String C1_AND_BIDI = "csi\u009b2Jrev\u202eabc";

    @TempDir
    Path dir;

    private Path journal() {
        Path path = dir.resolve("escapes.jsonl");
        try (JsonlStateStore store = JsonlStateStore.builder(path).clock(new Fixtures.SteppingClock(Fixtures.T0)).open()) {
            store.set(TWO_LINES, Fixtures.JSON.stringNode("v\u001b[2J\u009b"), "agent\u001b[1m");
            store.set(RED, Fixtures.JSON.numberNode(1), "a");
            store.setWithTtl(TITLE, Fixtures.JSON.numberNode(2), "a", 0);
            store.set(C1_AND_BIDI, Fixtures.JSON.numberNode(3), "a");
            store.set("back\\slash", Fixtures.JSON.numberNode(4), "a");
        }
        return path;
    }

    /** Asserts that {@code text} holds no character a terminal would act on, other than line ends. */
    private static void assertTerminalSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n') {
                int at = i;
                assertTrue(!Text.invisible(c), () -> String.format("raw U+%04X at %d in: %s", (int) c, at, text));
            }
        }
    }

    @Test
    void keysPrintsEachKeyOnOneLineWithControlsEscaped() {
        Cli.Run run = Cli.run("keys", journal().toString()).succeeds();
        assertTerminalSafe(run.out());
        assertEquals(List.of("\\u001B[31mred\\u001B[0m", "back\\\\slash", "csi\\u009B2Jrev\\u202Eabc",
                "tenant:\\u001B]0;pwned\\u0007:k", "two\\nlines"), run.outLines());
    }

    @Test
    void tailHistoryInspectAndReapEscapeKeysActionIdsAndValues() {
        Path journal = journal();
        Cli.Run tail = Cli.run("tail", "-n", "10", journal.toString()).succeeds();
        assertTerminalSafe(tail.out());
        assertEquals(5, tail.outLines().size(), tail.out());
        assertTrue(tail.outLines().get(0).contains("set  two\\nlines  \"v\\u001B[2J\\u009B\"  by agent\\u001B[1m"),
                tail.out());

        Cli.Run history = Cli.run("history", journal.toString(), TWO_LINES).succeeds();
        assertTerminalSafe(history.out());
        assertEquals(1, history.outLines().size(), history.out());

        Cli.Run inspect = Cli.run("inspect", journal.toString(), "--now", "2030-01-01T00:00:00Z").succeeds();
        assertTerminalSafe(inspect.out());
        assertTrue(inspect.out().contains("\\u001B]0;pwned\\u0007 (1)"), inspect.out());

        Cli.Run reap = Cli.run("reap", journal.toString(), "--now", "2030-01-01T00:00:00Z").succeeds();
        assertTerminalSafe(reap.out());
        assertTrue(reap.outLines().contains("  tenant:\\u001B]0;pwned\\u0007:k"), reap.out());
    }

    @Test
    void jsonOutputEscapesControlsButKeepsTheExactKeysAndValues() {
        Path journal = journal();
        Cli.Run export = Cli.run("export", journal.toString()).succeeds();
        assertTerminalSafe(export.out());
        JsonNode state = Json.MAPPER.readTree(export.out());
        assertTrue(state.has(TWO_LINES) && state.has(RED) && state.has(C1_AND_BIDI), export.out());
        assertEquals("v\u001b[2J\u009b", state.get(TWO_LINES).asString());

        Cli.Run get = Cli.run("get", journal.toString(), TWO_LINES).succeeds();
        assertTerminalSafe(get.out());
        assertEquals("v\u001b[2J\u009b", Json.MAPPER.readTree(get.out()).asString());
    }

    @Test
    void errorMessagesEscapeTheKeyTheyName() {
        Path journal = journal();
        Cli.Run run = Cli.run("get", journal.toString(), "no\u001b]0;x\u0007pe\nsecond");
        run.failsWith(ExitCodes.PROBLEMS, "key 'no\\u001B]0;x\\u0007pe\\nsecond' not found");
        assertTerminalSafe(run.err());
    }

    @Test
    void badLineReasonsThatQuoteTheLineAreEscaped() {
        Path journal = journal();
        Fixtures.append(journal, "\u001b]0;pwned\u0007 not json\n");
        Cli.Run verify = Cli.run("verify", journal.toString());
        assertEquals(ExitCodes.PROBLEMS, verify.exit(), verify.out());
        assertTerminalSafe(verify.out());
        Cli.Run inspect = Cli.run("inspect", journal.toString()).succeeds();
        assertTerminalSafe(inspect.out());
        Cli.Run tail = Cli.run("tail", journal.toString()).succeeds();
        assertTerminalSafe(tail.err());
    }

    @Test
    void escapeWritesControlsAsJsonEscapesAndLeavesOtherTextAlone() {
        assertEquals("plain key/ü/日本/😀", Text.escape("plain key/ü/日本/😀"));
        assertEquals("a\\nb\\rc\\td\\\\e\\u001Bf\\u007Fg\\u0085h\\u200Bi\\u2028j", Text.escape(
                "a\nb\rc\td\\e\u001bf\u007fg\u0085h\u200bi\u2028j"));
        assertEquals("lone \\uD800 surrogate", Text.escape("lone \ud800 surrogate"));
        assertEquals("C:\\path; next line \\u001B", Text.oneLine("C:\\path\nnext line \u001b"));
    }
}
