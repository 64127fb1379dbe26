package dev.qiuth.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.store.KeyStore;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer's wiring of the engine-wide settings, on {@code qiuth.*} read through the real
 * {@code @ConfigMapping} (no Quarkus start): {@code qiuth.public-base-url} here; the others are
 * proved over HTTP by {@link HardenedSettingsTest}.
 */
class QiuthBeansTest {
    private static final String API_KEY = "qk_unit_9pQ2w7Lx4Rt1Zm8Vb3Nc6Yh0Kd5Fs2Ja7Ge4Uo1Ti6";
    private static final String HMAC_SECRET = "a3f9c1e7b5d2486f0e9a7c3b1d5f8e2a6c4b0d9f7e1a3c5b";
    private static final String PUBLIC = "https://api.example.test";

    @Test
    void publicBaseUrlIsWhatSignaturesAreCheckedAgainstWhateverHostTheRequestCarries() {
        Qiuth qiuth = engine(Map.of("qiuth.public-base-url", PUBLIC));
        RequestSigner signer = RequestSigner.builder().apiKey(API_KEY).hmacSecret(HMAC_SECRET).build();

        Decision forPublic = qiuth.authenticate(internalRequest(signer.sign("GET", PUBLIC + "/api/hello?x=1", (byte[]) null)));
        assertThat(forPublic).isInstanceOf(Decision.Granted.class);

        Map<String, String> forInternal = signer.sign("GET", "http://10.0.0.5:8080/api/hello?x=1", (byte[]) null);
        Decision denied = qiuth.authenticate(internalRequest(forInternal));
        assertThat(denied).isInstanceOfSatisfying(Decision.Denied.class,
                d -> assertThat(d.reason()).isEqualTo(ErrorCode.INVALID_HMAC));
    }

    @Test
    void withoutPublicBaseUrlTheRequestsOwnHostIsSigned() {
        Qiuth qiuth = engine(Map.of());
        RequestSigner signer = RequestSigner.builder().apiKey(API_KEY).hmacSecret(HMAC_SECRET).build();
        assertThat(qiuth.authenticate(internalRequest(signer.sign("GET", PUBLIC + "/api/hello?x=1", (byte[]) null))))
                .isInstanceOf(Decision.Denied.class);
        assertThat(qiuth.authenticate(internalRequest(signer.sign("GET", "http://10.0.0.5:8080/api/hello?x=1", (byte[]) null))))
                .isInstanceOf(Decision.Granted.class);
    }

    @Test
    void publicBaseUrlWithAPathStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> engine(Map.of("qiuth.public-base-url", PUBLIC + "/v1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("invalid qiuth.public-base-url: ");
    }

    @Test
    void redisAndLockoutSettingsAreReadAsTheirVariablesAndTheLockoutIsApplied() {
        Map<String, String> settings = Map.of("qiuth.redis-url", "redis://:redis-pw-Tq72@10.0.0.9:6379",
                "qiuth.redis-cluster", "true", "qiuth.redis-timeout", "250", "qiuth.redis-key-prefix", "shop:",
                "qiuth.redis-rate-limit-fail-open", "true", "qiuth.failure-limit", "2", "qiuth.failure-window", "90",
                "qiuth.key-failure-limit", "4");
        dev.qiuth.config.EnvironmentConfig env = QiuthBeans.environment(config(settings));
        dev.qiuth.config.RedisSettings redis = env.redis().orElseThrow();
        assertThat(redis.url()).isEqualTo("redis://:redis-pw-Tq72@10.0.0.9:6379");
        assertThat(redis.cluster()).isTrue();
        assertThat(redis.commandTimeout()).contains(java.time.Duration.ofMillis(250));
        assertThat(redis.keyPrefix()).contains("shop:");
        assertThat(redis.rateLimiterFailOpen()).isTrue();
        assertThat(env.failureLimits().perKey()).contains(dev.qiuth.ratelimit.RateLimit.of(4, java.time.Duration.ofMinutes(1)));

        Qiuth qiuth = engine(settings);
        RequestSigner wrong = RequestSigner.builder().apiKey("qk_wrong_key_0000000000000000").hmacSecret(HMAC_SECRET).build();
        for (int i = 0; i < 2; i++) {
            assertThat(qiuth.authenticate(internalRequest(wrong.sign("GET", "http://10.0.0.5:8080/api/hello?x=1", (byte[]) null))))
                    .isInstanceOf(Decision.Denied.class);
        }
        RequestSigner right = RequestSigner.builder().apiKey(API_KEY).hmacSecret(HMAC_SECRET).build();
        assertThat(qiuth.authenticate(internalRequest(right.sign("GET", "http://10.0.0.5:8080/api/hello?x=1", (byte[]) null))))
                .isInstanceOfSatisfying(Decision.Denied.class, d -> {
                    assertThat(d.status()).isEqualTo(429);
                    assertThat(d.response().headers()).containsKey("Retry-After");
                });
    }

    @Test
    void redisTrustedCertificatesAreReadAsTheirVariable(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("redis-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        dev.qiuth.config.RedisSettings redis = QiuthBeans.environment(config(Map.of(
                "qiuth.redis-url", "rediss://redis.internal:6380",
                "qiuth.redis-trusted-certificates", pem.toString()))).redis().orElseThrow();
        assertThat(redis.trustedCertificates()).contains(pem);
        assertThatThrownBy(() -> engine(Map.of("qiuth.redis-url", "redis://:redis-pw-Tq72@10.0.0.9:6379",
                "qiuth.redis-trusted-certificates", pem.toString())))
                .hasMessageContaining("QIUTH_REDIS_TRUSTED_CERTIFICATES").message().doesNotContain("redis-pw-Tq72");
    }

    @Test
    void aBadRedisSettingIsNamedWithoutTheUrl() {
        assertThatThrownBy(() -> engine(Map.of("qiuth.redis-url", "http://:redis-pw-Tq72@10.0.0.9:6379")))
                .hasMessageContaining("QIUTH_REDIS_URL").message().doesNotContain("redis-pw-Tq72");
        assertThatThrownBy(() -> engine(Map.of("qiuth.failure-window", "60")))
                .hasMessageContaining("QIUTH_FAILURE_WINDOW").hasMessageContaining("QIUTH_FAILURE_LIMIT");
    }

    private static QiuthConfig config(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("qiuth.api-key", API_KEY);
        properties.put("qiuth.hmac-secret", HMAC_SECRET);
        return new SmallRyeConfigBuilder()
                .withMapping(QiuthConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(QiuthConfig.class);
    }

    private static Qiuth engine(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("qiuth.api-key", API_KEY);
        properties.put("qiuth.hmac-secret", HMAC_SECRET);
        QiuthConfig config = new SmallRyeConfigBuilder()
                .withMapping(QiuthConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(QiuthConfig.class);
        KeyStore keys = new QiuthBeans().keyStore(config);
        return QiuthBeans.builder(keys, config).build();
    }

    /** What the server behind the proxy sees: its own address as Host, plain HTTP. */
    private static RequestView internalRequest(Map<String, String> signedHeaders) {
        Headers.Builder headers = Headers.builder();
        signedHeaders.forEach(headers::add);
        return RequestView.builder().method("GET").scheme("http").hostHeader("10.0.0.5:8080")
                .rawPath("/api/hello").rawQuery("x=1").headers(headers.build()).remoteAddress("10.0.0.1").build();
    }
}
