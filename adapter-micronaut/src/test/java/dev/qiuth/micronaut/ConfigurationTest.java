package dev.qiuth.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.qiuth.Decision;
import dev.qiuth.Factor;
import dev.qiuth.Headers;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.RequestView;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.PropertySource;
import io.micronaut.http.filter.ServerFilterPhase;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code qiuth.*} settings and beans become the engine, without a server. */
class ConfigurationTest {
    private static final CredentialGenerator GENERATOR = new CredentialGenerator();
    static final String CUSTOM_KEY = "mn_custom_Rk3Wq8Zp1Lx6Tv9Bn2Hc5Ym0Gf4Sd7Ja";

    @Test
    void withoutAKeyStartupStopsNamingTheVariablesToSet() {
        Throwable failure = catchThrowable(() -> ApplicationContext.run(Map.of()).close());
        assertThat(messages(failure)).contains("set QIUTH_API_KEY or QIUTH_HASHED_API_KEY");
    }

    @Test
    void aWrongSettingIsNamedAndItsValueNeverShown() {
        String shortSecret = "too-short-" + GENERATOR.apiKey().substring(0, 8);
        Throwable failure = catchThrowable(() -> ApplicationContext.run(Map.of(
                "qiuth.api-key", GENERATOR.apiKey(), "qiuth.hmac-secret", shortSecret)).close());
        assertThat(messages(failure)).contains("QIUTH_HMAC_SECRET").doesNotContain(shortSecret);
    }

