package dev.qiuth.state.redis.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.quarkus.QiuthConfig;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.state.redis.RedisStateConfig;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.RedisClusterProcesses;
import dev.qiuth.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} with a password to a Redis Cluster, on Vert.x' cluster client: three masters
 * that accept TLS only, cluster bus included ({@link RedisClusterProcesses#startTls}: {@code tls-cluster
 * yes}, no plain port), serving a self-signed certificate for 127.0.0.1, the address the nodes
 * announce. The client learns the other masters from the seed and reaches each over TLS with the
 * password, verifying the certificate against that address. The Lettuce twin is state-redis'
 * {@code RedisClusterTlsTest}.
 */
class VertxRedisClusterTlsTest {
    private static final String PASSWORD = "tls-cluster-pw-Vq38";
    private static final RateLimit TWO = RateLimit.of(2, Duration.ofMinutes(1));

    @TempDir
    static Path dir;
    @RegisterExtension
    static final TestVertx vertx = new TestVertx();
    private static SelfSignedCertificate certificate;
    private static RedisClusterProcesses cluster;

    @BeforeAll
    static void startCluster() {
        certificate = SelfSignedCertificate.create(dir, "127.0.0.1", "ip:127.0.0.1");
        cluster = RedisClusterProcesses.startTls(dir, certificate, "requirepass " + PASSWORD);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void twoClientsOverTheTlsClusterRefuseEachOthersReplaysOnEveryMaster() {
        try (LogCapture logs = LogCapture.start();
             VertxRedisState a = VertxRedisState.connect(vertx.get(), config());
             VertxRedisState b = VertxRedisState.connect(vertx.get(), config())) {
            Instant now = Instant.now();
            for (int i = 0; i < 60; i++) {
                byte[] fp = VertxReplayGuardTest.fingerprint();
                assertThat(a.replayGuard().firstUse(fp, now.plusSeconds(60), now)).isTrue();
                assertThat(b.replayGuard().firstUse(fp, now.plusSeconds(60), now)).as("seen by the other client").isFalse();
            }
            assertThat(a.toString()).contains("rediss://***@127.0.0.1:").doesNotContain(PASSWORD);
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
        // the fingerprints hash to slots of every master: the client reached each one over TLS
        assertThat(cluster.masters()).allSatisfy(m -> assertThat(Long.parseLong(m.command("DBSIZE"))).isPositive());
    }

    @Test
    void aFailureBudgetSpentThroughOneClientIsSpentForBoth() {
        try (VertxRedisState a = VertxRedisState.connect(vertx.get(), config());
             VertxRedisState b = VertxRedisState.connect(vertx.get(), config())) {
            Instant now = Instant.now();
            for (int i = 0; i < 30; i++) {
                String bucket = "fail:192.0.2." + i;
                assertThat(a.rateLimiter().acquire(bucket, TWO, now)).isZero();
                assertThat(b.rateLimiter().acquire(bucket, TWO, now)).isZero();
                assertThat(a.rateLimiter().blockedFor(bucket, TWO, now)).as("third of two: blocked").isBetween(1L, 60L);
                assertThat(b.rateLimiter().acquire(bucket, TWO, now)).isBetween(1L, 60L);
            }
            // another bucket still has its whole budget
            assertThat(b.rateLimiter().acquire("fail:192.0.2.200", TWO, now)).isZero();
        }
    }

    @Test
    void theClusterAndTrustedCertificatesSettingsReachTheClientTheBeansMake() {
        // what QIUTH_REDIS_URL, QIUTH_REDIS_CLUSTER and QIUTH_REDIS_TRUSTED_CERTIFICATES become in a Quarkus app
        QiuthConfig settings = QiuthProperties.read(Map.of(
                "qiuth.redis-url", cluster.seedUrl(PASSWORD),
                "qiuth.redis-cluster", "true",
                "qiuth.redis-trusted-certificates", certificate.certificate().toString(),
                "qiuth.redis-timeout", "2000"));
        RedisStateBeans beans = new RedisStateBeans();
        try (VertxRedisState a = beans.redisState(vertx.get(), settings); VertxRedisState b = beans.redisState(vertx.get(), settings)) {
            assertThat(a.config().cluster()).isTrue();
            assertThat(a.config().trustedCertificates()).isEqualTo(certificate.certificate());
            Instant now = Instant.now();
            for (int i = 0; i < 10; i++) {
                byte[] fp = VertxReplayGuardTest.fingerprint();
                assertThat(a.replayGuard().firstUse(fp, now.plusSeconds(60), now)).isTrue();
                assertThat(b.replayGuard().firstUse(fp, now.plusSeconds(60), now)).as("replay seen by the other node").isFalse();
            }
        }
    }

    @Test
    void aSeedWhoseCertificateIsNotTrustedFailsAtConnectWithoutQuotingThePassword() {
        // the JDK's trust store does not hold this run's self-signed certificate
        RedisStateConfig untrusted = RedisStateConfig.builder(cluster.seedUrl(PASSWORD)).cluster(true)
                .commandTimeout(Duration.ofSeconds(2)).build();
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> VertxRedisState.connect(vertx.get(), untrusted))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("cannot connect to Redis at rediss://***@127.0.0.1:" + cluster.masters().get(1).port())
                    .hasMessageContaining("SSLHandshakeException")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
    }

    private static RedisStateConfig config() {
        return RedisStateConfig.builder(cluster.seedUrl(PASSWORD)).cluster(true)
                .trustedCertificates(certificate.certificate()).commandTimeout(Duration.ofSeconds(2)).build();
    }
}
