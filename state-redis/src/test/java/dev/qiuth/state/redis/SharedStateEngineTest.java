package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two engines, as two nodes behind a load balancer, each with its own connection to one Redis. */
class SharedStateEngineTest {
    private static EmbeddedRedis redis;
    private final SignedRequests requests = new SignedRequests();
    private RedisState redisA;
    private RedisState redisB;
    private Qiuth nodeA;
    private Qiuth nodeB;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @BeforeEach
    void nodes() {
        redis.admin().flushall();
        redisA = RedisState.connect(RedisStateConfig.builder(redis.url()).build());
        redisB = RedisState.connect(RedisStateConfig.builder(redis.url()).build());
        nodeA = Engines.node(redisA, requests);
        nodeB = Engines.node(redisB, requests);
    }

    @AfterEach
    void close() {
        redisA.close();
        redisB.close();
    }

    @Test
    void aSignedRequestGrantedByOneNodeIsRefusedByTheOther() {
        try (LogCapture logs = LogCapture.start()) {
            assertThat(nodeA.authenticate(requests.post(1, "203.0.113.7")).granted()).isTrue();
            Decision replay = nodeB.authenticate(requests.post(1, "203.0.113.7"));
            assertThat(Engines.reason(replay)).isEqualTo(ErrorCode.REPLAYED_REQUEST);
            assertThat(Engines.reason(nodeA.authenticate(requests.post(1, "203.0.113.7")))).isEqualTo(ErrorCode.REPLAYED_REQUEST);

            // the fingerprint the engine remembered is the one the secret-free checks below look for
            byte[] fp = requests.fingerprint(1);
            byte[] prefix = "qiuth:r:".getBytes(StandardCharsets.US_ASCII);
            byte[] key = new byte[prefix.length + fp.length];
            System.arraycopy(prefix, 0, key, 0, prefix.length);
            System.arraycopy(fp, 0, key, prefix.length, fp.length);
            assertThat(redis.admin().exists(key)).isEqualTo(1);

            assertThat(logs.lines()).isNotEmpty(); // the audit log wrote the denials
            assertNoSecretIn(logs.text(), fp, requests.signature(1));
        }
    }

    @Test
    void aFailureBudgetSpentOnOneNodeIsSpentOnBoth() {
        assertThat(Engines.reason(nodeA.authenticate(requests.forged(1, "198.51.100.9")))).isEqualTo(ErrorCode.INVALID_HMAC);
        assertThat(Engines.reason(nodeB.authenticate(requests.forged(2, "198.51.100.9")))).isEqualTo(ErrorCode.INVALID_HMAC);
        assertThat(Engines.reason(nodeA.authenticate(requests.forged(3, "198.51.100.9")))).isEqualTo(ErrorCode.INVALID_HMAC);

        Decision.Denied limited = (Decision.Denied) nodeB.authenticate(requests.post(4, "198.51.100.9"));
        assertThat(limited.reason()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.response().headers()).containsEntry("Retry-After", "60");
        assertThat(Engines.reason(nodeA.authenticate(requests.post(5, "198.51.100.9")))).isEqualTo(ErrorCode.RATE_LIMITED);
        // another client address still has its whole budget
        assertThat(nodeA.authenticate(requests.post(6, "198.51.100.10")).granted()).isTrue();
    }

    @Test
    void twoHundredParallelCopiesOverTwoNodesAreGrantedExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Decision>> decisions = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Qiuth node = i % 2 == 0 ? nodeA : nodeB;
                // one client address each, so that the failure limit does not answer for the replay guard
                String peer = "198.18." + (i / 250) + "." + (1 + i % 250);
                decisions.add(pool.submit(() -> {
                    go.await();
                    return node.authenticate(requests.post(7, peer));
                }));
            }
            go.countDown();
            int granted = 0;
            int replayed = 0;
            for (Future<Decision> f : decisions) {
                Decision d = f.get(30, TimeUnit.SECONDS);
                if (d.granted()) {
                    granted++;
                } else if (Engines.reason(d) == ErrorCode.REPLAYED_REQUEST) {
                    replayed++;
                }
            }
            assertThat(granted).isEqualTo(1);
            assertThat(replayed).isEqualTo(199);
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertNoSecretIn(String logs, byte[] fingerprint, String signature) {
        assertThat(logs)
                .doesNotContain(SignedRequests.API_KEY)
                .doesNotContain(SignedRequests.HMAC_SECRET)
                .doesNotContainIgnoringCase(signature)
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(fingerprint))
                .doesNotContain(Base64.getEncoder().encodeToString(fingerprint))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(fingerprint))
                .doesNotContain(new String(fingerprint, StandardCharsets.ISO_8859_1).substring(0, 12));
    }
}
