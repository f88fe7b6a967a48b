package dev.statestore.tck;

import static dev.statestore.tck.Json.json;
import static dev.statestore.tck.Json.jsonNull;
import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Returns the rules of setWithTtl and reapExpired (rows setWithTtl and reapExpired of the design). */
@Hint("the TTL deadline: timestamp + ttl, reapable when deadline <= now, clamped instead of overflowed, cancelled by a plain write, one reap_expired delete per key.")
abstract class TtlRules extends Rules {

    /** An instant so far ahead that any TTL a test gives other than a huge one has run out. */
    static final Duration FAR = Duration.ofDays(365L * 1000);

    TtlRules(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void setWithTtlRecordsTtl() {
        StateStore s = open();
        s.set("k", num(1), "w");
        clock().advanceSeconds(4);
        StateTransition t = s.setWithTtl("k", num(2), "ttl-writer", 30);
        assertTransition(t, "k", num(1), num(2), "ttl-writer", now(), 30L);
        assertEquals(t, last(s));
        assertEquals(Optional.of(num(2)), s.get("k"));
    }

    @Test
    void ttlZeroIsReapableAtNowEqualTimestamp() {
        StateStore s = open();
        StateTransition t = s.setWithTtl("k", num(1), "w", 0);
        assertEquals(List.of(), s.reapExpired(t.timestamp().minus(NANO)), "reaped before its timestamp");
        assertTrue(s.exists("k"));
        assertEquals(List.of("k"), s.reapExpired(t.timestamp()), "ttl 0 must be reapable at now == timestamp");
        assertFalse(s.exists("k"));
    }

    @Test
    void ttlZeroDoesNotMeanForever() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", 0);
        assertEquals(List.of("k"), s.reapExpired(now().plus(FAR)), "ttl 0 is 'expired at once', not 'forever'");
    }

    @Test
    void keyIsReapableExactlyAtTimestampPlusTtl() {
        StateStore s = open();
        clock().advanceSeconds(1);
        StateTransition t = s.setWithTtl("k", num(1), "w", 10);
        Instant deadline = t.timestamp().plusSeconds(10);
        assertEquals(List.of(), s.reapExpired(deadline.minus(NANO)), "reaped one nanosecond before timestamp + ttl");
        assertTrue(s.exists("k"));
        assertEquals(List.of("k"), s.reapExpired(deadline), "not reaped at timestamp + ttl");
    }

    @Test
    void expiredKeyStaysReadableUntilReaped() {
        StateStore s = open();
        s.setWithTtl("k", json("{'v':1}"), "w", 1);
        clock().advanceSeconds(100);
        assertEquals(Optional.of(json("{'v':1}")), s.get("k"), "get must not check TTLs");
        assertEquals(Optional.of(json("{'v':1}")), s.getValue("k"));
        assertEquals(json("{'v':1}"), s.getOr("k", num(0)));
        assertTrue(s.exists("k"));
        assertEquals(List.of("k"), s.keys());
        assertTrue(s.snapshot().containsKey("k"));
        assertEquals(List.of("k"), s.reapExpired(now()));
        assertEquals(Optional.empty(), s.get("k"));
    }

