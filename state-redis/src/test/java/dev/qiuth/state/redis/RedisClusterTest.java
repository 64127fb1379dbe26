package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three masters, slots split in three, built from the shipped binary with CLUSTER ADDSLOTS and MEET. */
class RedisClusterTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final List<EmbeddedRedis> masters = new ArrayList<>();
    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() {
        for (int i = 0; i < 3; i++) {
            Path nodeDir = dir.resolve("node" + i);
            try {
                Files.createDirectories(nodeDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            masters.add(EmbeddedRedis.start("cluster-enabled yes", "cluster-config-file nodes.conf",
                    "cluster-node-timeout 5000", "dir " + nodeDir));
        }
        for (int i = 0; i < 3; i++) {
            int from = i * 16384 / 3;
            int to = (i + 1) * 16384 / 3;
            int[] slots = new int[to - from];
            for (int s = from; s < to; s++) {
                slots[s - from] = s;
            }
            masters.get(i).admin().clusterAddSlots(slots);
        }
        for (int i = 1; i < 3; i++) {
            masters.get(0).admin().clusterMeet("127.0.0.1", masters.get(i).port);
        }
        boolean ready = Eventually.within(Duration.ofSeconds(30), () -> masters.stream().allMatch(m -> {
            String info = m.admin().clusterInfo();
            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
        }));
        assertThat(ready).as("cluster formed").isTrue();
    }

    @AfterAll
    static void stopCluster() {
        masters.forEach(EmbeddedRedis::close);
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
                String bucket = "fail:192.0.2." + i;
                assertThat(state.rateLimiter().acquire(bucket, two, NOW)).isZero();
                assertThat(state.rateLimiter().acquire(bucket, two, NOW)).isZero();
                assertThat(state.rateLimiter().blockedFor(bucket, two, NOW)).isEqualTo(60);
                assertThat(state.rateLimiter().acquire(bucket, two, NOW)).isEqualTo(60);
                // the braces make the bucket the hash tag: its counter sits in the bucket's own slot
                assertThat(masters.get(0).admin().clusterKeyslot(("qiuth:l:{" + bucket + "}").getBytes(StandardCharsets.UTF_8)))
                        .isEqualTo(masters.get(0).admin().clusterKeyslot(bucket.getBytes(StandardCharsets.UTF_8)));
            }
            // each master holds some of the keys: the work is really spread
            assertThat(masters).allSatisfy(m -> assertThat(m.admin().dbsize()).isPositive());
        }
    }

    @Test
    void twoEnginesOverTheClusterRefuseEachOthersReplays() {
        SignedRequests requests = new SignedRequests();
        try (RedisState a = RedisState.connect(config()); RedisState b = RedisState.connect(config())) {
            Qiuth nodeA = Engines.node(a, requests);
            Qiuth nodeB = Engines.node(b, requests);
            for (int n = 100; n < 110; n++) {
                assertThat(nodeA.authenticate(requests.post(n, "203.0.113.7")).granted()).isTrue();
                assertThat(Engines.reason(nodeB.authenticate(requests.post(n, "198.51.100." + n))))
                        .isEqualTo(ErrorCode.REPLAYED_REQUEST);
            }
        }
    }

    private static RedisStateConfig config() {
        return RedisStateConfig.builder(masters.get(1).url()).cluster(true).build();
    }
}
