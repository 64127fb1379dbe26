package dev.qiuth.state.redis.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.state.redis.RedisStateConfig;
import dev.qiuth.testing.RedisClusterProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster(true)}: Vert.x' cluster client over three real masters, slots split in three ({@link RedisClusterProcesses}). */
class VertxRedisClusterTest {
    private static RedisClusterProcesses cluster;
    @RegisterExtension
    static final TestVertx vertx = new TestVertx();
    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcesses.start(dir);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void replaysAndCountersWorkAcrossTheMastersAndTwoNodesShareThem() {
        RedisStateConfig config = RedisStateConfig.builder(cluster.seedUrl()).cluster(true)
                .commandTimeout(Duration.ofSeconds(2)).build();
        try (VertxRedisState a = VertxRedisState.connect(vertx.get(), config); VertxRedisState b = VertxRedisState.connect(vertx.get(), config)) {
            Instant now = Instant.now();
            for (int i = 0; i < 60; i++) {
                byte[] fp = VertxReplayGuardTest.fingerprint();
                assertThat(a.replayGuard().firstUse(fp, now.plusSeconds(60), now)).isTrue();
                assertThat(b.replayGuard().firstUse(fp, now.plusSeconds(60), now)).isFalse();
            }
            RateLimit two = RateLimit.of(2, Duration.ofMinutes(1));
            for (int i = 0; i < 30; i++) {
                String bucket = "fail:192.0.2." + i;
                assertThat(a.rateLimiter().acquire(bucket, two, now)).isZero();
                assertThat(b.rateLimiter().acquire(bucket, two, now)).isZero();
                assertThat(a.rateLimiter().blockedFor(bucket, two, now)).isBetween(1L, 60L);
                assertThat(b.rateLimiter().acquire(bucket, two, now)).isBetween(1L, 60L);
            }
            // each master holds some of the keys: the work is really spread
            assertThat(cluster.masters()).allSatisfy(m -> assertThat(Long.parseLong(m.command("DBSIZE"))).isPositive());
        }
    }
}
