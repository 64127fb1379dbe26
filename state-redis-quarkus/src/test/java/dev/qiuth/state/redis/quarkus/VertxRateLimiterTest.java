package dev.qiuth.state.redis.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.state.redis.RateLimitScript;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Vert.x rate limiter against a real redis-server: shared counters, windows, the scripts of state-redis. */
class VertxRateLimiterTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final RateLimit THREE_PER_MINUTE = RateLimit.of(3, Duration.ofMinutes(1));
    @RegisterExtension
    static final TwoNodes nodes = new TwoNodes();

    @Test
    void aBudgetSpentOnOneNodeIsSpentOnTheOther() {
        String bucket = bucket();
        RateLimiter a = nodes.a().rateLimiter();
        RateLimiter b = nodes.b().rateLimiter();
        Instant now = Instant.now();
        assertThat(a.acquire(bucket, THREE_PER_MINUTE, now)).isZero();
        assertThat(b.acquire(bucket, THREE_PER_MINUTE, now)).isZero();
        assertThat(b.blockedFor(bucket, THREE_PER_MINUTE, now)).isZero();
        assertThat(a.acquire(bucket, THREE_PER_MINUTE, now)).isZero();
        assertThat(b.blockedFor(bucket, THREE_PER_MINUTE, now)).isBetween(1L, 60L);
        assertThat(b.acquire(bucket, THREE_PER_MINUTE, now)).isBetween(1L, 60L);
        assertThat(a.blockedFor(bucket(), THREE_PER_MINUTE, now)).as("another bucket").isZero();
    }

    @Test
    void theCounterIsPrefixLColonBucketInBracesWithAnExpiryOfOneWindow() {
        String bucket = "fail:198.51.100." + BUCKETS.incrementAndGet();
        nodes.a().rateLimiter().acquire(bucket, THREE_PER_MINUTE, Instant.now());
        nodes.b().rateLimiter().acquire(bucket, THREE_PER_MINUTE, Instant.now());
        String key = "qiuth:l:{" + bucket + "}";
        assertThat(nodes.redis().command(Request.cmd(Command.GET).arg(key)).toLong()).isEqualTo(2);
        assertThat(nodes.redis().command(Request.cmd(Command.PTTL).arg(key)).toLong()).isBetween(50_000L, 60_000L);
    }

    @Test
    void blockedForCountsNothing() {
        String bucket = bucket();
        for (int i = 0; i < 10; i++) {
            assertThat(nodes.a().rateLimiter().blockedFor(bucket, THREE_PER_MINUTE, Instant.now())).isZero();
        }
        assertThat(nodes.redis().command(Request.cmd(Command.EXISTS).arg("qiuth:l:{" + bucket + "}")).toLong()).isZero();
    }

    @Test
    void theScriptsRedisCachesAreTheOnesOfStateRedisAndAFlushedCacheIsRefilled() {
        for (RateLimitScript script : RateLimitScript.values()) {
            assertThat(nodes.redis().command(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script.text())).toString())
                    .isEqualTo(script.sha1());
        }
        nodes.redis().command(Request.cmd(Command.SCRIPT).arg("FLUSH"));
        String bucket = bucket();
        assertThat(nodes.a().rateLimiter().acquire(bucket, THREE_PER_MINUTE, Instant.now())).isZero();
        assertThat(nodes.redis().command(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(RateLimitScript.ACQUIRE.sha1()))
                .get(0).toLong()).isEqualTo(1);
        nodes.redis().command(Request.cmd(Command.SCRIPT).arg("FLUSH"));
        assertThat(nodes.a().rateLimiter().blockedFor(bucket, THREE_PER_MINUTE, Instant.now())).isZero();
    }

    @Test
    void aWindowEndsWithItsKey() {
        String bucket = bucket();
        RateLimit onePerWindow = RateLimit.of(1, Duration.ofMinutes(10));
        nodes.a().rateLimiter().acquire(bucket, onePerWindow, Instant.now());
        assertThat(nodes.a().rateLimiter().acquire(bucket, onePerWindow, Instant.now())).isBetween(590L, 600L);
        // the window's end, brought forward on Redis' side rather than waited for
        nodes.redis().command(Request.cmd(Command.DEL).arg("qiuth:l:{" + bucket + "}"));
        assertThat(nodes.b().rateLimiter().blockedFor(bucket, onePerWindow, Instant.now())).isZero();
        assertThat(nodes.b().rateLimiter().acquire(bucket, onePerWindow, Instant.now())).isZero();
    }

    private static String bucket() {
        return "key:test-" + BUCKETS.incrementAndGet();
    }
}
