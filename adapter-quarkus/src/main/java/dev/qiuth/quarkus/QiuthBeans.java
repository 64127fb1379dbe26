package dev.qiuth.quarkus;

import dev.qiuth.DecisionListener;
import dev.qiuth.Qiuth;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The adapter's CDI beans: the {@link KeyStore} holding the one key of {@code qiuth.*}, and the
 * {@link Qiuth} engine built on it. Both are {@link DefaultBean}s, so an application replaces
 * either by producing its own; the engine also takes the application's {@link ReplayGuard},
 * {@link RateLimiter}, {@link DecisionListener} and {@link Clock} beans when it has them, and the
 * engine-wide settings {@code qiuth.realm}, {@code max-body-bytes}, {@code minimal-disclosure},
 * {@code public-base-url}, {@code allowed-hosts} and the lockout ({@code failure-limit},
 * {@code key-failure-limit} and their windows).
 *
 * <pre>{@code
 * @Produces @Singleton
 * KeyStore keys(DataSource db) {          // many keys, from a database
 *     return new JdbcKeyStore(db);
 * }
 * }</pre>
 *
 * Key settings are read exactly as {@link EnvironmentConfig} reads the {@code QIUTH_*} variables,
 * and their errors name those variables ({@code qiuth.totp-secret} is {@code QIUTH_TOTP_SECRET}).
 */
@Singleton
public class QiuthBeans {
    static final String NO_KEY = "no Qiuth API key configured: set QIUTH_API_KEY or QIUTH_HASHED_API_KEY "
            + "(qiuth.api-key / qiuth.hashed-api-key), or produce a dev.qiuth.store.KeyStore bean";

    @Produces
    @Singleton
    @DefaultBean
    KeyStore keyStore(QiuthConfig config) {
        return InMemoryKeyStore.of(environment(config).policy().orElseThrow(() -> new IllegalStateException(NO_KEY)));
    }

    /**
     * The engine; a {@link ReplayGuard}, {@link RateLimiter}, {@link DecisionListener} or {@link Clock} bean is
     * used when there is one.
     */
    @Produces
    @Singleton
    @DefaultBean
    Qiuth qiuth(KeyStore keys, QiuthConfig config, Instance<ReplayGuard> replayGuard, Instance<RateLimiter> rateLimiter,
            Instance<Clock> clock, Instance<DecisionListener> listener) {
        Qiuth.Builder builder = builder(keys, config);
        if (listener.isResolvable()) {
            builder.listener(listener.get()); // e.g. QiuthMetrics bound to Quarkus' MeterRegistry
        }
        if (replayGuard.isResolvable()) {
            builder.replayGuard(replayGuard.get()); // shared by every instance of a cluster, e.g. in Redis
        }
        if (rateLimiter.isResolvable()) {
            builder.rateLimiter(rateLimiter.get());
        }
        if (clock.isResolvable()) {
            builder.clock(clock.get());
        }
        return builder.build();
    }

    /** The engine-wide {@code qiuth.*} settings on a builder; the optional beans are added by the producer. */
    static Qiuth.Builder builder(KeyStore keys, QiuthConfig config) {
        EnvironmentConfig environment = environment(config);
        Qiuth.Builder builder = environment.failureLimits().applyTo(Qiuth.builder())
                // while a store may block (a database, Redis) its work runs on Quarkus' worker pool, never an event loop
                .keyStore(keys, Infrastructure.getDefaultWorkerPool())
                .trustedProxies(environment.trustedProxies())
                .realm(config.realm())
                .maxBodyBytes(config.maxBodyBytes())
                .minimalDisclosure(config.minimalDisclosure())
                .allowedHosts(config.allowedHosts().orElse(List.of()));
        try {
            config.publicBaseUrl().ifPresent(builder::publicBaseUrl);
        } catch (IllegalArgumentException e) { // the core's message names the rule, not the setting
            throw new IllegalStateException("invalid qiuth.public-base-url: " + e.getMessage(), e);
        }
        return builder;
    }

    /**
     * The {@code qiuth.*} settings under their {@code QIUTH_*} names, read by the core's own parser:
     * the one mapping from this configuration to the core's, for the beans here and for modules that
     * add to them (Redis state, an app's own key store).
     */
    public static EnvironmentConfig environment(QiuthConfig c) {
        Map<String, String> env = new HashMap<>();
        put(env, "API_KEY", c.apiKey());
        put(env, "HASHED_API_KEY", c.hashedApiKey());
        put(env, "IP_ALLOWLIST", c.ipAllowlist());
        put(env, "IP_TRUST_PROXY", c.ipTrustProxy());
        put(env, "TRUSTED_PROXIES", c.trustedProxies());
        put(env, "TOTP_SECRET", c.totpSecret());
        put(env, "TOTP_TIME_STEP", c.totpTimeStep());
        put(env, "TOTP_WINDOW", c.totpWindow());
        put(env, "CERTIFICATE_PUBLIC_KEY", c.certificatePublicKey());
        put(env, "CERTIFICATE_MAX_AGE", c.certificateMaxAge());
        put(env, "HMAC_SECRET", c.hmacSecret());
        put(env, "HMAC_MAX_AGE", c.hmacMaxAge());
        put(env, "REDIS_URL", c.redisUrl());
        put(env, "REDIS_CLUSTER", c.redisCluster());
        put(env, "REDIS_TIMEOUT", c.redisTimeout());
        put(env, "REDIS_KEY_PREFIX", c.redisKeyPrefix());
        put(env, "REDIS_RATE_LIMIT_FAIL_OPEN", c.redisRateLimitFailOpen());
        put(env, "REDIS_TRUSTED_CERTIFICATES", c.redisTrustedCertificates());
        put(env, "FAILURE_LIMIT", c.failureLimit());
        put(env, "FAILURE_WINDOW", c.failureWindow());
        put(env, "KEY_FAILURE_LIMIT", c.keyFailureLimit());
        put(env, "KEY_FAILURE_WINDOW", c.keyFailureWindow());
        return EnvironmentConfig.from(env);
    }

    private static void put(Map<String, String> env, String name, Optional<String> value) {
        value.ifPresent(v -> env.put(EnvironmentConfig.PREFIX + name, v));
    }
}
