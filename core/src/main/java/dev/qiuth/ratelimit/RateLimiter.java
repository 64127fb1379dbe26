package dev.qiuth.ratelimit;

import java.time.Instant;

/**
 * Counts events per bucket in fixed windows. Implementations: {@link InMemoryRateLimiter} for
 * one node; a shared store for many.
 */
public interface RateLimiter {

    /**
     * Counts one event in a bucket.
     *
     * @return 0 when the event is within the limit, otherwise the seconds until the window ends
     * @throws dev.qiuth.StoreUnavailableException when the store cannot be reached
     */
    long acquire(String bucket, RateLimit limit, Instant now);

    /**
     * Seconds until the bucket may be used again without counting anything, 0 when it is not
     * over its limit.
     */
    long blockedFor(String bucket, RateLimit limit, Instant now);

    /**
     * Whether a call may wait on I/O (a database, a network store). When it may, an engine given
     * an executor ({@code Qiuth.Builder.keyStore(store, executor)}) judges asynchronous requests
     * on that executor, never on an event loop; when nothing may, it judges them on the calling
     * thread and saves the hand-over. {@code true} unless an implementation knows better.
     */
    default boolean mayBlock() {
        return true;
    }
}
