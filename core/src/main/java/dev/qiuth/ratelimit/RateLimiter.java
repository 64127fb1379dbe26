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
}
