package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.testing.RedisClusterProcesses;
import dev.qiuth.testing.SelfSignedCertificate;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} to a Redis Cluster: three masters that accept TLS only, cluster bus included
 * ({@code tls-cluster yes}, no plain port), serving a self-signed certificate for 127.0.0.1, the
 * address the nodes announce ({@link RedisClusterProcesses#startTls}, whose test checks all that).
 * The client learns the other masters from the seed and reaches each over TLS, verifying the
 * certificate against that address.
 */
class RedisClusterTlsTest {
    @TempDir
    static Path dir;
    private static SelfSignedCertificate certificate;
    private static RedisClusterProcesses cluster;

    @BeforeAll
    static void startCluster() {
        certificate = SelfSignedCertificate.create(dir, "127.0.0.1", "ip:127.0.0.1");
        cluster = RedisClusterProcesses.startTls(dir, certificate);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void twoEnginesOverTheTlsClusterRefuseEachOthersReplays() {
        SignedRequests requests = new SignedRequests();
        try (RedisState a = RedisState.connect(config()); RedisState b = RedisState.connect(config())) {
            Qiuth nodeA = Engines.node(a, requests);
            Qiuth nodeB = Engines.node(b, requests);
            for (int n = 100; n < 130; n++) {
                assertThat(nodeA.authenticate(requests.post(n, "203.0.113.7")).granted()).isTrue();
                assertThat(Engines.reason(nodeB.authenticate(requests.post(n, "198.51.100." + n))))
                        .isEqualTo(ErrorCode.REPLAYED_REQUEST);
            }
        }
        // the fingerprints hash to slots of every master: the client reached each one over TLS
        assertThat(cluster.masters()).allSatisfy(m -> assertThat(Long.parseLong(m.command("DBSIZE"))).isPositive());
    }

    @Test
    void aFailureBudgetSpentOnOneNodeIsSpentOnBoth() {
        SignedRequests requests = new SignedRequests();
        try (RedisState a = RedisState.connect(config()); RedisState b = RedisState.connect(config())) {
            Qiuth nodeA = Engines.node(a, requests);
            Qiuth nodeB = Engines.node(b, requests);
            assertThat(Engines.reason(nodeA.authenticate(requests.forged(1, "192.0.2.9")))).isEqualTo(ErrorCode.INVALID_HMAC);
            assertThat(Engines.reason(nodeB.authenticate(requests.forged(2, "192.0.2.9")))).isEqualTo(ErrorCode.INVALID_HMAC);
            assertThat(Engines.reason(nodeA.authenticate(requests.forged(3, "192.0.2.9")))).isEqualTo(ErrorCode.INVALID_HMAC);

            Decision.Denied limited = (Decision.Denied) nodeB.authenticate(requests.post(4, "192.0.2.9"));
            assertThat(limited.reason()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(limited.response().headers()).containsEntry("Retry-After", "60");
            assertThat(Engines.reason(nodeA.authenticate(requests.post(5, "192.0.2.9")))).isEqualTo(ErrorCode.RATE_LIMITED);
            // another client address still has its whole budget
            assertThat(nodeA.authenticate(requests.post(6, "192.0.2.10")).granted()).isTrue();
        }
    }

    @Test
    void aSeedWhoseCertificateIsNotTrustedFailsAtConnect() {
        RedisStateConfig untrusted = RedisStateConfig.builder(cluster.seedUrl()).cluster(true).build();
        assertThatThrownBy(() -> RedisState.connect(untrusted)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cannot connect to Redis at " + cluster.seedUrl());
    }

    private static RedisStateConfig config() {
        return RedisStateConfig.builder(cluster.seedUrl()).cluster(true)
                .trustedCertificates(certificate.certificate()).build();
    }
}
