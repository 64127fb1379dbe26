package dev.qiuth.state.redis.quarkus;

import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.state.redis.RateLimitScript;
import dev.qiuth.state.redis.RedisStateConfig;
import dev.qiuth.state.redis.ScriptedRateLimiter;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

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
public final class VertxRateLimiter extends ScriptedRateLimiter {
    private final BoundedSend redis;

    VertxRateLimiter(Redis client, RedisStateConfig config) {
        super(config);
        this.redis = new BoundedSend(client, config.commandTimeout(), component());
    }

    @Override
    protected Long evaluate(RateLimitScript script, byte[] key, byte[][] args) {
        Response reply;
        try {
            reply = redis.send(keyAndArguments(Request.cmd(Command.EVALSHA).arg(script.sha1()), key, args));
        } catch (BoundedSend.NoScriptException e) {
            reply = redis.send(keyAndArguments(Request.cmd(Command.EVAL).arg(script.bytes()), key, args));
        }
        return reply == null ? null : reply.toLong();
    }

    /** {@code numkeys key arg...} after the script or its SHA-1. */
    private static Request keyAndArguments(Request request, byte[] key, byte[][] args) {
        request.arg(1).arg(key);
        for (byte[] arg : args) {
            request.arg(arg);
        }
        return request;
    }
}
