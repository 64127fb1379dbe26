package dev.qiuth.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {
    /** Ten seconds into a minute. */
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:10Z");
    private static final RateLimit THREE_PER_MINUTE = RateLimit.of(3, Duration.ofMinutes(1));

    @Test
    void allowsTheLimitThenAnswersTheSecondsLeftInTheWindow() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k", THREE_PER_MINUTE, NOW)).isZero();
        }
        assertThat(limiter.acquire("k", THREE_PER_MINUTE, NOW)).isEqualTo(50);
        assertThat(limiter.acquire("k", THREE_PER_MINUTE, NOW.plusMillis(49_500))).isEqualTo(1);
    }

    @Test
    void windowsAreFixedAndAlignedToTheirLength() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter();
        for (int i = 0; i < 4; i++) {
            limiter.acquire("k", THREE_PER_MINUTE, NOW);
        }
        assertThat(limiter.acquire("k", THREE_PER_MINUTE, Instant.parse("2026-11-23T12:00:59.999Z"))).isPositive();
        assertThat(limiter.acquire("k", THREE_PER_MINUTE, Instant.parse("2026-11-23T12:01:00Z"))).isZero();
    }

    @Test
    void bucketsAreIndependent() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter();
        for (int i = 0; i < 5; i++) {
            limiter.acquire("a", THREE_PER_MINUTE, NOW);
        }
        assertThat(limiter.acquire("b", THREE_PER_MINUTE, NOW)).isZero();
    }

    @Test
    void blockedForCountsNothingAndBlocksFromTheLimitOn() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter();
        assertThat(limiter.blockedFor("k", THREE_PER_MINUTE, NOW)).isZero();
        limiter.acquire("k", THREE_PER_MINUTE, NOW);
        limiter.acquire("k", THREE_PER_MINUTE, NOW);
        assertThat(limiter.blockedFor("k", THREE_PER_MINUTE, NOW)).isZero();
        assertThat(limiter.blockedFor("k", THREE_PER_MINUTE, NOW)).isZero();
        limiter.acquire("k", THREE_PER_MINUTE, NOW);
        assertThat(limiter.blockedFor("k", THREE_PER_MINUTE, NOW)).isEqualTo(50);
        assertThat(limiter.blockedFor("k", THREE_PER_MINUTE, Instant.parse("2026-11-23T12:01:00Z"))).isZero();
    }

    @Test
    void staysBoundedUnderAFloodOfBuckets() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(100);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.acquire("client-" + i, THREE_PER_MINUTE, NOW)).isZero();
            assertThat(limiter.size()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void evictsABatchWhenFullOfLiveWindowsSoTheNextBucketsNeedNoScan() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(100);
        for (int i = 0; i < 100; i++) {
            limiter.acquire("live-" + i, THREE_PER_MINUTE, NOW);
        }
        limiter.acquire("one-more", THREE_PER_MINUTE, NOW);
        assertThat(limiter.size()).isLessThanOrEqualTo(91);
    }

    @Test
    void dropsEndedWindowsFirstWhenFull() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(3);
        RateLimit perSecond = RateLimit.of(1, Duration.ofSeconds(1));
        limiter.acquire("old-1", perSecond, NOW);
        limiter.acquire("old-2", perSecond, NOW);
        for (int i = 0; i < 5; i++) {
            limiter.acquire("live", THREE_PER_MINUTE, NOW);
        }
        Instant later = NOW.plusSeconds(2);
        limiter.acquire("new", THREE_PER_MINUTE, later);
        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.blockedFor("live", THREE_PER_MINUTE, later)).isPositive();
    }

    @Test
    void refusesANonPositiveCapacity() {
        assertThatThrownBy(() -> new InMemoryRateLimiter(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}
