package dev.qiuth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MutableClockTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00.123456789Z");

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = MutableClock.at(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void advancesBySetsAndGoesBack() {
        MutableClock clock = new MutableClock(START);

        clock.advance(Duration.ofMillis(1));
        assertThat(clock.instant()).isEqualTo(START.plusMillis(1));
        clock.advance(Duration.ofMinutes(-10));
        assertThat(clock.instant()).isEqualTo(START.plusMillis(1).minusSeconds(600));
        clock.set(Instant.EPOCH);
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void anOffsetIsAFixedSkewedCopy() {
        MutableClock clock = MutableClock.standard();

        Clock late = clock.offset(Duration.ofSeconds(-301));
        clock.advance(Duration.ofHours(1));

        assertThat(late.instant()).isEqualTo(MutableClock.STANDARD_START.minusSeconds(301));
        assertThat(clock.instant()).isEqualTo(MutableClock.STANDARD_START.plusSeconds(3600));
    }

    @Test
    void theStandardStartIsTenSecondsIntoAMinute() {
        assertThat(MutableClock.standard().instant()).isEqualTo(Instant.parse("2026-11-23T12:00:10Z"));
    }

    @Test
    void startingNowIsAWholeSecondNearTheRealClock() {
        Instant before = Instant.now().minusSeconds(1);
        Instant now = MutableClock.startingNow().instant();

        assertThat(now.getNano()).isZero();
        assertThat(now).isBetween(before, Instant.now());
    }

    @Test
    void isUtcOnly() {
        MutableClock clock = MutableClock.standard();

        assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
        assertThat(clock.withZone(ZoneId.of("Z"))).isSameAs(clock);
        assertThatThrownBy(() -> clock.withZone(ZoneId.of("Europe/Paris")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Europe/Paris");
    }

    @Test
    void concurrentAdvancesAreNotLost() throws Exception {
        MutableClock clock = MutableClock.at(START);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        clock.advance(Duration.ofMillis(1));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(clock.instant()).isEqualTo(START.plusMillis(40_000));
    }
}
