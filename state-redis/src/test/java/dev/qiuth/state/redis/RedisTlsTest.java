package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.config.RedisSettings;
import dev.qiuth.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://}: the shipped redis-server is built with TLS. A self-signed certificate for
 * 127.0.0.1 is made with the JDK's keytool for this run only ({@link SelfSignedCertificate}).
 */
class RedisTlsTest {
    @TempDir
    static Path dir;
    private static Path certificate;
    private static EmbeddedRedis redis;
    private static int tlsPort;

    @BeforeAll
    static void start() {
        SelfSignedCertificate pair = SelfSignedCertificate.create(dir, "127.0.0.1", "ip:127.0.0.1");
        certificate = pair.certificate();
        Path key = pair.privateKey();
        tlsPort = EmbeddedRedis.freePort();
        redis = EmbeddedRedis.start("tls-port " + tlsPort, "tls-cert-file " + certificate, "tls-key-file " + key,
                "tls-ca-cert-file " + certificate, "tls-auth-clients no");
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void aRedissUrlWithTheServersCertificateTrustedWorks() {
        SignedRequests requests = new SignedRequests();
        RedisStateConfig config = RedisStateConfig.builder("rediss://127.0.0.1:" + tlsPort)
                .trustedCertificates(certificate).build();
        try (RedisState a = RedisState.connect(config); RedisState b = RedisState.connect(config)) {
            Qiuth nodeA = Engines.node(a, requests);
            Qiuth nodeB = Engines.node(b, requests);
            assertThat(nodeA.authenticate(requests.post(1, "203.0.113.7")).granted()).isTrue();
            assertThat(Engines.reason(nodeB.authenticate(requests.post(1, "203.0.113.7")))).isEqualTo(ErrorCode.REPLAYED_REQUEST);
        }
        // the state went over TLS into the same server
        assertThat(redis.admin().dbsize()).isPositive();
    }

    @Test
    void theTrustedCertificatesVariableReachesTheConnection() {
        SignedRequests requests = new SignedRequests();
        RedisSettings settings = EnvironmentConfig.from(Map.of("QIUTH_REDIS_URL", "rediss://127.0.0.1:" + tlsPort,
                "QIUTH_REDIS_TRUSTED_CERTIFICATES", certificate.toString())).redis().orElseThrow();
        try (RedisState a = RedisState.connect(RedisStateConfig.fromSettings(settings));
             RedisState b = RedisState.fromSettings(settings)) {
            assertThat(a.config().trustedCertificates()).isEqualTo(certificate);
            Qiuth nodeA = Engines.node(a, requests);
            Qiuth nodeB = Engines.node(b, requests);
            assertThat(nodeA.authenticate(requests.post(2, "203.0.113.7")).granted()).isTrue();
            assertThat(Engines.reason(nodeB.authenticate(requests.post(2, "203.0.113.7")))).isEqualTo(ErrorCode.REPLAYED_REQUEST);
        }
    }

    @Test
    void aCertificateTheClientDoesNotTrustFailsClosed() {
        RedisStateConfig config = RedisStateConfig.builder("rediss://127.0.0.1:" + tlsPort).build();
        assertThatThrownBy(() -> RedisState.connect(config)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cannot connect");
    }

    @Test
    void aPlainConnectionToTheTlsPortFailsClosed() {
        RedisStateConfig config = RedisStateConfig.builder("redis://127.0.0.1:" + tlsPort)
                .commandTimeout(java.time.Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> RedisState.connect(config)).isInstanceOf(StoreUnavailableException.class);
    }
}
