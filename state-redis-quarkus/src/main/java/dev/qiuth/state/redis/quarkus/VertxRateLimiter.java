package dev.qiuth.state.redis.quarkus;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.state.redis.OutageLog;
import dev.qiuth.state.redis.RateLimitScript;
import dev.qiuth.state.redis.RedisStateConfig;
import dev.qiuth.state.redis.RedisStateLayout;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;

/**
 * A {@link RateLimiter} shared through Redis on Quarkus' Vert.x Redis client: the counters and
 * Lua scripts of {@code qiuth-state-redis} ({@link RedisStateLayout#counterKey},
 * {@link RateLimitScript}), so a failure budget spent on any node, Quarkus or Lettuce, is spent on
 * all. One {@code EVALSHA} per call, {@code EVAL} once when Redis has not cached the script.
 *
 * <p>Fail closed by default: no answer within the command timeout throws
 * {@link StoreUnavailableException} (503). With {@link RedisStateConfig#rateLimiterFailOpen()} it
 * answers 0, "within limit", and logs that limits are not enforced. Blocks its caller: call it
 * from a worker thread.
 *
 * <pre>{@code
 * Qiuth qiuth = Qiuth.builder().keys(policy).rateLimiter(redis.rateLimiter())
 *         .failureLimit(RateLimit.of(10, Duration.ofMinutes(1))).build();
 * }</pre>
 */
public final class VertxRateLimiter implements RateLimiter {
    static final String COMPONENT = "rate limiter";

    private final BoundedSend redis;
    private final RedisStateLayout layout;
    private final boolean failOpen;
    private final OutageLog outages;

    VertxRateLimiter(Redis client, RedisStateConfig config) {
        this.redis = new BoundedSend(client, config.commandTimeout(), COMPONENT);
        this.layout = new RedisStateLayout(config.keyPrefix());
        this.failOpen = config.rateLimiterFailOpen();
        this.outages = new OutageLog(COMPONENT, config.clock(), config.logInterval());
    }

    @Override
    public long acquire(String bucket, RateLimit limit, Instant now) {
        return run(RateLimitScript.ACQUIRE, bucket, limit);
    }

    @Override
    public long blockedFor(String bucket, RateLimit limit, Instant now) {
        return run(RateLimitScript.BLOCKED, bucket, limit);
    }

    private long run(RateLimitScript script, String bucket, RateLimit limit) {
        byte[] key = layout.counterKey(bucket);
        byte[][] args = script.arguments(limit);
        Response reply;
        try {
            try {
                reply = redis.send(keyAndArguments(Request.cmd(Command.EVALSHA).arg(script.sha1()), key, args));
            } catch (BoundedSend.NoScriptException e) {
                // first call on this Redis (or after SCRIPT FLUSH / a restart): EVAL caches it
                reply = redis.send(keyAndArguments(Request.cmd(Command.EVAL).arg(script.bytes()), key, args));
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
        return RateLimitScript.secondsToWait(reply == null ? null : reply.toLong());
    }

    /** {@code numkeys key arg...} after the script or its SHA-1. */
    private static Request keyAndArguments(Request request, byte[] key, byte[][] args) {
        request.arg(1).arg(key);
        for (byte[] arg : args) {
            request.arg(arg);
        }
        return request;
    }

    @Override
    public String toString() {
        return "VertxRateLimiter[failOpen=" + failOpen + "]";
    }
}
