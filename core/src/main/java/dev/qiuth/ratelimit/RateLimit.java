package dev.qiuth.ratelimit;

import java.time.Duration;

/**
 * At most {@code limit} events per fixed {@code window}.
 *
 * <pre>{@code
 * RateLimit.of(20, Duration.ofMinutes(1))
 * }</pre>
 */
public record RateLimit(int limit, Duration window) {
    public RateLimit {
        if (limit < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1, got " + limit);
        }
        if (window == null || window.toMillis() < 1000) {
            throw new IllegalArgumentException("rate limit window must be at least one second, got " + window);
        }
    }

    public static RateLimit of(int limit, Duration window) {
        return new RateLimit(limit, window);
    }
}
