package dev.statestore.jsonl;

import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link BadLineFloodTest}: opens the journal {@code args[0]} as a store and
 * reads it with {@link JournalReader}, printing what each found as {@code OPENED …} and
 * {@code READ …} lines. Run with a small heap, it shows that neither keeps every bad line.
 */
public final class FloodMain {

    private FloodMain() {
    }

    /**
     * Opens and reads the journal.
     *
     * @param args the journal's path
     */
    public static void main(String[] args) {
        Path path = Path.of(args[0]);
        try (JsonlStateStore s = JsonlStateStore.open(path)) {
            System.out.println("OPENED " + describe(s.replayReport()) + " keys=" + s.keys());
        }
        System.out.println("READ " + describe(JournalReader.read(path, line -> { })));
        System.out.flush();
    }

    private static String describe(ReplayReport r) {
        List<SkippedLine> kept = r.skipped();
        return "lines=" + r.linesRead() + " applied=" + r.applied() + " skipped=" + r.skippedCount() + " kept="
                + kept.size() + " first=" + kept.get(0).lineNumber() + " last=" + kept.get(kept.size() - 1).lineNumber();
    }
}
