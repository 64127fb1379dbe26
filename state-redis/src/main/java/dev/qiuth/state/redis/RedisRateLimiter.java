package dev.qiuth.state.redis;

import dev.qiuth.ratelimit.RateLimiter;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A {@link RateLimiter} shared by every node that uses the same Redis: a failure budget spent on
 * one node is spent on all.
 *
 * <p>Each bucket is one counter, {@code <prefix>l:{<bucket>}}, in fixed windows that start with
 * the bucket's first event: a Lua script ({@link RateLimitScript}) increments it, gives it an expiry of one window when it
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
public final class RedisRateLimiter extends ScriptedRateLimiter {
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final BoundedWait wait;

    RedisRateLimiter(RedisClusterAsyncCommands<byte[], byte[]> commands, RedisStateConfig config) {
        super(config);
        this.commands = commands;
        this.wait = new BoundedWait(config.commandTimeout(), component());
    }

    @Override
    protected Long evaluate(RateLimitScript script, byte[] key, byte[][] args) {
        byte[][] keys = {key};
        try {
            return wait.await(commands.<Long>evalsha(script.sha1(), ScriptOutputType.INTEGER, keys, args));
        } catch (RuntimeException e) {
            if (!BoundedWait.isNoScript(e)) {
                throw e;
            }
            RedisFuture<Long> eval = commands.eval(script.bytes(), ScriptOutputType.INTEGER, keys, args);
            return wait.await(eval);
        }
    }
}
