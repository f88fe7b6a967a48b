package dev.statestore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statestore.StateStore;
import dev.statestore.StateStores;
import dev.statestore.StateTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Several real JVMs on one database and one store, each opening it by URL: what one process
 * writes, conditionally or not, the others see, and no write, old value, reap or feed item is
 * lost or doubled between them.
 */
class MultiProcessTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final List<Child> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        children.forEach(Child::close);
    }

    private List<Child> start(int count, String... args) throws Exception {
        List<Child> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] own = args.clone();
            for (int a = 0; a < own.length; a++) {
                own[a] = own[a].replace("{i}", Integer.toString(i));
            }
            Child c = Child.start(own);
            children.add(c);
            started.add(c);
        }
        for (Child c : started) {
            c.awaitLine("ready");
        }
        return started;
    }

    private static void goAndWait(List<Child> group) throws Exception {
        for (Child c : group) {
            c.go();
        }
        for (Child c : group) {
            c.awaitDone();
        }
    }

    @Test
    void compareAndSetIncrementsFromSeveralProcessesLoseNone() throws Exception {
        String url = TestDatabase.url(TestDatabase.newStoreName("mp-cas"));
        int processes = 3;
        int each = 30;
        goAndWait(start(processes, "cas", url, "counter", Integer.toString(each)));
        try (StateStore s = StateStores.open(url)) {
            assertEquals(Optional.of(JSON.numberNode(processes * each)), s.get("counter"));
            List<StateTransition> log = s.transitions();
            assertEquals(processes * each, log.size());
            for (int i = 0; i < log.size(); i++) {
                assertEquals(i + 1, log.get(i).version(), "version of " + log.get(i));
                assertEquals(Optional.of(JSON.numberNode(i + 1)), log.get(i).newValue());
            }
        }
    }

    @Test
    void concurrentCreatesInSeveralProcessesRecordTheValueEachReplaced() throws Exception {
        String url = TestDatabase.url(TestDatabase.newStoreName("mp-create"));
        int processes = 3;
        int rounds = 40;
        goAndWait(start(processes, "create", url, Integer.toString(rounds), "p{i}"));
        try (StateStore s = StateStores.open(url)) {
            List<StateTransition> log = s.transitions();
            assertEquals(processes * rounds, log.size());
            Map<String, JsonNode> last = new HashMap<>();
            for (StateTransition t : log) {
                assertEquals(Optional.ofNullable(last.get(t.key())), t.oldValue(), "old value of " + t);
                last.put(t.key(), t.newValue().orElseThrow());
            }
            assertEquals(last, s.snapshot());
        }
    }

    @Test
    void twoReaperProcessesReapEachKeyOnce() throws Exception {
        String url = TestDatabase.url(TestDatabase.newStoreName("mp-reap"));
        int keys = 300;
        try (StateStore s = StateStores.open(url)) {
            Map<String, JsonNode> none = Map.of();
            s.replaceAll(none);
            for (int i = 0; i < keys; i++) {
                s.setWithTtl(String.format("k%03d", i), JSON.numberNode(i), "w", 0);
            }
        }
        String at = Long.toString(Instant.now().plusSeconds(60).getEpochSecond());
        List<Child> reapers = start(2, "reap", url, at);
        goAndWait(reapers);
        Set<String> seen = new HashSet<>();
        for (Child c : reapers) {
            for (String line : c.out) {
                if (line.startsWith("reaped ")) {
                    String key = line.substring(7);
                    assertEquals(true, seen.add(key), key + " was reaped by both processes");
                }
            }
        }
        assertEquals(keys, seen.size(), "keys reaped");
        try (StateStore s = StateStores.open(url)) {
            assertEquals(List.of(), s.keys());
            assertEquals(keys, s.transitions().stream().filter(t -> t.actionId().equals("reap_expired")).count());
        }
    }

    @Test
    void aFeedInOneProcessSeesEveryWriteOfTheOthersGapless() throws Exception {
        // With NOTIFY as the wake-up; polling alone is tested between two pools in ChangeFeedTest.
        for (String notify : List.of("true")) {
            String url = TestDatabase.url(TestDatabase.newStoreName("mp-feed"), "notify=" + notify);
            int writers = 2;
            int each = 40;
            long before;
            try (StateStore s = StateStores.open(url)) {
                s.set("before", JSON.numberNode(0), "w");
                before = s.transitionCount();
            }
            Child feed = start(1, "feed", url, Long.toString(before), Integer.toString(writers * each)).get(0);
            feed.awaitLine("subscribed");
            List<Child> group = start(writers, "write", url, "p{i}", Integer.toString(each));
            feed.go();
            goAndWait(group);
            feed.awaitDone();
            List<String> got = new ArrayList<>();
            for (String line : feed.out) {
                if (line.startsWith("rev ")) {
                    got.add(line);
                }
            }
            try (StateStore s = StateStores.open(url)) {
                List<String> want = new ArrayList<>();
                for (StateTransition t : s.transitionsSince(before)) {
                    want.add("rev " + t.revision() + " " + t.key());
                }
                assertEquals(writers * each, want.size());
                assertEquals(want, got, "notify=" + notify + ": the feed must deliver every write, in revision order");
            }
        }
    }
}