    @Test
    void environmentVariablesMapOntoTheSettings() {
        String key = GENERATOR.apiKey("env_");
        String totp = GENERATOR.totpSecret();
        String hmac = GENERATOR.hmacSecret();
        PropertySource env = PropertySource.of("test-env", Map.of(
                "QIUTH_API_KEY", key,
                "QIUTH_IP_ALLOWLIST", "10.0.0.0/8,127.0.0.1",
                "QIUTH_TOTP_SECRET", totp,
                "QIUTH_TOTP_WINDOW", "2",
                "QIUTH_HMAC_SECRET", hmac,
                "QIUTH_HMAC_MAX_AGE", "120",
                "QIUTH_REALM", "from-env",
                "QIUTH_MAX_BODY_BYTES", "4096",
                "QIUTH_PATHS", "/api/**,/admin/**",
                "QIUTH_EXCLUDED_PATHS", "/api/public/**"), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
        try (ApplicationContext context = ApplicationContext.builder().propertySources(env).start()) {
            QiuthConfiguration configuration = context.getBean(QiuthConfiguration.class);
            assertThat(configuration.protects("/admin/users")).isTrue();
            assertThat(configuration.protects("/api/public/docs")).isFalse();
            assertThat(configuration.protects("/health")).isFalse();
            KeyPolicy policy = configuration.environment().policy().orElseThrow();
            assertThat(policy.factors()).containsExactly(Factor.API_KEY, Factor.IP_ALLOWLIST, Factor.TOTP, Factor.HMAC);
            assertThat(policy.totp().orElseThrow().window()).isEqualTo(2);
            assertThat(policy.hmac().orElseThrow().maxAge()).hasSeconds(120);

            Qiuth qiuth = context.getBean(Qiuth.class);
            assertThat(qiuth.maxBodyBytes()).isEqualTo(4096);
            String url = "http://localhost:8080/api/hello";
            Map<String, String> signed = RequestSigner.builder().apiKey(key).totpSecret(totp).hmacSecret(hmac)
                    .clock(qiuth.clock()).build().sign("GET", url, (byte[]) null);
            assertThat(qiuth.authenticate(view(signed, "127.0.0.1")).granted()).isTrue();
            Decision outside = qiuth.authenticate(view(signed, "192.0.2.1"));
            assertThat(outside.granted()).isFalse();
            assertThat(((Decision.Denied) outside).response().headers()).doesNotContainKey("WWW-Authenticate");
            Decision noKey = qiuth.authenticate(view(Map.of(), "127.0.0.1"));
            assertThat(((Decision.Denied) noKey).response().headers())
                    .containsEntry("WWW-Authenticate", "ApiKey realm=\"from-env\"");
        }
    }

    @Test
    void aKeyStoreBeanReplacesTheConfiguredKey() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("test.custom-key-store", "true"))) {
            Qiuth qiuth = context.getBean(Qiuth.class);
            Decision d = qiuth.authenticate(view(Map.of(QiuthHeaders.API_KEY, CUSTOM_KEY), "127.0.0.1"));
            assertThat(d.granted()).isTrue();
            assertThat(((Decision.Granted) d).principal().getName()).isEqualTo("custom");
        }
    }

    @Test
    void protectedPathsAreTheIncludedOnesLessTheExcluded() {
        QiuthConfiguration c = new QiuthConfiguration();
        assertThat(c.protects("/anything/at/all")).isTrue();
        c.setPaths(java.util.List.of("/api/**", "/admin"));
        c.setExcludedPaths(java.util.List.of("/api/public/**"));
        assertThat(c.protects("/api/orders/7")).isTrue();
        assertThat(c.protects("/admin")).isTrue();
        assertThat(c.protects("/api/public/docs")).isFalse();
        assertThat(c.protects("/health")).isFalse();
    }

    @Test
    void filterRunsAtTheStartOfTheSecurityPhase() {
        assertThat(QiuthFilter.ORDER).isEqualTo(ServerFilterPhase.SECURITY.before());
    }

    @Test
    void redisAndLockoutVariablesMapOntoTheSettingsAndTheLockoutIsApplied() {
        String key = GENERATOR.apiKey("lock_");
        String password = "redis-pw-" + GENERATOR.apiKey().substring(0, 10);
        PropertySource env = PropertySource.of("test-env", Map.of(
                "QIUTH_API_KEY", key,
                "QIUTH_REDIS_URL", "redis://:" + password + "@10.0.0.5:6379",
                "QIUTH_REDIS_CLUSTER", "true",
                "QIUTH_REDIS_TIMEOUT", "250",
                "QIUTH_REDIS_KEY_PREFIX", "shop:",
                "QIUTH_REDIS_RATE_LIMIT_FAIL_OPEN", "true",
                "QIUTH_FAILURE_LIMIT", "2",
                "QIUTH_FAILURE_WINDOW", "90",
                "QIUTH_KEY_FAILURE_LIMIT", "5"), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
        try (ApplicationContext context = ApplicationContext.builder().propertySources(env).start()) {
            dev.qiuth.config.EnvironmentConfig settings = context.getBean(QiuthConfiguration.class).environment();
            dev.qiuth.config.RedisSettings redis = settings.redis().orElseThrow();
            assertThat(redis.url()).isEqualTo("redis://:" + password + "@10.0.0.5:6379");
            assertThat(redis.cluster()).isTrue();
            assertThat(redis.commandTimeout()).contains(java.time.Duration.ofMillis(250));
            assertThat(redis.keyPrefix()).contains("shop:");
            assertThat(redis.rateLimiterFailOpen()).isTrue();
            assertThat(redis.toString()).doesNotContain(password);
            assertThat(settings.failureLimits().perAddress())
                    .contains(dev.qiuth.ratelimit.RateLimit.of(2, java.time.Duration.ofSeconds(90)));
            assertThat(settings.failureLimits().perKey())
                    .contains(dev.qiuth.ratelimit.RateLimit.of(5, java.time.Duration.ofMinutes(1)));

            Qiuth qiuth = context.getBean(Qiuth.class);
            for (int i = 0; i < 2; i++) {
                assertThat(qiuth.authenticate(view(Map.of(QiuthHeaders.API_KEY, "sk_wrong_" + i), "192.0.2.7")).granted()).isFalse();
            }
            Decision locked = qiuth.authenticate(view(Map.of(QiuthHeaders.API_KEY, key), "192.0.2.7"));
            assertThat(locked).isInstanceOfSatisfying(Decision.Denied.class, d -> {
                assertThat(d.status()).isEqualTo(429);
                assertThat(d.response().headers()).containsKey("Retry-After");
            });
            assertThat(qiuth.authenticate(view(Map.of(QiuthHeaders.API_KEY, key), "192.0.2.8")).granted()).isTrue();
        }
    }

    @Test
    void theRedisTrustedCertificatesVariableMapsOntoItsSetting(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("redis-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        PropertySource env = PropertySource.of("test-env", Map.of("QIUTH_API_KEY", GENERATOR.apiKey(),
                "QIUTH_REDIS_URL", "rediss://redis.internal:6380",
                "QIUTH_REDIS_TRUSTED_CERTIFICATES", pem.toString()), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
        try (ApplicationContext context = ApplicationContext.builder().propertySources(env).start()) {
            QiuthConfiguration configuration = context.getBean(QiuthConfiguration.class);
            assertThat(configuration.getRedisTrustedCertificates()).isEqualTo(pem.toString());
            assertThat(configuration.environment().redis().orElseThrow().trustedCertificates()).contains(pem);
        }
    }

    @Test
    void aBadRedisSettingStopsStartupNamingItWithoutTheUrl() {
        String password = "redis-pw-" + GENERATOR.apiKey().substring(0, 10);
        Throwable failure = catchThrowable(() -> ApplicationContext.run(Map.of("qiuth.api-key", GENERATOR.apiKey(),
                "qiuth.redis-url", "http://:" + password + "@10.0.0.5:6379")).close());
        assertThat(messages(failure)).contains("QIUTH_REDIS_URL").doesNotContain(password);
    }

    @Test
    void aDecisionListenerBeanHearsEveryDecision() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("test.custom-key-store", "true",
                "test.listener", "true"))) {
            Qiuth qiuth = context.getBean(Qiuth.class);
            qiuth.authenticate(view(Map.of(QiuthHeaders.API_KEY, CUSTOM_KEY), "127.0.0.1"));
            qiuth.authenticate(view(Map.of(), "127.0.0.1"));
            assertThat(context.getBean(RecordingListener.class).outcomes).containsExactly("granted", "MISSING_API_KEY");
        }
    }

    private static RequestView view(Map<String, String> headers, String peer) {
        Headers.Builder h = Headers.builder().add("Host", "localhost:8080");
        headers.forEach(h::add);
        return RequestView.builder().method("GET").scheme("http").hostHeader("localhost:8080").rawPath("/api/hello")
                .headers(h.build()).remoteAddress(peer).build();
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    /** Stands for QiuthMetrics bound to Micronaut's MeterRegistry. */
    @Singleton
    @Requires(property = "test.listener", value = "true")
    static class RecordingListener implements dev.qiuth.DecisionListener {
        final java.util.List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onDecision(Decision decision, long nanos) {
            outcomes.add(decision instanceof Decision.Denied d ? d.reason().name() : "granted");
        }
    }

    /** A store of the application's own, standing for a database. */
    @Factory
    @Requires(property = "test.custom-key-store", value = "true")
    static class CustomKeyStore {
        @Singleton
        KeyStore keys() {
            return InMemoryKeyStore.of(KeyPolicy.builder().id("custom").apiKey(CUSTOM_KEY).build());
        }
    }
}
