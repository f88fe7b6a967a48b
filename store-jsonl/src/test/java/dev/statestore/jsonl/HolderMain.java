package dev.statestore.jsonl;

import dev.statestore.StateStoreException;
import java.nio.file.Path;

/**
 * The second process of the lock tests. {@code hold <path>}: opens the journal, prints
 * {@code OPEN}, keeps it open until its stdin closes. {@code try <path>}: tries to open the
 * journal and prints {@code OPENED} or {@code REFUSED <message>}.
 */
public final class HolderMain {

    private HolderMain() {
    }

    /**
     * Holds or tries the journal.
     *
     * @param args mode and path
     * @throws Exception if reading stdin fails
     */
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (JsonlStateStore s = JsonlStateStore.open(path)) {
                s.set("holder", Journals.NODES.stringNode("pid " + ProcessHandle.current().pid()), "hold");
                System.out.println("OPEN");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close stdin
                }
            }
        } else {
            try (JsonlStateStore s = JsonlStateStore.open(path)) {
                System.out.println("OPENED " + s.keys());
            } catch (StateStoreException e) {
                System.out.println("REFUSED " + e.getMessage());
            }
            System.out.flush();
        }
    }
}
