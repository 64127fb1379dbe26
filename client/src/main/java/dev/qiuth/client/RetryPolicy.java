package dev.qiuth.client;

import java.time.Duration;

/**
 * When and how long to wait before a request is tried again. A request is retried after a
 * connection error or a 5xx answer, never after a 4xx: a refused key stays refused. Every try is
 * signed again, with a fresh timestamp, so the server's replay protection does not refuse it.
 *
 * <p>Delays grow from {@code initialDelay} by {@code multiplier} up to {@code maxDelay}; a 5xx answer
 * with {@code Retry-After: seconds} waits that long instead, within {@code maxDelay}.
 *
 * <pre>{@code
 * RetryPolicy.of(3, Duration.ofMillis(500), 2.0, Duration.ofSeconds(10))  // waits 0.5 s, 1 s, 2 s
 * RetryPolicy.none()                                                       // one try only
 * }</pre>
 *
 * <p>A retried request is sent again as it was: retry only what the server can safely see twice.
 *
 * @param maxRetries   tries after the first, 0 for none
 * @param initialDelay wait before the first retry
 * @param multiplier   growth of the wait from one retry to the next, at least 1
 * @param maxDelay     the longest wait
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, double multiplier, Duration maxDelay) {
    /** Three retries after 0.5 s, 1 s and 2 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), 2.0, Duration.ofSeconds(10));

    /** @throws IllegalArgumentException for a negative count, delay, or a multiplier under 1 */
    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative, got " + initialDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initialDelay, got " + maxDelay);
        }
    }

    public static RetryPolicy of(int maxRetries, Duration initialDelay, double multiplier, Duration maxDelay) {
        return new RetryPolicy(maxRetries, initialDelay, multiplier, maxDelay);
    }

    /** The default delays with another number of retries. */
    public static RetryPolicy retries(int maxRetries) {
        return new RetryPolicy(maxRetries, DEFAULT.initialDelay, DEFAULT.multiplier, DEFAULT.maxDelay);
    }

    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, 1.0, Duration.ZERO);
    }

    /** Whether an answer with this status is worth another try. */
    public static boolean retriesStatus(int status) {
        return status >= 500 && status <= 599;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first).
     *
     * @param retryAfter the server's {@code Retry-After} in seconds, or null
     */
    public Duration delayBefore(int retry, Long retryAfter) {
        if (retryAfter != null && retryAfter >= 0) {
            Duration asked = Duration.ofSeconds(Math.min(retryAfter, maxDelay.toSeconds() + 1));
            return asked.compareTo(maxDelay) > 0 ? maxDelay : asked;
        }
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
