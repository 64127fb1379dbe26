package dev.qiuth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void delaysGrowByTheMultiplierUpToTheMaximum() {
        RetryPolicy p = RetryPolicy.of(5, Duration.ofMillis(100), 2, Duration.ofMillis(500));

        assertThat(p.delayBefore(1, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.delayBefore(2, null)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delayBefore(3, null)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.delayBefore(4, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delayBefore(60, null)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void retryAfterIsHonouredWithinTheMaximum() {
        RetryPolicy p = RetryPolicy.of(3, Duration.ofMillis(100), 2, Duration.ofSeconds(5));

        assertThat(p.delayBefore(1, 2L)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayBefore(1, 999_999_999L)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void only5xxIsRetried() {
        assertThat(RetryPolicy.retriesStatus(500)).isTrue();
        assertThat(RetryPolicy.retriesStatus(503)).isTrue();
        assertThat(RetryPolicy.retriesStatus(429)).isFalse();
        assertThat(RetryPolicy.retriesStatus(401)).isFalse();
        assertThat(RetryPolicy.retriesStatus(200)).isFalse();
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> RetryPolicy.of(-1, Duration.ZERO, 1, Duration.ZERO)).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> RetryPolicy.of(1, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2))).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> RetryPolicy.of(1, Duration.ofSeconds(2), 1, Duration.ofSeconds(1))).hasMessageContaining("maxDelay");
    }
}
