package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ratelimit.RateLimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The wire layout every Qiuth node shares, whatever its Redis client: a change here is a change
 * of the stored format, so the exact bytes are pinned.
 */
class RedisStateLayoutTest {
    private final RedisStateLayout layout = new RedisStateLayout("qiuth:");

    @Test
    void aReplayKeyIsThePrefixRColonAndThe32RawFingerprintBytes() {
        byte[] fp = new byte[32];
        Arrays.fill(fp, (byte) 0xAB);
        byte[] key = layout.replayKey(fp);
        assertThat(key).hasSize(40);
        assertThat(Arrays.copyOf(key, 8)).isEqualTo("qiuth:r:".getBytes(StandardCharsets.US_ASCII));
        assertThat(Arrays.copyOfRange(key, 8, 40)).isEqualTo(fp);
        assertThatThrownBy(() -> layout.replayKey(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.replayKey(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCounterKeyIsThePrefixLColonAndTheUtf8BucketInBraces() {
        assertThat(new String(layout.counterKey("fail:2001:db8::1"), StandardCharsets.UTF_8)).isEqualTo("qiuth:l:{fail:2001:db8::1}");
        assertThat(layout.counterKey("key:caf\u00e9")).isEqualTo("qiuth:l:{key:caf\u00e9}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(new RedisStateLayout("staging:").counterKey("b"), StandardCharsets.US_ASCII)).isEqualTo("staging:l:{b}");
    }

    @Test
    void aReplayKeyLivesUntilTheWindowEndsAndAtLeastOneMillisecond() {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        assertThat(RedisStateLayout.replayTtlMillis(now.plusSeconds(300), now)).isEqualTo(300_000);
        assertThat(RedisStateLayout.replayTtlMillis(now, now)).isEqualTo(1);
        assertThat(RedisStateLayout.replayTtlMillis(now.minusSeconds(5), now)).isEqualTo(1);
    }

    @Test
    void theScriptsTakeTheirArgumentsAsDecimalsAndTheirReplyReadsAsWholeSecondsRoundedUp() {
        RateLimit limit = RateLimit.of(10, Duration.ofMinutes(5));
        assertThat(RateLimitScript.ACQUIRE.arguments(limit)).isDeepEqualTo(new byte[][] {bytes("10"), bytes("300000")});
        assertThat(RateLimitScript.BLOCKED.arguments(limit)).isDeepEqualTo(new byte[][] {bytes("10")});
        assertThat(RateLimitScript.secondsToWait(null)).isZero();
        assertThat(RateLimitScript.secondsToWait(0L)).isZero();
        assertThat(RateLimitScript.secondsToWait(1L)).isEqualTo(1);
        assertThat(RateLimitScript.secondsToWait(1000L)).isEqualTo(1);
        assertThat(RateLimitScript.secondsToWait(1001L)).isEqualTo(2);
        assertThat(RateLimitScript.ACQUIRE.sha1()).matches("[0-9a-f]{40}").isNotEqualTo(RateLimitScript.BLOCKED.sha1());
        assertThat(RateLimitScript.isNoScript("NOSCRIPT No matching script. Please use EVAL.")).isTrue();
        assertThat(RateLimitScript.isNoScript("ERR wrong number of arguments")).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
