package dev.qiuth.state.redis;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import java.time.Instant;

/**
 * What a Redis rate limiter does whatever its client: each bucket is one counter
 * ({@link RedisStateLayout#counterKey}), changed and read by one {@link RateLimitScript} call;
 * fail closed unless {@link RedisStateConfig#rateLimiterFailOpen()}, one outage line per
 * interval. A client supplies only {@link #evaluate}: one round trip.
 */
public abstract class ScriptedRateLimiter implements RateLimiter {
    private static final String COMPONENT = "rate limiter";

    private final RedisStateLayout layout;
    private final boolean failOpen;
    private final OutageLog outages;

    protected ScriptedRateLimiter(RedisStateConfig config) {
        this.layout = new RedisStateLayout(config.keyPrefix());
        this.failOpen = config.rateLimiterFailOpen();
        this.outages = new OutageLog(COMPONENT, config.clock(), config.logInterval());
    }

    /** The name of the part in timeout messages and outage lines. */
    protected static String component() {
        return COMPONENT;
    }

    @Override
    public final long acquire(String bucket, RateLimit limit, Instant now) {
        return run(RateLimitScript.ACQUIRE, bucket, limit);
    }

    @Override
    public final long blockedFor(String bucket, RateLimit limit, Instant now) {
        return run(RateLimitScript.BLOCKED, bucket, limit);
    }

    /**
     * Runs the script on one key with these arguments: {@code EVALSHA}, and {@code EVAL} once
     * when Redis has not cached it (its first call, or after {@code SCRIPT FLUSH} or a restart).
     *
     * @return the script's integer reply, null for none
     * @throws StoreUnavailableException when Redis does not answer within the command timeout
     */
    protected abstract Long evaluate(RateLimitScript script, byte[] key, byte[][] args);

    private long run(RateLimitScript script, String bucket, RateLimit limit) {
        Long ms;
        try {
            ms = evaluate(script, layout.counterKey(bucket), script.arguments(limit));
        } catch (StoreUnavailableException e) {
            if (failOpen) {
                outages.failed(e, "rate limits NOT enforced (rateLimiterFailOpen)");
                return 0;
            }
            outages.failed(e, "requests refused with 503");
            throw e;
        }
        outages.answered();
        return RateLimitScript.secondsToWait(ms);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[failOpen=" + failOpen + "]";
    }
}
