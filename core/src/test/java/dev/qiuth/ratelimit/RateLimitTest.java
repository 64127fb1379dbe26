package dev.qiuth.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void refusesALimitUnderOne() {
        assertThatThrownBy(() -> RateLimit.of(0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rate limit must be at least 1, got 0");
    }

    @Test
    void refusesAWindowUnderASecond() {
        assertThatThrownBy(() -> RateLimit.of(1, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one second");
        assertThatThrownBy(() -> RateLimit.of(1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsItsValues() {
        RateLimit r = RateLimit.of(20, Duration.ofMinutes(1));
        assertThat(r.limit()).isEqualTo(20);
        assertThat(r.window()).isEqualTo(Duration.ofMinutes(1));
    }
}
