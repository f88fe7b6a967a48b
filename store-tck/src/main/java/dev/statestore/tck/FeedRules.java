package dev.statestore.tck;

import static dev.statestore.tck.Json.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.ScopedStateView;
import dev.statestore.StateStore;
import dev.statestore.StateTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Returns the rules of {@code changes(afterRevision)}: every transition after the position, in
 * revision order, none skipped and none twice, first the history then live; {@code request(n)}
 * honoured; cancel stops delivery; {@code onComplete} on close; {@code onError} when a rewind
 * discards a revision the subscriber has seen; a view's feed carries only its tenant.
 *
 * <p>Feeds are asynchronous: each rule waits for what must arrive with a bounded timeout
 * ({@link FeedProbe#WAIT_SECONDS}); it proves that nothing else arrived by writing a sentinel and
 * checking that it is the very next item.
 */
@Hint("the change feed's drain loop: its position (the last delivered revision), its demand, and"
        + " how it reads the history after the position in pages.")
abstract class FeedRules extends Rules {

    FeedRules(StoreFixture fixture) {
        super(fixture);
    }

    private static void write(StateStore s, int from, int n) {
        for (int i = from; i < from + n; i++) {
            s.set("k" + (i % 5), num(i), "w");
        }
    }

    @Test
    @Hint("history then live: the feed reads the retained history after its position, then waits for"
            + " commits; no revision may be skipped or sent twice at the hand-over.")
    void feedDeliversHistoryThenLiveInRevisionOrder() {
        StateStore s = open();
        write(s, 0, 5);
        FeedProbe probe = subscribe(s.changes(0)).request(Long.MAX_VALUE);
        List<StateTransition> history = probe.next(5);
        assertEquals(s.transitions(), history, "the feed's history part");
        write(s, 5, 5);
        s.delete("k0", "w");
        List<StateTransition> live = probe.next(6);
        assertEquals(s.transitionsSince(5), live, "the feed's live part");
        s.set("sentinel", num(0), "w");
        assertEquals(12, probe.next().revision(), "the next item after the live part");
        probe.assertNoBreaches();
    }

    @Test
    void feedStartsAfterTheGivenRevision() {
        StateStore s = open();
        write(s, 0, 6);
        FeedProbe from3 = subscribe(s.changes(3)).request(Long.MAX_VALUE);
        assertEquals(List.of(4L, 5L, 6L), from3.nextRevisions(3));
        FeedProbe onlyNew = subscribe(s.changes(s.transitionCount())).request(Long.MAX_VALUE);
        FeedProbe beyond = subscribe(s.changes(100)).request(Long.MAX_VALUE);
        s.set("x", num(1), "w");
        assertEquals(7, onlyNew.next().revision(), "changes(transitionCount()) delivers only new writes");
        assertEquals(7, from3.next().revision());
        write(s, 0, 93);
        s.set("y", num(1), "w");
        assertEquals(101, beyond.next().revision(), "changes(100) before revision 100 existed");
        from3.assertNoBreaches();
        onlyNew.assertNoBreaches();
        beyond.assertNoBreaches();
    }

    @Test
    @Hint("the feed under load: while writers race ahead, the subscription must fall back to reading the"
            + " history rather than drop what it has not delivered yet.")
    void feedIsGaplessUnderLoad() {
        StateStore s = open();
        FeedProbe probe = subscribe(s.changes(0));
        int total = 3000;
        Thread writer = new Thread(() -> write(s, 0, total), "kit-feed-writer");
        writer.start();
        List<Long> got = new ArrayList<>();
        long requested = 0;
        while (got.size() < total) {
            if (requested == got.size()) {
                long n = Math.min(1 + got.size() % 97, total - got.size());
                probe.request(n);
                requested += n;
            }
            got.add(probe.next().revision());
        }
        assertTimeoutPreemptively(Duration.ofSeconds(FeedProbe.WAIT_SECONDS), () -> writer.join());
        assertEquals(range(1, total), got, "the revisions the feed delivered under load");
        probe.assertNoBreaches();
    }

    @Test
    @Hint("demand: deliver at most what was requested (count each onNext against request(n)), and"
            + " deliver what was requested without waiting for more requests.")
    void feedHonoursRequestN() {
        StateStore s = open();
        write(s, 0, 10);
        FeedProbe probe = subscribe(s.changes(0));
        probe.request(2);
        assertEquals(List.of(1L, 2L), probe.nextRevisions(2));
        probe.assertNothingArrivesWithin(300);
        probe.request(1);
        assertEquals(3, probe.next().revision());
        probe.assertNothingArrivesWithin(300);
        probe.request(3);
        assertEquals(List.of(4L, 5L, 6L), probe.nextRevisions(3));
        write(s, 10, 2);
        probe.request(1);
        probe.request(1);
        assertEquals(List.of(7L, 8L), probe.nextRevisions(2));
        probe.assertNoBreaches();
        assertEquals(8, probe.received(), "items beyond the demand arrived");
    }

    @Test
    @Hint("a subscriber without demand must not hold writers: writes only wake subscriptions up, they"
            + " never wait for a subscriber or buffer for it.")
    void stuckSubscriberDoesNotBlockWriters() {
        StateStore s = open();
        FeedProbe stuck = subscribe(s.changes(0)).request(1);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> write(s, 0, 2000),
                "2000 writes with a subscriber that requested 1 item");
        assertEquals(1, stuck.next().revision());
        stuck.request(2);
        assertEquals(List.of(2L, 3L), stuck.nextRevisions(2), "the stuck subscriber continues where it was");
        stuck.assertNoBreaches();
    }

    @Test
    @Hint("cancel: after cancel() returns (here from inside onNext) the subscription must deliver nothing"
            + " more, not even onComplete when the store closes.")
    void cancelStopsDelivery() {
        StateStore s = open();
        write(s, 0, 3);
        FeedProbe cancelling = subscribe(s.changes(0), new FeedProbe(2)).request(Long.MAX_VALUE);
        FeedProbe control = subscribe(s.changes(0)).request(Long.MAX_VALUE);
        assertEquals(List.of(1L, 2L), cancelling.nextRevisions(2));
        write(s, 3, 5);
        assertEquals(range(1, 8), control.nextRevisions(8), "the other subscriber's feed");
        s.close();
        control.expectComplete();
        cancelling.assertNothingArrivesWithin(300); // a feed that ignores cancel may deliver late
        cancelling.assertNoBreaches();
        control.assertNoBreaches();
    }

    @Test
    void everySubscriptionIsIndependent() {
        StateStore s = open();
        write(s, 0, 4);
        var feed = s.changes(1);
        FeedProbe a = subscribe(feed).request(1);
        FeedProbe b = subscribe(feed).request(3);
        assertEquals(List.of(2L), a.nextRevisions(1));
        assertEquals(List.of(2L, 3L, 4L), b.nextRevisions(3));
        a.request(2);
        assertEquals(List.of(3L, 4L), a.nextRevisions(2));
        a.assertNoBreaches();
        b.assertNoBreaches();
    }

    @Test
    @Hint("close: the store completes every open subscription (onComplete), and a subscription made"
            + " after close completes at once.")
    void feedCompletesWhenTheStoreCloses() {
        StateStore s = open();
        write(s, 0, 2);
        var later = s.changes(0);
        FeedProbe idle = subscribe(s.changes(0));
        FeedProbe reading = subscribe(s.changes(0)).request(Long.MAX_VALUE);
        assertEquals(List.of(1L, 2L), reading.nextRevisions(2));
        s.close();
        reading.expectComplete();
        idle.expectComplete();
        FeedProbe afterClose = subscribe(later);
        afterClose.expectComplete();
        assertThrows(IllegalStateException.class, () -> s.changes(0), "changes() after close");
        reading.assertNoBreaches();
        idle.assertNoBreaches();
    }

    @Test
    @Hint("rewinds: restore(snapshot, n) discards revisions above n, which later writes reuse; a"
            + " subscriber that received one of them must get onError(IllegalStateException).")
    void restoreBehindTheFeedPositionSignalsOnError() {
        StateStore s = open();
        write(s, 0, 3);
        var snap = s.snapshot();
        write(s, 3, 3);
        FeedProbe ahead = subscribe(s.changes(0)).request(Long.MAX_VALUE);
        assertEquals(range(1, 6), ahead.nextRevisions(6));
        s.restore(snap, 3);
        ahead.expectError(IllegalStateException.class);
        s.set("after", num(1), "w");
        assertEquals(List.of(), ahead.pending(), "signals after onError");
        ahead.assertNoBreaches();
    }

    @Test
    @Hint("rewinds: a subscriber that has not passed the rewind point continues with the new history.")
    void feedBehindTheRewindPointContinuesWithTheNewHistory() {
        StateStore s = open();
        write(s, 0, 3);
        var snap = s.snapshot();
        write(s, 3, 3);
        FeedProbe behind = subscribe(s.changes(0)).request(2);
        assertEquals(List.of(1L, 2L), behind.nextRevisions(2));
        s.restore(snap, 3);
        StateTransition fresh = s.set("fresh", num(1), "w");
        behind.request(2);
        List<StateTransition> next = behind.next(2);
        assertEquals(List.of(3L, 4L), revisions(next));
        assertEquals(fresh, next.get(1), "revision 4 after the rewind is the new write");
        behind.assertNoBreaches();
    }

    @Test
    void replaceAllSignalsOnErrorToASubscriberThatSawARevision() {
        StateStore s = open();
        write(s, 0, 2);
        FeedProbe seen = subscribe(s.changes(0)).request(Long.MAX_VALUE);
        assertEquals(List.of(1L, 2L), seen.nextRevisions(2));
        s.replaceAll(Map.of("a", num(1)));
        seen.expectError(IllegalStateException.class);
        seen.assertNoBreaches();
    }

    @Test
    @Hint("the view's feed (ScopedStateView.changes): only the tenant's transitions, full keys, in"
            + " revision order; other tenants' items must not count against request(n).")
    void viewFeedCarriesOnlyItsTenant() {
        StateStore s = open();
        ScopedStateView a = s.scoped("a");
        FeedProbe feedA = subscribe(a.changes(0)).request(2);
        FeedProbe unscoped = subscribe(s.scoped(null).changes(0)).request(Long.MAX_VALUE);
        s.set("x", num(0), "w");
        s.scoped("b").set("x", num(1), "w");
        a.set("x", num(2), "w");
        s.scoped("ab").set("x", num(3), "w");
        a.setWithTtl("y", num(4), "w", 5);
        a.delete("x", "w");
        s.set("tenant:a:direct", num(5), "w");
        List<StateTransition> got = feedA.next(2);
        assertEquals(List.of("tenant:a:x", "tenant:a:y"), List.of(got.get(0).key(), got.get(1).key()));
        assertEquals(List.of(3L, 5L), revisions(got));
        feedA.request(2);
        assertEquals(List.of(6L, 7L), feedA.nextRevisions(2));
        assertEquals(1, unscoped.next().revision(), "the unscoped view's feed");
        s.set("z", num(6), "w");
        assertEquals(8, unscoped.next().revision(), "the unscoped view's feed skips every tenant's keys");
        feedA.assertNoBreaches();
        unscoped.assertNoBreaches();
    }

    @Test
    @Hint("Reactive Streams rules 1.9 and 3.9: subscribe(null) throws NullPointerException;"
            + " request(n <= 0) signals onError(IllegalArgumentException).")
    void badSubscriberCallsAreRejected() {
        StateStore s = open();
        write(s, 0, 2);
        assertThrows(NullPointerException.class, () -> s.changes(0).subscribe(null));
        assertRejected(IllegalArgumentException.class, () -> s.changes(-1), "-1");
        FeedProbe zero = subscribe(s.changes(0));
        zero.subscription().request(0);
        zero.expectError(IllegalArgumentException.class);
        FeedProbe negative = subscribe(s.changes(0));
        negative.subscription().request(-3);
        negative.expectError(IllegalArgumentException.class);
        assertTrue(zero.pending().isEmpty());
    }
}
