package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.testing.RedisClusterProcesses;
import dev.qiuth.testing.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three masters, slots split in three ({@link RedisClusterProcesses}), over plain TCP. */
class RedisClusterTest extends TwoEnginesOverOneCluster {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static RedisClusterProcesses cluster;
    private static List<RedisServerProcess> masters;
    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcesses.start(dir);
        masters = cluster.masters();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void replayAndRateLimitWorkAcrossTheMastersAndABucketStaysInOneSlot() {
        try (RedisState state = RedisState.connect(config())) {
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 60; i++) {
                byte[] fp = new byte[32];
                random.nextBytes(fp);
                assertThat(state.replayGuard().firstUse(fp, NOW.plusSeconds(60), NOW)).isTrue();
                assertThat(state.replayGuard().firstUse(fp, NOW.plusSeconds(60), NOW)).isFalse();
            }
            RateLimit two = RateLimit.of(2, Duration.ofMinutes(1));
            for (int i = 0; i < 30; i++) {
                String bucket = "fail:198.18.0." + i; // addresses no engine test uses
                assertThat(state.rateLimiter().acquire(bucket, two, NOW)).isZero();
                assertThat(state.rateLimiter().acquire(bucket, two, NOW)).isZero();
                assertThat(state.rateLimiter().blockedFor(bucket, two, NOW)).isEqualTo(60);
                assertThat(state.rateLimiter().acquire(bucket, two, NOW)).isEqualTo(60);
                // the braces make the bucket the hash tag: its counter sits in the bucket's own slot
                assertThat(masters.get(0).command("CLUSTER", "KEYSLOT", "qiuth:l:{" + bucket + "}"))
                        .isEqualTo(masters.get(0).command("CLUSTER", "KEYSLOT", bucket));
            }
            // each master holds some of the keys: the work is really spread
            assertThat(masters).allSatisfy(m -> assertThat(Long.parseLong(m.command("DBSIZE"))).isPositive());
        }
    }

    @Override
    RedisStateConfig config() {
        return RedisStateConfig.builder(cluster.seedUrl()).cluster(true).build();
    }

    @Override
    List<RedisServerProcess> masters() {
        return masters;
    }
}
