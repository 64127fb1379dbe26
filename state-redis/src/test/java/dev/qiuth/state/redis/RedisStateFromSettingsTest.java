package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.ratelimit.RateLimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The QIUTH_REDIS_* variables, read by the core, connect a working RedisState. */
class RedisStateFromSettingsTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void theVariablesReachTheConnectionAndItsKeys() {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            EnvironmentConfig env = EnvironmentConfig.from(Map.of("QIUTH_REDIS_URL", redis.url(),
                    "QIUTH_REDIS_TIMEOUT", "750", "QIUTH_REDIS_KEY_PREFIX", "shop:", "QIUTH_REDIS_RATE_LIMIT_FAIL_OPEN", "true"));
            try (RedisState state = RedisState.fromSettings(env.redis().orElseThrow())) {
                assertThat(state.config().commandTimeout()).isEqualTo(Duration.ofMillis(750));
                assertThat(state.config().rateLimiterFailOpen()).isTrue();
                assertThat(state.config().cluster()).isFalse();
                assertThat(state.rateLimiter().acquire("fail:192.0.2.1", RateLimit.of(5, Duration.ofMinutes(1)), NOW)).isZero();
                assertThat(redis.admin().exists("shop:l:{fail:192.0.2.1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(1L);
            }
        }
    }

    @Test
    void unsetOptionsKeepTheModuleDefaults() {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            EnvironmentConfig env = EnvironmentConfig.from(Map.of("QIUTH_REDIS_URL", redis.url()));
            try (RedisState state = RedisState.fromSettings(env.redis().orElseThrow())) {
                assertThat(state.config().commandTimeout()).isEqualTo(RedisStateConfig.DEFAULT_COMMAND_TIMEOUT);
                assertThat(state.config().keyPrefix()).isEqualTo(RedisStateConfig.DEFAULT_KEY_PREFIX);
                assertThat(state.config().rateLimiterFailOpen()).isFalse();
                assertThat(state.replayGuard().firstUse(new byte[32], NOW.plusSeconds(60), NOW)).isTrue();
                assertThat(state.replayGuard().firstUse(new byte[32], NOW.plusSeconds(60), NOW)).isFalse();
            }
        }
    }
}
