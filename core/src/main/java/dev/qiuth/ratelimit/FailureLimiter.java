package dev.qiuth.ratelimit;

import dev.qiuth.StoreUnavailableException;
import java.time.Instant;

/**
 * Locks out whoever keeps failing: after {@code limit} refused attempts (401/403) from one
 * client address, or against one key id, within a window, further requests from that address or
 * for that key are answered 429 with {@code Retry-After} until the window ends. The counts live
 * in a {@link RateLimiter}, so a shared one (Redis) gives every node the same budget.
 *
 * <p>A granted request does not reset the counts: they expire with their window. Otherwise one
 * good request (from a client that holds some of the factors) would buy an attacker a fresh
 * budget of guesses at the others.
 *
 * <p>An unknown client address (forwarding headers that cannot be believed) shares one bucket.
 */
public final class FailureLimiter {
    private final RateLimiter limiter;
    private final RateLimit perAddress;
    private final RateLimit perKey;

    /**
     * @param perAddress failures allowed per client address and window, or {@code null} for no limit
     * @param perKey     failures allowed per key id and window, or {@code null} for no limit
     */
    public FailureLimiter(RateLimiter limiter, RateLimit perAddress, RateLimit perKey) {
        this.limiter = limiter;
        this.perAddress = perAddress;
        this.perKey = perKey;
    }

    /** Whether any limit is set: without one the engine skips every call. */
    public boolean enabled() {
        return perAddress != null || perKey != null;
    }

    /** Seconds this address must wait, 0 when it may try. */
    public long addressBlockedFor(String address, Instant now) {
        return perAddress == null ? 0 : limiter.blockedFor(addressBucket(address), perAddress, now);
    }

    /** Seconds this key must wait, 0 when it may be tried. */
    public long keyBlockedFor(String keyId, Instant now) {
        return perKey == null || keyId == null ? 0 : limiter.blockedFor(keyBucket(keyId), perKey, now);
    }

    /**
     * Counts one refused attempt against the address and, when the key is known, the key.
     *
     * @throws StoreUnavailableException when the counts cannot be kept
     */
    public void recordFailure(String address, String keyId, Instant now) {
        if (perAddress != null) {
            limiter.acquire(addressBucket(address), perAddress, now);
        }
        if (perKey != null && keyId != null) {
            limiter.acquire(keyBucket(keyId), perKey, now);
        }
    }

    private static String addressBucket(String address) {
        return "fail:" + (address == null ? "unknown" : address);
    }

    private static String keyBucket(String keyId) {
        return "fail-key:" + keyId;
    }
}
