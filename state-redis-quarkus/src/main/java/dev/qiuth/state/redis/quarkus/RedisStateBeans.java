package dev.qiuth.state.redis.quarkus;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.config.RedisSettings;
import dev.qiuth.quarkus.QiuthBeans;
import dev.qiuth.quarkus.QiuthConfig;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.state.redis.RedisStateConfig;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Puts the Qiuth engine of {@code qiuth-adapter-quarkus} on Redis: with this jar on the class path
 * and {@code qiuth.redis-url} set ({@code QIUTH_REDIS_URL}, and optionally {@code QIUTH_REDIS_CLUSTER},
 * {@code _TIMEOUT}, {@code _KEY_PREFIX}, {@code _RATE_LIMIT_FAIL_OPEN}, {@code _TRUSTED_CERTIFICATES},
 * read as every Qiuth app reads them), the adapter finds a {@link ReplayGuard} and a {@link RateLimiter} bean and builds the
 * engine on them, and runs the engine on a worker thread. Without the URL the beans are not
 * looked up and state stays in memory.
 *
 * <pre>{@code
 * QIUTH_REDIS_URL=redis://:password@10.0.0.5:6379 java -jar target/quarkus-app/quarkus-run.jar
 * }</pre>
 *
 * The Redis client is created from the URL on Quarkus' {@link Vertx}; Quarkus' own
 * {@code quarkus.redis.*} clients are neither used nor needed.
 *
 * <p>Redis must answer when the application starts, as for every Qiuth app: when it cannot be
 * reached (or refuses the credentials), the application does not start, and Quarkus prints one
 * line naming the setting, the URL with its password masked and the cause, with no stack trace:
 *
 * <pre>{@code
 * QIUTH_REDIS_URL (qiuth.redis-url): cannot connect to Redis at redis://***@10.0.0.5:6379: ... <- ConnectException: Connection refused
 * }</pre>
 *
 * Once started, an outage is answered with 503 until Redis is back, without a restart.
 */
@Singleton
public class RedisStateBeans {
    static final String URL_SETTING = "qiuth.redis-url";

    @Produces
    @Singleton
    @LookupUnlessProperty(name = URL_SETTING, stringValue = "")
    VertxRedisState redisState(Vertx vertx, QiuthConfig config) {
        RedisSettings settings = QiuthBeans.environment(config).redis().orElseThrow(() -> new IllegalStateException(URL_SETTING + " is not set"));
        try {
            return VertxRedisState.connect(vertx, RedisStateConfig.fromSettings(settings));
        } catch (StoreUnavailableException e) {
            // Quarkus prints a ConfigurationException at the root of a failed start as its message alone:
            // one line instead of a stack trace, hence no cause (the message describes it, password masked)
            throw new ConfigurationException(EnvironmentConfig.PREFIX + "REDIS_URL (" + URL_SETTING + "): " + e.getMessage(),
                    Set.of(URL_SETTING));
        }
    }

    void close(@Disposes VertxRedisState state) {
        state.close();
    }

    @Produces
    @Singleton
    @LookupUnlessProperty(name = URL_SETTING, stringValue = "")
    ReplayGuard replayGuard(VertxRedisState state) {
        return state.replayGuard();
    }

    @Produces
    @Singleton
    @LookupUnlessProperty(name = URL_SETTING, stringValue = "")
    RateLimiter rateLimiter(VertxRedisState state) {
        return state.rateLimiter();
    }
}
