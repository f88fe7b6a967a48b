package dev.statestore.jsonl;

import dev.statestore.StateStoreException;
import java.nio.file.Path;

/**
 * The second process of the lock tests. {@code hold <path>}: opens the journal, prints
 * {@code OPEN}, keeps it open until its stdin closes. {@code try <path>}: tries to open the
 * journal and prints {@code OPENED} or {@code REFUSED <message>}. {@code tryloop <path> <n>}:
 * prints {@code READY}, tries {@code n} times, and prints {@code OPENED <k> OF <n>}.
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
        } else if (args[0].equals("tryloop")) {
            int attempts = Integer.parseInt(args[2]);
            int opened = 0;
            System.out.println("READY");
            System.out.flush();
            for (int i = 0; i < attempts; i++) {
                try {
                    JsonlStateStore.open(path).close();
                    opened++;
                } catch (StateStoreException e) {
                    // refused, as it must be while the parent holds the journal
                }
            }
            System.out.println("OPENED " + opened + " OF " + attempts);
            System.out.flush();
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
