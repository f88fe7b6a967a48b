import dev.statestore.jsonl.JsonlStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The journal that scripts/cli-timing.sh times the tool on: {@code writes} sets over {@code keys}
 * keys ({@code key:0} ... ), each value a small object of about 100 bytes, written by the store
 * itself (durability buffered, every other option at its default, so the journal checkpoints and
 * seals as a service's would). Run with the shaded jar on the class path:
 * {@code java -cp store-cli/target/statestore.jar scripts/CliTimingJournal.java <journal> <writes> <keys>}.
 */
public class CliTimingJournal {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CliTimingJournal <journal> <writes> <keys>");
            System.exit(2);
        }
        Path journal = Path.of(args[0]);
        long writes = Long.parseLong(args[1]);
        int keys = Integer.parseInt(args[2]);
        if (Files.exists(journal)) {
            System.err.println(journal + " exists; give a new path");
            System.exit(2);
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        long start = System.nanoTime();
        try (JsonlStateStore store = JsonlStateStore.open(journal, Map.of("durability", "buffered"))) {
            for (long i = 0; i < writes; i++) {
                int k = (int) (i % keys);
                store.set("key:" + k, json.objectNode().put("write", i).put("round", i / keys)
                        .put("status", "a value of about one hundred bytes, as the bench command writes"), "timing");
            }
        }
        System.out.printf("wrote %,d writes over %,d keys to %s in %.1f s%n", writes, keys, journal,
                (System.nanoTime() - start) / 1e9);
    }
}
