package dev.qiuth.examples.micronaut;

import dev.qiuth.micronaut.QiuthConfiguration;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.state.redis.RedisState;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * With {@code QIUTH_REDIS_URL} ({@code qiuth.redis-url}) set, the replay memory and the counters
 * (lockout included) live in Redis, shared by every instance; the adapter's engine picks up these
 * beans. Without it, nothing here is created and the engine keeps them in memory. A Redis that
 * cannot be reached fails {@link #redisState} at start, which {@link Application} reports in one line.
 */
@Factory
@Requires(property = "qiuth.redis-url")
class SharedState {

    /** One connection for the app, closed when the context stops. */
    @Singleton
    @Bean(preDestroy = "close")
    RedisState redisState(QiuthConfiguration configuration) {
        return RedisState.fromSettings(configuration.environment().redis().orElseThrow());
    }

    @Singleton
    ReplayGuard replayGuard(RedisState redis) {
        return redis.replayGuard();
    }

    @Singleton
    RateLimiter rateLimiter(RedisState redis) {
        return redis.rateLimiter();
    }
}
