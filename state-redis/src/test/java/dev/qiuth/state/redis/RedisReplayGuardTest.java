package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisReplayGuardTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static EmbeddedRedis redis;
    private static RedisState state;
    private final SplittableRandom random = new SplittableRandom(Long.getLong("qiuth.seed", 20261123));

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
    void theFirstUseIsTrueAndTheSecondFalse() {
        byte[] fp = fingerprint();
        assertThat(state.replayGuard().firstUse(fp, NOW.plusSeconds(300), NOW)).isTrue();
        assertThat(state.replayGuard().firstUse(fp, NOW.plusSeconds(300), NOW)).isFalse();
        assertThat(state.replayGuard().firstUse(fingerprint(), NOW.plusSeconds(300), NOW)).isTrue();
    }

    @Test
    void redisKeepsTheFingerprintExactlyUntilTheWindowEnds() {
        byte[] fp = fingerprint();
        state.replayGuard().firstUse(fp, NOW.plusMillis(123_456), NOW);
        long pttl = redis.admin().pttl(key(fp));
        // Redis counts down from 123,456 ms on its own clock; a loaded CI machine may take a few ms
        assertThat(pttl).isBetween(123_456L - 2_000, 123_456L);
    }

    @Test
    void aWindowThatAlreadyEndedIsKeptOneMillisecondNotForever() {
        byte[] fp = fingerprint();
        assertThat(state.replayGuard().firstUse(fp, NOW.minusSeconds(5), NOW)).isTrue();
        assertThat(redis.admin().pttl(key(fp))).isLessThanOrEqualTo(1L); // -2 once gone, never -1 (no expiry)
        assertThat(redis.admin().pttl(key(fp))).isNotEqualTo(-1L);
    }

    @Test
    void theKeyIsThePrefixAndTheRawFingerprint() {
        byte[] fp = fingerprint();
        state.replayGuard().firstUse(fp, NOW.plusSeconds(10), NOW);
        assertThat(redis.admin().keys("*")).singleElement()
                .satisfies(k -> assertThat(k).isEqualTo(key(fp)).hasSize(8 + 32));
    }

    @Test
    void aFingerprintThatIsNotThirtyTwoBytesIsRefusedBeforeRedis() {
        assertThatThrownBy(() -> state.replayGuard().firstUse(new byte[31], NOW.plusSeconds(1), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32-byte");
        assertThat(redis.admin().dbsize()).isZero();
    }

    private byte[] fingerprint() {
        byte[] fp = new byte[32];
        random.nextBytes(fp);
        return fp;
    }

    private static byte[] key(byte[] fp) {
        byte[] prefix = "qiuth:r:".getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[prefix.length + 32];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(fp, 0, key, prefix.length, 32);
        return key;
    }

}
