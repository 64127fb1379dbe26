package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisStateConfigTest {

    @Test
    void theDefaultsAreFailClosedWithAShortTimeout() {
        RedisStateConfig c = RedisStateConfig.builder("redis://127.0.0.1:6379").build();
        assertThat(c.commandTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.keyPrefix()).isEqualTo("qiuth:");
        assertThat(c.rateLimiterFailOpen()).isFalse();
        assertThat(c.cluster()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://:s3cret-pw@10.0.0.5:6379", "rediss://app:s3cret-pw@redis.internal:6380/2",
            "redis://s3cret-pw@host"})
    void thePasswordNeverShows(String url) {
        RedisStateConfig c = RedisStateConfig.builder(url).build();
        assertThat(c.toString()).doesNotContain("s3cret-pw").contains("***@");
        assertThat(c.redactedUrl()).doesNotContain("s3cret-pw");
        assertThat(c.redactSecrets("driver said: " + url + " and s3cret-pw")).doesNotContain("s3cret-pw");
    }

    @Test
    void aUrlThatDoesNotParseIsNamedWithoutItsPassword() {
        RedisStateConfig c = RedisStateConfig.builder("redis://:s3cret-pw@127.0.0.1:notaport").build();
        assertThatThrownBy(() -> RedisState.connect(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not parse").hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> RedisStateConfig.builder("http://:pw@host").build())
                .hasMessageContaining("redis://").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> RedisStateConfig.builder("redis://h").commandTimeout(Duration.ZERO).build())
                .hasMessageContaining("commandTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> RedisStateConfig.builder("redis://h").keyPrefix("app{1}:").build())
                .hasMessageContaining("keyPrefix").hasMessageContaining("app{1}:");
        assertThatThrownBy(() -> RedisStateConfig.builder("redis://h").keyPrefix("x".repeat(65)).build())
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> RedisStateConfig.builder("redis://h").logInterval(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("logInterval");
        assertThatThrownBy(() -> RedisStateConfig.builder("redis://h").clock(null).build())
                .hasMessageContaining("clock");
    }
}
