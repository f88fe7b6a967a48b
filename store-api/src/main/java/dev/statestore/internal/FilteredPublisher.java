package dev.statestore.internal;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * A publisher that passes on the items of another publisher that match a predicate, asking the
 * source for one more item for each one it drops, so that the subscriber's demand counts only
 * what it receives. Used for tenant views of a store's change feed.
 *
 * <p>Thread-safety: as the source; each subscription adds no state beyond the source's, and
 * signals reach the subscriber on the source's threads, in the source's order.
 *
 * @param <T> the item type
 */
public final class FilteredPublisher<T> implements Flow.Publisher<T> {

    private final Flow.Publisher<T> source;
    private final Predicate<? super T> keep;

    /**
     * Creates the filter.
     *
     * @param source the publisher to filter
     * @param keep which items pass
     */
    public FilteredPublisher(Flow.Publisher<T> source, Predicate<? super T> keep) {
        this.source = Objects.requireNonNull(source, "source");
        this.keep = Objects.requireNonNull(keep, "keep");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        source.subscribe(new Flow.Subscriber<T>() {
            private Flow.Subscription upstream;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                upstream = subscription;
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(T item) {
                if (keep.test(item)) {
                    subscriber.onNext(item);
                } else {
                    upstream.request(1);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
