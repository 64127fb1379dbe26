package dev.qiuth.signature;

import java.time.Duration;

/**
 * The span in which a signed request's {@code X-Timestamp} is accepted:
 * {@code now - maxAge <= timestamp <= now + maxFutureSkew}.
 */
public final class TimestampWindow {
    /** How far ahead of the server's clock a client's may run: 60 s in protocol version 1. */
    public static final Duration FUTURE_SKEW = Duration.ofSeconds(60);

    /**
     * The longest {@code maxAge} a key may have: a day. Longer windows keep replay fingerprints
     * that long, and far longer ones overflow milliseconds.
     */
    public static final Duration MAX_AGE_LIMIT = Duration.ofDays(1);

    /** The outcome of a check. */
    public enum Verdict { VALID, EXPIRED, FUTURE }

    /** Longest accepted decimal: 15 digits reach past the year 30000. */
    private static final int MAX_DIGITS = 15;

    private TimestampWindow() {
    }

    /**
     * Parses {@code X-Timestamp}: decimal Unix epoch milliseconds, digits only.
     *
     * @return the milliseconds, or -1 when malformed (seconds and ISO-8601 pass this parse only if
     *         they are digits, and then fall out of the window as too old)
     */
    public static long parse(String header) {
        if (header == null || header.isEmpty() || header.length() > MAX_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Validates a configured {@code maxAge}.
     *
     * @throws IllegalArgumentException when it is not positive or longer than {@link #MAX_AGE_LIMIT}
     */
    public static Duration requireValidMaxAge(String what, Duration maxAge) {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException(what + " maxAge must be positive, got " + maxAge);
        }
        if (maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
            throw new IllegalArgumentException(what + " maxAge must be at most " + MAX_AGE_LIMIT + ", got " + maxAge);
        }
        return maxAge;
    }

    /** Checks a parsed timestamp (-1 for malformed counts as expired). */
    public static Verdict check(long timestampMs, long nowMs, Duration maxAge) {
        if (timestampMs < 0 || timestampMs < nowMs - maxAge.toMillis()) {
            return Verdict.EXPIRED;
        }
        if (timestampMs > nowMs + FUTURE_SKEW.toMillis()) {
            return Verdict.FUTURE;
        }
        return Verdict.VALID;
    }
}
