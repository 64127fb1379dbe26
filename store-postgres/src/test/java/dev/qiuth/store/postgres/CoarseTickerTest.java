package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoarseTickerTest {
    @Test
    void followsTheSystemClockWithinItsPeriod() {
        CoarseTicker ticker = CoarseTicker.get();
        assertThat(CoarseTicker.get()).isSameAs(ticker);
        long first = ticker.read();
        long target = System.nanoTime() + Duration.ofMillis(30).toNanos();

        Poll.until("the ticker passes a point 30 ms ahead", Duration.ofSeconds(2), () -> ticker.read() >= target);

        assertThat(ticker.read()).isGreaterThan(first).isLessThanOrEqualTo(System.nanoTime());
    }
}
