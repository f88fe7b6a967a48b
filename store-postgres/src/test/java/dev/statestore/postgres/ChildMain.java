package dev.statestore.postgres;

import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The main class of the child JVMs of {@link MultiProcessTest}: opens a store by URL (so the
 * provider is found through ServiceLoader), waits for a {@code go} line on stdin, does one job and
 * reports on stdout, one line per fact.
 *
 * <pre>
 * cas URL KEY N          N successful compare-and-set increments of KEY; prints "conflicts C"
 * create URL ROUNDS ID   set key-R to ID for R = 0 … ROUNDS-1
 * write URL PREFIX N     N plain sets of PREFIX-0 … PREFIX-(N-1)
 * reap URL EPOCH_SECOND  reapExpired at that instant; prints "reaped KEY" per key
 * feed URL AFTER N       subscribes to changes(AFTER) before "go"; prints "rev R KEY" for N transitions
 * </pre>
 * Every job ends with the line {@code done}.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        JsonNodeFactory json = JsonNodeFactory.instance;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (StateStore store = StateStores.open(args[1])) {
            switch (args[0]) {
                case "cas" -> {
                    String key = args[2];
                    int n = Integer.parseInt(args[3]);
                    await(in);
                    long conflicts = 0;
                    for (int done = 0; done < n; ) {
                        Optional<Versioned> v = store.getVersioned(key);
                        long revision = v.map(Versioned::revision).orElse(0L);
                        int next = v.map(x -> x.value().intValue()).orElse(0) + 1;
                        if (store.setIf(key, revision, json.numberNode(next), "cas").isPresent()) {
                            done++;
                        } else {
                            conflicts++;
                        }
                    }
                    System.out.println("conflicts " + conflicts);
                }
                case "create" -> {
                    int rounds = Integer.parseInt(args[2]);
                    String id = args[3];
                    await(in);
                    for (int r = 0; r < rounds; r++) {
                        store.set("key-" + r, json.stringNode(id), "create-" + id);
                    }
                }
                case "write" -> {
                    int n = Integer.parseInt(args[3]);
                    await(in);
                    for (int i = 0; i < n; i++) {
                        store.set(args[2] + "-" + i, json.numberNode(i), "write");
                    }
                }
                case "reap" -> {
                    Instant at = Instant.ofEpochSecond(Long.parseLong(args[2]));
                    await(in);
                    List<String> reaped = store.reapExpired(at);
                    StringBuilder out = new StringBuilder();
                    for (String k : reaped) {
                        out.append("reaped ").append(k).append('\n');
                    }
                    System.out.print(out);
                }
                case "feed" -> {
                    long after = Long.parseLong(args[2]);
                    int n = Integer.parseInt(args[3]);
                    CountDownLatch received = new CountDownLatch(n);
                    store.changes(after).subscribe(new Flow.Subscriber<StateTransition>() {
                        @Override
                        public void onSubscribe(Flow.Subscription s) {
                            s.request(n);
                        }

                        @Override
                        public void onNext(StateTransition t) {
                            System.out.println("rev " + t.revision() + " " + t.key());
                            received.countDown();
                        }

                        @Override
                        public void onError(Throwable t) {
                            System.out.println("error " + t);
                        }

                        @Override
                        public void onComplete() {
                        }
                    });
                    System.out.println("subscribed");
                    System.out.flush();
                    await(in);
                    if (!received.await(120, TimeUnit.SECONDS)) {
                        System.out.println("timeout");
                    }
                }
                default -> throw new IllegalArgumentException("unknown job " + args[0]);
            }
        }
        System.out.println("done");
        System.out.flush();
    }

    private static void await(BufferedReader in) throws Exception {
        System.out.println("ready");
        System.out.flush();
        String line = in.readLine();
        if (!"go".equals(line)) {
            throw new IllegalStateException("expected 'go' on stdin, got " + line);
        }
    }
}
