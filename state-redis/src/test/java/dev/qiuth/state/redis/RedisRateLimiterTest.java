package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ratelimit.InMemoryRateLimiter;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisRateLimiterTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final RateLimit THREE_PER_MINUTE = RateLimit.of(3, Duration.ofMinutes(1));
    private static EmbeddedRedis redis;
    private static RedisState state;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.start();
        state = RedisState.connect(RedisStateConfig.builder(redis.url()).build());
    }

    @AfterAll
    static void stop() {
        state.close();
        redis.close();
    }

    @BeforeEach
    void empty() {
        redis.admin().flushall();
    }

    @Test
    void eventsWithinTheLimitAnswerZeroAndTheNextTheSecondsLeftInTheWindow() {
        RateLimiter limiter = state.rateLimiter();
        assertThat(limiter.acquire("key:a", THREE_PER_MINUTE, NOW)).isZero();
        assertThat(limiter.acquire("key:a", THREE_PER_MINUTE, NOW)).isZero();
        assertThat(limiter.acquire("key:a", THREE_PER_MINUTE, NOW)).isZero();
        // ceil of the PTTL: 60 s minus the few ms since the first event
        assertThat(limiter.acquire("key:a", THREE_PER_MINUTE, NOW)).isEqualTo(60);
        assertThat(limiter.acquire("key:b", THREE_PER_MINUTE, NOW)).isZero();
    }

    @Test
    void theFirstEventStartsAWindowThatRedisExpires() {
        state.rateLimiter().acquire("fail:203.0.113.7", THREE_PER_MINUTE, NOW);
        byte[] key = "qiuth:l:{fail:203.0.113.7}".getBytes(StandardCharsets.UTF_8);
        assertThat(redis.admin().pttl(key)).isBetween(58_000L, 60_000L);
        state.rateLimiter().acquire("fail:203.0.113.7", THREE_PER_MINUTE, NOW);
        assertThat(new String(redis.admin().get(key), StandardCharsets.US_ASCII)).isEqualTo("2");
        assertThat(redis.admin().pttl(key)).isBetween(58_000L, 60_000L);
    }

    @Test
    void aCounterLeftWithoutExpiryGetsOneOnTheNextEvent() {
        byte[] key = "qiuth:l:{key:a}".getBytes(StandardCharsets.UTF_8);
        redis.admin().set(key, "5".getBytes(StandardCharsets.US_ASCII));
        assertThat(state.rateLimiter().acquire("key:a", THREE_PER_MINUTE, NOW)).isEqualTo(60);
        assertThat(redis.admin().pttl(key)).isBetween(58_000L, 60_000L);
    }

    @Test
    void withinTheLimitACounterIsOnlyIncrementedAndItsExpiryReadOnlyPastIt() {
        byte[] key = "qiuth:l:{key:a}".getBytes(StandardCharsets.UTF_8);
        redis.admin().set(key, "1".getBytes(StandardCharsets.US_ASCII)); // no expiry, below the limit
        assertThat(state.rateLimiter().acquire("key:a", THREE_PER_MINUTE, NOW)).isZero();
        assertThat(state.rateLimiter().acquire("key:a", THREE_PER_MINUTE, NOW)).isZero();
        assertThat(redis.admin().pttl(key)).isEqualTo(-1L);
        assertThat(state.rateLimiter().acquire("key:a", THREE_PER_MINUTE, NOW)).isEqualTo(60);
        assertThat(redis.admin().pttl(key)).isBetween(58_000L, 60_000L);
    }

    @Test
    void blockedForAgreesWithTheInMemoryLimiterAtEveryCount() {
        RateLimiter memory = new InMemoryRateLimiter();
        for (int i = 0; i < 5; i++) {
            long redisBlocked = state.rateLimiter().blockedFor("fail:x", THREE_PER_MINUTE, NOW);
            long memoryBlocked = memory.blockedFor("fail:x", THREE_PER_MINUTE, NOW);
            assertThat(redisBlocked > 0).as("blocked after %d events", i).isEqualTo(memoryBlocked > 0);
            long redisWait = state.rateLimiter().acquire("fail:x", THREE_PER_MINUTE, NOW);
            long memoryWait = memory.acquire("fail:x", THREE_PER_MINUTE, NOW);
            assertThat(redisWait > 0).as("over the limit at event %d", i + 1).isEqualTo(memoryWait > 0);
        }
        assertThat(state.rateLimiter().blockedFor("fail:x", THREE_PER_MINUTE, NOW)).isEqualTo(60);
    }

    @Test
    void blockedForCountsNothing() {
        for (int i = 0; i < 10; i++) {
            assertThat(state.rateLimiter().blockedFor("fail:y", THREE_PER_MINUTE, NOW)).isZero();
        }
        assertThat(redis.admin().dbsize()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fail:2001:db8::1", "key:{braced}", "lockout:key-ünïcode", "a}b{c", "x y\tz"})
    void anyBucketStringIsOneCounterOfItsOwn(String bucket) {
        for (int i = 0; i < 3; i++) {
            assertThat(state.rateLimiter().acquire(bucket, THREE_PER_MINUTE, NOW)).isZero();
        }
        assertThat(state.rateLimiter().acquire(bucket, THREE_PER_MINUTE, NOW)).isPositive();
        assertThat(state.rateLimiter().acquire(bucket + "!", THREE_PER_MINUTE, NOW)).isZero();
        List<byte[]> keys = redis.admin().keys("*");
        assertThat(keys).hasSize(2);
    }

    @Test
    void aFlushedScriptCacheIsRefilledWithEval() {
        assertThat(state.rateLimiter().acquire("key:a", THREE_PER_MINUTE, NOW)).isZero();
        redis.admin().scriptFlush();
        assertThat(state.rateLimiter().acquire("key:a", THREE_PER_MINUTE, NOW)).isZero();
        redis.admin().scriptFlush();
        assertThat(state.rateLimiter().blockedFor("key:a", RateLimit.of(2, Duration.ofMinutes(1)), NOW)).isEqualTo(60);
        assertThat(new String(redis.admin().get("qiuth:l:{key:a}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII))
                .isEqualTo("2");
    }

    @Test
    void anotherPrefixKeepsAnotherSetOfCounters() {
        try (RedisState other = RedisState.connect(RedisStateConfig.builder(redis.url()).keyPrefix("app2:").build())) {
            state.rateLimiter().acquire("key:a", THREE_PER_MINUTE, NOW);
            other.rateLimiter().acquire("key:a", THREE_PER_MINUTE, NOW);
            assertThat(redis.admin().exists("app2:l:{key:a}".getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
            assertThat(new String(redis.admin().get("qiuth:l:{key:a}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII))
                    .isEqualTo("1");
        }
    }
}
