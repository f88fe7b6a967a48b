package dev.statestore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.ScopedStateView;
import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import dev.statestore.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** The README's quick start, line for line, with the results its comments promise. */
class ReadmeQuickStartTest {

    @Test
    void quickStartDoesWhatTheReadmeSays() throws InterruptedException {
        BlockingQueue<String> printed = new LinkedBlockingQueue<>();
        try (StateStore store = StateStores.open("statestore:memory:")) {
            JsonNodeFactory json = JsonNodeFactory.instance;
            StateTransition t = store.set("counter", json.numberNode(1), "init");
            assertEquals(1, t.revision());
            assertEquals(1, t.version());
            assertEquals(Optional.of(json.numberNode(1)), store.get("counter"));

            Versioned seen = store.getVersioned("counter").orElseThrow();
            assertEquals(1, seen.revision());
            Optional<StateTransition> won = store.setIf("counter", seen.revision(), json.numberNode(2), "incr");
            assertEquals(2, won.orElseThrow().revision());
            assertEquals(Optional.empty(), store.setIf("counter", seen.revision(), json.numberNode(9), "late"));

            store.changes(0).subscribe(new Flow.Subscriber<>() {
                public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
                public void onNext(StateTransition t) { printed.add(t.revision() + " " + t.key()); }
                public void onError(Throwable e) { }
                public void onComplete() { }
            });

            ScopedStateView acme = store.scoped("acme");
            acme.setWithTtl("session", json.stringNode("s-1"), "login", 60);
            assertEquals(List.of("tenant:acme:session"), store.reapExpired(Instant.now().plusSeconds(61)));
            List<StateTransition> log = store.transitions();
            assertEquals(List.of(1L, 2L, 3L, 4L), log.stream().map(StateTransition::revision).toList());
            assertEquals(t, log.get(0));
            assertEquals("tenant:acme:session", log.get(2).key());
            assertEquals("reap_expired", log.get(3).actionId());

            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String line = printed.poll(10, TimeUnit.SECONDS);
                assertTrue(line != null, "the feed printed " + lines + " and then nothing for 10 s");
                lines.add(line);
            }
            assertEquals(List.of("1 counter", "2 counter", "3 tenant:acme:session", "4 tenant:acme:session"), lines);
        }
    }
}
