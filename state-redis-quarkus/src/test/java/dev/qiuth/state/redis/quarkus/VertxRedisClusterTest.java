package dev.qiuth.state.redis.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.state.redis.RedisStateConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster(true)}: Vert.x' cluster client over three real masters, slots split in three. */
class VertxRedisClusterTest {
    private static final List<RedisProcess> masters = new ArrayList<>();
    private static Vertx vertx;
    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() {
        vertx = Vertx.vertx();
        for (int i = 0; i < 3; i++) {
            Path nodeDir = dir.resolve("node" + i);
            try {
                Files.createDirectories(nodeDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            masters.add(RedisProcess.start(vertx, "cluster-enabled yes", "cluster-config-file nodes.conf",
                    "cluster-node-timeout 5000", "dir " + nodeDir));
        }
        for (int i = 0; i < 3; i++) {
            Request addSlots = Request.cmd(Command.CLUSTER).arg("ADDSLOTS");
            for (int slot = i * 16384 / 3; slot < (i + 1) * 16384 / 3; slot++) {
                addSlots.arg(slot);
            }
            masters.get(i).command(addSlots);
        }
        for (int i = 1; i < 3; i++) {
            masters.get(0).command(Request.cmd(Command.CLUSTER).arg("MEET").arg("127.0.0.1").arg(masters.get(i).port));
        }
        boolean ready = false;
        for (int attempt = 0; attempt < 300 && !ready; attempt++) { // a bounded poll for the cluster to form
            ready = masters.stream().allMatch(m -> {
                String info = m.command(Request.cmd(Command.CLUSTER).arg("INFO")).toString();
                return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
            });
            if (!ready) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        assertThat(ready).as("cluster formed").isTrue();
    }

    @AfterAll
    static void stopCluster() {
        masters.forEach(RedisProcess::close);
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void replaysAndCountersWorkAcrossTheMastersAndTwoNodesShareThem() {
        RedisStateConfig config = RedisStateConfig.builder(masters.get(1).url()).cluster(true)
                .commandTimeout(Duration.ofSeconds(2)).build();
        try (VertxRedisState a = VertxRedisState.connect(vertx, config); VertxRedisState b = VertxRedisState.connect(vertx, config)) {
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
            assertThat(masters).allSatisfy(m -> assertThat(m.command(Request.cmd(Command.DBSIZE)).toLong()).isPositive());
        }
    }
}
