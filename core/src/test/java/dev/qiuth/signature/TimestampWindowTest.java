package dev.qiuth.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.signature.TimestampWindow.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampWindowTest {
    private static final long NOW = 1_795_433_693_759L;
    private static final Duration MAX_AGE = Duration.ofSeconds(300);

    @Test
    void parsesDecimalMilliseconds() {
        assertThat(TimestampWindow.parse("1795433693759")).isEqualTo(NOW);
        assertThat(TimestampWindow.parse("0")).isZero();
        assertThat(TimestampWindow.parse("999999999999999")).isEqualTo(999_999_999_999_999L);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-1", "+1795433693759", " 1795433693759", "1795433693759 ", "1795433693759.0", "1.7e12",
        "2026-11-23T12:00:00Z", "0x1A2B", "1234567890123456", "١٢٣", "1_000"})
    void refusesAnythingButUpToFifteenDigits(String header) {
        assertThat(TimestampWindow.parse(header)).isEqualTo(-1);
    }

    @Test
    void acceptsExactlyMaxAgeOld() {
        assertThat(TimestampWindow.check(NOW - 300_000, NOW, MAX_AGE)).isEqualTo(Verdict.VALID);
    }

    @Test
    void refusesOneMillisecondOlderThanMaxAge() {
        assertThat(TimestampWindow.check(NOW - 300_001, NOW, MAX_AGE)).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void acceptsExactlySixtySecondsAhead() {
        assertThat(TimestampWindow.check(NOW + 60_000, NOW, MAX_AGE)).isEqualTo(Verdict.VALID);
    }

    @Test
    void refusesOneMillisecondMoreThanSixtySecondsAhead() {
        assertThat(TimestampWindow.check(NOW + 60_001, NOW, MAX_AGE)).isEqualTo(Verdict.FUTURE);
    }

    @Test
    void secondsSinceTheEpochAreFarTooOld() {
        assertThat(TimestampWindow.check(TimestampWindow.parse(Long.toString(NOW / 1000)), NOW, MAX_AGE))
                .isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void malformedCountsAsExpired() {
        assertThat(TimestampWindow.check(-1, NOW, MAX_AGE)).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void theFutureSkewIsSixtySeconds() {
        assertThat(TimestampWindow.FUTURE_SKEW).isEqualTo(Duration.ofSeconds(60));
    }
}
