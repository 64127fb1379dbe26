package dev.qiuth.state.redis;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A {@link RateLimiter} shared by every node that uses the same Redis: a failure budget spent on
 * one node is spent on all.
 *
 * <p>Each bucket is one counter, {@code <prefix>l:{<bucket>}}, in fixed windows that start with
 * the bucket's first event: a Lua script increments it, gives it an expiry of one window when it
 * has none, and answers the milliseconds left when the count is over the limit — one atomic round
 * trip ({@code EVALSHA}, falling back to {@code EVAL} once when Redis has not cached the script).
 * {@link #blockedFor} is one read-only script call. Windows run on Redis' clock, shared by all
 * nodes; the engine's {@code now} is not used. The braces make the bucket a cluster hash tag.
 *
 * <p>Any bucket string works (the engine uses {@code fail:<address>} and {@code key:<id>}); a
 * granted request never touches the failure bucket, so failures are not forgiven by a success
 * and expire only with their window.
 *
 * <p>Fail closed by default: when Redis does not answer, both methods throw
 * {@link StoreUnavailableException} (503). With {@link RedisStateConfig#rateLimiterFailOpen()}
 * they answer 0, "within limit", and log that limits are not enforced.
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final String COMPONENT = "rate limiter";

    /** KEYS[1] counter; ARGV[1] limit, ARGV[2] window ms. Returns 0 within the limit, else ms left. */
    static final String ACQUIRE = """
            local n = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              ttl = tonumber(ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ttl)
            end
            if n > tonumber(ARGV[1]) then
              return math.max(ttl, 1)
            end
            return 0
            """;

    /** KEYS[1] counter; ARGV[1] limit. Returns 0 below the limit, else ms until the window ends. */
    static final String BLOCKED = """
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n < tonumber(ARGV[1]) then
              return 0
            end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              return 0
            end
            return math.max(ttl, 1)
            """;

    private static final byte[] ACQUIRE_BYTES = ACQUIRE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] BLOCKED_BYTES = BLOCKED.getBytes(StandardCharsets.UTF_8);
    private static final String ACQUIRE_SHA = sha1Hex(ACQUIRE_BYTES);
    private static final String BLOCKED_SHA = sha1Hex(BLOCKED_BYTES);

    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final byte[] prefix;
    private final boolean failOpen;
    private final BoundedWait wait;
    private final OutageLog outages;

    RedisRateLimiter(RedisClusterAsyncCommands<byte[], byte[]> commands, RedisStateConfig config) {
        this.commands = commands;
        this.prefix = (config.keyPrefix() + "l:{").getBytes(StandardCharsets.US_ASCII);
        this.failOpen = config.rateLimiterFailOpen();
        this.wait = new BoundedWait(config.commandTimeout(), COMPONENT);
        this.outages = new OutageLog(COMPONENT, config.clock(), config.logInterval());
    }

    @Override
    public long acquire(String bucket, RateLimit limit, Instant now) {
        byte[][] keys = {key(bucket)};
        return run(ACQUIRE_SHA, ACQUIRE_BYTES, keys, ascii(limit.limit()), ascii(limit.window().toMillis()));
    }

    @Override
    public long blockedFor(String bucket, RateLimit limit, Instant now) {
        byte[][] keys = {key(bucket)};
        return run(BLOCKED_SHA, BLOCKED_BYTES, keys, ascii(limit.limit()));
    }

    private long run(String sha, byte[] script, byte[][] keys, byte[]... args) {
        Long ms;
        try {
            try {
                ms = wait.await(commands.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args));
            } catch (RuntimeException e) {
                if (!BoundedWait.isNoScript(e)) {
                    throw e;
                }
                // first call on this Redis node (or after SCRIPT FLUSH / a restart): EVAL caches it
                RedisFuture<Long> eval = commands.eval(script, ScriptOutputType.INTEGER, keys, args);
                ms = wait.await(eval);
            }
        } catch (StoreUnavailableException e) {
            if (failOpen) {
                outages.failed(e, "rate limits NOT enforced (rateLimiterFailOpen)");
                return 0;
            }
            outages.failed(e, "requests refused with 503");
            throw e;
        }
        outages.answered();
        return ms == null || ms <= 0 ? 0 : Math.max(1, (ms + 999) / 1000);
    }

    byte[] key(String bucket) {
        byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[prefix.length + b.length + 1];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(b, 0, key, prefix.length, b.length);
        key[key.length - 1] = '}';
        return key;
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

    @Override
    public String toString() {
        return "RedisRateLimiter[failOpen=" + failOpen + "]";
    }
}
