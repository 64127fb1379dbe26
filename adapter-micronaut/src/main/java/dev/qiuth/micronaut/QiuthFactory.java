package dev.qiuth.micronaut;

import dev.qiuth.DecisionListener;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Produces the default {@link KeyStore} (the one key of the {@code qiuth.*} settings, in memory)
 * and the {@link Qiuth} engine the filter uses. Either is replaced by declaring a bean of that
 * type (or one annotated {@code @Replaces}); {@link ReplayGuard}, {@link RateLimiter},
 * {@link DecisionListener} and {@link Clock} beans, when present, are used by the default engine,
 * and so is the lockout of {@code qiuth.failure-limit} / {@code qiuth.key-failure-limit}.
 *
 * <pre>{@code
 * @Singleton
 * KeyStore keys(DataSource db) { return new JdbcKeyStore(db); }   // replaces the in-memory key
 *
 * @Singleton
 * DecisionListener metrics(MeterRegistry registry) { return QiuthMetrics.bindTo(registry); }  // Micronaut's registry
 * }</pre>
 *
 * <p>The engine is created at startup, so a missing or wrong setting stops the application with
 * a message naming the setting (never its value).
 */
@Factory
public class QiuthFactory {

    /** The key of {@code qiuth.api-key} or {@code qiuth.hashed-api-key} and its factors. */
    @Singleton
    @Requires(missingBeans = KeyStore.class)
    public KeyStore qiuthKeyStore(QiuthConfiguration configuration) {
        KeyPolicy policy = configuration.environment().policy().orElseThrow(() -> new ConfigurationException(
                "no Qiuth key configured: set QIUTH_API_KEY or QIUTH_HASHED_API_KEY (qiuth.api-key or "
                        + "qiuth.hashed-api-key), or declare a KeyStore bean"));
        return InMemoryKeyStore.of(policy);
    }

    /** The engine, from the key store and the engine-wide {@code qiuth.*} settings. */
    @Context
    @Requires(missingBeans = Qiuth.class)
    public Qiuth qiuth(QiuthConfiguration configuration, KeyStore keyStore, @Nullable ReplayGuard replayGuard,
            @Nullable RateLimiter rateLimiter, @Nullable Clock clock, @Nullable DecisionListener listener) {
        EnvironmentConfig environment = configuration.environment();
        Qiuth.Builder builder = environment.failureLimits().applyTo(Qiuth.builder())
                .listener(listener)
                .keyStore(keyStore)
                .trustedProxies(environment.trustedProxies())
                .replayGuard(replayGuard)
                .rateLimiter(rateLimiter)
                .clock(clock != null ? clock : Clock.systemUTC())
                .realm(configuration.getRealm())
                .maxBodyBytes(configuration.getMaxBodyBytes())
                .minimalDisclosure(configuration.isMinimalDisclosure())
                .allowedHosts(configuration.getAllowedHosts());
        try {
            if (configuration.getPublicBaseUrl() != null) {
                builder.publicBaseUrl(configuration.getPublicBaseUrl());
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid qiuth.* setting: " + e.getMessage());
        }
    }
}