    @Test
    void plainSetCancelsEarlierTtl() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", 5);
        s.set("k", num(2), "w");
        assertEquals(List.of(), s.reapExpired(now().plusSeconds(5)));
        assertEquals(List.of(), s.reapExpired(now().plus(FAR)), "a plain set must cancel the earlier TTL");
        assertEquals(Optional.of(num(2)), s.get("k"));
    }

    @Test
    void plainSetOfJsonNullCancelsEarlierTtl() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", 0);
        s.set("k", jsonNull(), "w");
        assertEquals(List.of(), s.reapExpired(now().plus(FAR)));
        assertEquals(Optional.of(jsonNull()), s.get("k"));
    }

    @Test
    void deletedKeyIsNotReapedAndLeavesNoTtlBehind() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", 0);
        s.delete("k", "w");
        long count = s.transitionCount();
        assertEquals(List.of(), s.reapExpired(now().plus(FAR)), "a deleted key must not be reaped");
        assertEquals(count, s.transitionCount(), "reaping an absent key recorded a transition");
        s.set("k", num(2), "w");
        assertEquals(List.of(), s.reapExpired(now().plus(FAR)), "the TTL of a deleted key came back");
        assertEquals(Optional.of(num(2)), s.get("k"));
    }

    @Test
    void latestTtlWins() {
        StateStore s = open();
        s.setWithTtl("shortened", num(1), "w", 100);
        s.setWithTtl("lengthened", num(1), "w", 5);
        Instant t0 = now();
        clock().advanceSeconds(3);
        s.setWithTtl("shortened", num(2), "w", 5);
        s.setWithTtl("lengthened", num(2), "w", 100);
        assertEquals(List.of(), s.reapExpired(t0.plusSeconds(8).minus(NANO)));
        assertEquals(List.of("shortened"), s.reapExpired(t0.plusSeconds(8)),
                "the deadline is the latest write's timestamp + its ttl");
        assertEquals(List.of(), s.reapExpired(t0.plusSeconds(103).minus(NANO)), "an earlier, shorter TTL survived");
        assertEquals(List.of("lengthened"), s.reapExpired(t0.plusSeconds(103)));
    }

    @Test
    void hugeTtlNeverOverflows() {
        StateStore s = open();
        long int31 = Integer.MAX_VALUE + 1L;
        long nanosOverflow = Long.MAX_VALUE / 1_000_000_000L + 1;
        long millisOverflow = Long.MAX_VALUE / 1000 + 1;
        StateTransition a = s.setWithTtl("int31", num(1), "w", int31);
        StateTransition b = s.setWithTtl("nanosOverflow", num(2), "w", nanosOverflow);
        StateTransition c = s.setWithTtl("millisOverflow", num(3), "w", millisOverflow);
        StateTransition d = s.setWithTtl("maxEpochSecond", num(4), "w", Instant.MAX.getEpochSecond());
        StateTransition e = s.setWithTtl("longMax", num(5), "w", Long.MAX_VALUE);
        assertEquals(OptionalLong.of(Long.MAX_VALUE), e.ttlSecs(), "the TTL must be recorded as given");
        assertEquals(OptionalLong.of(Instant.MAX.getEpochSecond()), d.ttlSecs());
        assertEquals(List.of(), s.reapExpired(now()), "a huge TTL overflowed into the past");
        Instant[] deadlines = {a.timestamp().plusSeconds(int31), b.timestamp().plusSeconds(nanosOverflow),
            c.timestamp().plusSeconds(millisOverflow)};
        String[] keys = {"int31", "nanosOverflow", "millisOverflow"};
        for (int i = 0; i < deadlines.length; i++) {
            assertEquals(List.of(), s.reapExpired(deadlines[i].minus(NANO)), keys[i] + " reaped before its deadline");
            assertEquals(List.of(keys[i]), s.reapExpired(deadlines[i]), keys[i] + " not reaped at its deadline");
        }
        assertEquals(List.of(), s.reapExpired(Instant.MAX.minusSeconds(1)),
                "a TTL whose deadline lies beyond Instant.MAX was reaped before it");
        assertEquals(List.of("longMax", "maxEpochSecond"), s.keys());
    }

    @Test
    void reapRecordsOneDeletePerKeyWithActionReapExpired() {
        StateStore s = open();
        s.setWithTtl("a", json("{'v':'a'}"), "wa", 1);
        s.setWithTtl("b", jsonNull(), "wb", 2);
        s.setWithTtl("c", num(3), "wc", 3);
        s.setWithTtl("later", num(4), "w", 60);
        s.set("plain", num(5), "w");
        long before = s.transitionCount();
        List<StateTransition> logBefore = s.transitions();
        clock().advanceSeconds(10);
        List<String> reaped = s.reapExpired(now());
        assertEquals(List.of("a", "b", "c"), reaped);
        List<StateTransition> log = s.transitions();
        assertEquals(logBefore, log.subList(0, (int) before), "reaping changed earlier transitions");
        assertEquals(before + 3, s.transitionCount(), "one transition per reaped key");
        List<StateTransition> added = log.subList((int) before, log.size());
        assertEquals(3, added.size());
        assertTransition(added.get(0), "a", json("{'v':'a'}"), null, REAP, null, null);
        assertTransition(added.get(1), "b", jsonNull(), null, REAP, null, null);
        assertTransition(added.get(2), "c", num(3), null, REAP, null, null);
        assertEquals(List.of("later", "plain"), s.keys());
    }

    @Test
    void reapReturnsKeysSortedAndLogsThemInThatOrder() {
        StateStore s = open();
        List<String> inserted = List.of("m", "b", "z", "a", "k2", "k10", "tenant:t:x");
        for (String k : inserted) {
            s.setWithTtl(k, num(1), "w", 0);
        }
        long before = s.transitionCount();
        List<String> reaped = s.reapExpired(now());
        List<String> sorted = new ArrayList<>(inserted);
        sorted.sort(null);
        assertEquals(sorted, reaped);
        List<String> loggedKeys = new ArrayList<>();
        for (StateTransition t : s.transitionsSince(before)) {
            loggedKeys.add(t.key());
        }
        assertEquals(sorted, loggedKeys);
    }

    @Test
    @Hint("the reap's order: it must record its deletes in key order, the order it returns the keys in,"
            + " not in the deadline order a deadline index yields them.")
    void reapLogsKeysInKeyOrderWhateverTheirDeadlines() {
        StateStore s = open();
        s.setWithTtl("z", num(1), "w", 1);
        s.setWithTtl("m", num(2), "w", 3);
        s.setWithTtl("a", num(3), "w", 5);
        s.setWithTtl("tenant:t:b", num(4), "w", 2);
        long before = s.transitionCount();
        List<String> reaped = s.reapExpired(now().plusSeconds(10));
        assertEquals(List.of("a", "m", "tenant:t:b", "z"), reaped);
        List<String> loggedKeys = new ArrayList<>();
        for (StateTransition t : s.transitionsSince(before)) {
            loggedKeys.add(t.key());
        }
        assertEquals(reaped, loggedKeys, "the reap's deletes in the history");
    }

    @Test
    void reapOfNothingRecordsNothing() {
        StateStore s = open();
        assertEquals(List.of(), s.reapExpired(now().plus(FAR)));
        s.set("plain", num(1), "w");
        s.setWithTtl("later", num(2), "w", 60);
        Observed before = Observed.of(s);
        assertEquals(List.of(), s.reapExpired(now().plusSeconds(59)));
        assertUnchanged(before, s, "a reap that found nothing");
    }

    @Test
    void reapJudgesByTheGivenInstantNotTheClock() {
        StateStore s = open();
        Instant t0 = now();
        s.setWithTtl("k", num(1), "w", 10);
        clock().advanceSeconds(1000);
        assertEquals(List.of(), s.reapExpired(t0.plusSeconds(9)), "reaped by the clock instead of the instant given");
        clock().set(t0);
        assertEquals(List.of("k"), s.reapExpired(t0.plusSeconds(10)), "not reaped at the instant given");
    }

    @Test
    void reapTwiceReapsOnce() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", 0);
        assertEquals(List.of("k"), s.reapExpired(now()));
        Observed after = Observed.of(s);
        assertEquals(List.of(), s.reapExpired(now()));
        assertEquals(List.of(), s.reapExpired(now().plus(FAR)));
        assertUnchanged(after, s, "reaping again");
    }

    @Test
    void reapedKeyIsGoneAndCanBeWrittenAgain() {
        StateStore s = open();
        s.setWithTtl("k", num(1), "w", 0);
        s.reapExpired(now());
        assertEquals(Optional.empty(), s.get("k"));
        assertFalse(s.exists("k"));
        assertEquals(List.of(), s.keys());
        assertEquals(Optional.empty(), s.delete("k", "w"), "a reaped key must be absent");
        StateTransition t = s.set("k", num(2), "w");
        assertEquals(Optional.empty(), t.oldValue());
        assertEquals(List.of(), s.reapExpired(now().plus(FAR)), "the reaped key's TTL came back");
    }
}
