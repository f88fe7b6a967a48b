package dev.statestore.cli;

import dev.statestore.ScopedStateView;
import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo's agent-like workload run against a store: three tenants with three agents
 * each, over a number of rounds. Per round an agent overwrites its status and caches a tool
 * result with a TTL (every third one with TTL 0: stale at once, reapable by the next reap); a
 * tenant bumps a call counter, writes and later deletes scratch keys, and now and then opens a
 * session with a 30-minute TTL. The same run number gives the same writes.
 *
 * <p>Not thread-safe: one run, one thread. It does not open or close the store.
 */
final class DemoWorkload {

    static final List<String> TENANTS = List.of("acme", "globex", "initech");
    static final List<String> AGENTS = List.of("planner", "researcher", "coder");
    static final List<String> STATES = List.of("thinking", "calling_tool", "waiting", "done");
    static final List<String> TOOLS = List.of("search", "read_file", "run_tests", "http_get");
    static final int CACHE_SLOTS = 20;
    static final long CACHE_TTL_SECS = 3600;
    static final long SESSION_TTL_SECS = 1800;

    private final int run;
    private final Random random;

    long sets;
    long updates;
    long ttlSets;
    long deletes;
    long nanos;

    DemoWorkload(int run) {
        this.run = run;
        this.random = new Random(run);
    }

    long operations() {
        return sets + updates + deletes;
    }

    /**
     * Runs rounds {@code from} (inclusive) to {@code to} (exclusive) of {@code total} against
     * {@code store}, reporting the round to {@code progress}; {@link #nanos} adds up the time.
     */
    void run(StateStore store, int from, int to, int total, Progress progress) {
        long start = System.nanoTime();
        for (int r = from; r < to; r++) {
            progress.update("demo: round " + (r + 1) + " of " + total);
            for (String tenant : TENANTS) {
                round(store.scoped(tenant), r);
            }
        }
        nanos += System.nanoTime() - start;
    }

    private void round(ScopedStateView view, int r) {
        for (String agent : AGENTS) {
            ObjectNode status = Json.NODES.objectNode();
            status.put("run", run);
            status.put("round", r);
            status.put("state", STATES.get(random.nextInt(STATES.size())));
            count(view.set("agent:" + agent + ":status", status, agent));

            ObjectNode result = Json.NODES.objectNode();
            result.put("tool", TOOLS.get(random.nextInt(TOOLS.size())));
            result.put("result", "ok-" + Integer.toHexString(random.nextInt()));
            result.put("tokens", 50 + random.nextInt(950));
            String slot = "cache:" + agent + ":" + (r % CACHE_SLOTS);
            ttlSets++;
            count(view.setWithTtl(slot, result, agent, r % 3 == 0 ? 0 : CACHE_TTL_SECS));
        }
        ObjectNode calls = Json.NODES.objectNode();
        calls.put("calls", (long) run * 1_000_000 + (r + 1L) * AGENTS.size());
        count(view.set("counter:calls", calls, "metrics"));

        if (r % 5 == 4) {
            if (view.delete("scratch:" + (r - 1), "cleanup").isPresent()) {
                deletes++;
            }
        }
        if (r % 5 == 3) {
            ObjectNode scratch = Json.NODES.objectNode();
            scratch.put("draft", "notes of round " + r);
            count(view.set("scratch:" + r, scratch, "planner"));
        }
        if (r % 25 == 0) {
            ObjectNode session = Json.NODES.objectNode();
            session.put("user", "user-" + random.nextInt(100));
            session.put("opened_round", r);
            String key = "session:" + run + "-" + r;
            ttlSets++;
            count(view.setWithTtl(key, session, "login", SESSION_TTL_SECS));
        }
    }

    private void count(StateTransition t) {
        if (t.oldValue().isPresent()) {
            updates++;
        } else {
            sets++;
        }
    }
}
