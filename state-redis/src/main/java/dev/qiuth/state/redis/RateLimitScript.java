package dev.qiuth.state.redis;

import dev.qiuth.ratelimit.RateLimit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The two Lua scripts of the shared rate limiter, their SHA-1 for {@code EVALSHA}, their
 * arguments, and how their integer reply reads: the one definition every Redis client of Qiuth
 * runs (Lettuce here, Vert.x in {@code qiuth-state-redis-quarkus}), so that nodes on different
 * clients count in the same windows. Each script takes one key, a {@link RedisStateLayout#counterKey}.
 *
 * <pre>{@code
 * RateLimitScript s = RateLimitScript.ACQUIRE;
 * // EVALSHA s.sha1() 1 <counter key> s.arguments(limit)...   (EVAL s.bytes() ... on NOSCRIPT)
 * long seconds = RateLimitScript.secondsToWait(reply);
 * }</pre>
 */
public enum RateLimitScript {
    /**
     * Counts one event: increments the counter, gives it an expiry of one window when the
     * increment created it, and answers 0 within the limit, else the milliseconds left in the
     * window. Within the limit that is one write and nothing else; only past the limit is the
     * expiry read, and a counter found without one (left by hand, {@code PERSIST}) gets it then,
     * so no counter refuses for longer than a window. ARGV: limit, window ms.
     */
    ACQUIRE("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            if n <= tonumber(ARGV[1]) then
              return 0
            end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              ttl = tonumber(ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ttl)
            end
            return math.max(ttl, 1)
            """, true),
    /** Reads only: 0 below the limit, else the milliseconds until the window ends. ARGV: limit. */
    BLOCKED("""
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n < tonumber(ARGV[1]) then
              return 0
            end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              return 0
            end
            return math.max(ttl, 1)
            """, false);

    private final String text;
    private final byte[] bytes;
    private final String sha1;
    private final boolean passesWindow;

    RateLimitScript(String text, boolean passesWindow) {
        this.text = text;
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
        this.sha1 = sha1Hex(bytes);
        this.passesWindow = passesWindow;
    }

    /** The Lua source. */
    public String text() {
        return text;
    }

    /** The Lua source as UTF-8, for {@code EVAL}; a copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hex SHA-1 of the source, for {@code EVALSHA}. */
    public String sha1() {
        return sha1;
    }

    /** ARGV for this script and limit, as ASCII decimal numbers. */
    public byte[][] arguments(RateLimit limit) {
        byte[] count = ascii(limit.limit());
        return passesWindow ? new byte[][] {count, ascii(limit.window().toMillis())} : new byte[][] {count};
    }

    /**
     * The script's reply (milliseconds left, 0 or null when within the limit) as the
     * {@link dev.qiuth.ratelimit.RateLimiter} answers it: whole seconds, rounded up, at least 1.
     */
    public static long secondsToWait(Long replyMillis) {
        return replyMillis == null || replyMillis <= 0 ? 0 : Math.max(1, (replyMillis + 999) / 1000);
    }

    /** Redis' answer when a script is not in its cache (first use, after a restart or SCRIPT FLUSH). */
    public static boolean isNoScript(String errorMessage) {
        return errorMessage != null && errorMessage.startsWith("NOSCRIPT");
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha1Hex(byte[] script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }
}
