package dev.qiuth.state.redis.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.quarkus.QiuthConfig;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.state.redis.RedisStateConfig;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} with a password on the Vert.x client, against the shipped redis-server (built
 * with TLS) serving a self-signed certificate made for this run: the state works when the
 * certificate is trusted through {@link RedisStateConfig#trustedCertificates()}, and is refused,
 * at connect, when it is not trusted or names another host. No password in a message or log line.
 */
class VertxRedisTlsTest {
    private static final String PASSWORD = "tls-pw-Rb62";
    private static final RateLimit LIMIT = RateLimit.of(2, Duration.ofMinutes(1));

    @TempDir
    static Path dir;
    @RegisterExtension
    static final TestVertx vertx = new TestVertx();
    private static SelfSignedCertificate forLoopbackIp;
    private static SelfSignedCertificate forLocalhostName;
    /** Serves a certificate for 127.0.0.1 (an IP SAN), with a password. */
    private static RedisProcess redis;
    private static int tlsPort;
    /** Serves a certificate for the name localhost only. */
    private static RedisProcess namedRedis;
    private static int namedTlsPort;

    @BeforeAll
    static void start() {
        forLoopbackIp = SelfSignedCertificate.create(dir, "127.0.0.1", "ip:127.0.0.1");
        forLocalhostName = SelfSignedCertificate.create(dir, "localhost", "dns:localhost");
        tlsPort = RedisProcess.freePort();
        redis = RedisProcess.start(vertx.get(), tls(tlsPort, forLoopbackIp, "requirepass " + PASSWORD));
        namedTlsPort = RedisProcess.freePort();
        namedRedis = RedisProcess.start(vertx.get(), tls(namedTlsPort, forLocalhostName));
    }

    private static String[] tls(int port, SelfSignedCertificate pair, String... more) {
        List<String> settings = new java.util.ArrayList<>(List.of("tls-port " + port,
                "tls-cert-file " + pair.certificate(), "tls-key-file " + pair.privateKey(),
                "tls-ca-cert-file " + pair.certificate(), "tls-auth-clients no"));
        settings.addAll(List.of(more));
        return settings.toArray(String[]::new);
    }

    @AfterAll
    static void stop() {
        redis.close();
        namedRedis.close();
    }

    @Test
    void withThePasswordAndTheCertificateTrustedTwoClientsShareTheReplayGuardAndTheLimiterOverTls() {
        RedisStateConfig config = RedisStateConfig.builder("rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort)
                .trustedCertificates(forLoopbackIp.certificate()).commandTimeout(Duration.ofSeconds(2)).build();
        try (LogCapture logs = LogCapture.start();
             VertxRedisState a = VertxRedisState.connect(vertx.get(), config);
             VertxRedisState b = VertxRedisState.connect(vertx.get(), config)) {
            Instant now = Instant.now();
            byte[] fp = VertxReplayGuardTest.fingerprint();
            assertThat(a.replayGuard().firstUse(fp, now.plusSeconds(60), now)).isTrue();
            assertThat(b.replayGuard().firstUse(fp, now.plusSeconds(60), now)).as("SET NX seen by the other client").isFalse();
            assertThat(a.rateLimiter().acquire("fail:192.0.2.9", LIMIT, now)).isZero();
            assertThat(b.rateLimiter().acquire("fail:192.0.2.9", LIMIT, now)).isZero();
            assertThat(a.rateLimiter().acquire("fail:192.0.2.9", LIMIT, now)).as("third of two: blocked").isPositive();
            assertThat(a.ping()).isLessThan(Duration.ofSeconds(2));
            assertThat(a.toString()).contains("rediss://***@127.0.0.1:" + tlsPort).doesNotContain(PASSWORD);
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void theTrustedCertificatesSettingReachesTheClientTheBeansMake() {
        // what QIUTH_REDIS_URL and QIUTH_REDIS_TRUSTED_CERTIFICATES become in a Quarkus app
        QiuthConfig settings = QiuthProperties.read(Map.of(
                "qiuth.redis-url", "rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort,
                "qiuth.redis-trusted-certificates", forLoopbackIp.certificate().toString(),
                "qiuth.redis-timeout", "2000"));
        RedisStateBeans beans = new RedisStateBeans();
        try (LogCapture logs = LogCapture.start();
             VertxRedisState a = beans.redisState(vertx.get(), settings);
             VertxRedisState b = beans.redisState(vertx.get(), settings)) {
            assertThat(a.config().trustedCertificates()).isEqualTo(forLoopbackIp.certificate());
            Instant now = Instant.now();
            byte[] fp = VertxReplayGuardTest.fingerprint();
            assertThat(a.replayGuard().firstUse(fp, now.plusSeconds(60), now)).isTrue();
            assertThat(b.replayGuard().firstUse(fp, now.plusSeconds(60), now)).as("replay seen by the other node").isFalse();
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aWrongPasswordOverTlsFailsAtConnectWithoutQuotingEitherPassword() {
        String wrong = "wrong-tls-pw-Hs40";
        RedisStateConfig config = RedisStateConfig.builder("rediss://:" + wrong + "@127.0.0.1:" + tlsPort)
                .trustedCertificates(forLoopbackIp.certificate()).commandTimeout(Duration.ofSeconds(2)).build();
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> VertxRedisState.connect(vertx.get(), config))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("cannot connect to Redis at rediss://***@127.0.0.1:" + tlsPort)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASSWORD));
            assertThat(logs.text()).doesNotContain(wrong).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aCertificateTheClientDoesNotTrustIsRefusedAtConnect() {
        // the JDK's trust store does not hold this run's self-signed certificate
        RedisStateConfig config = RedisStateConfig.builder("rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort)
                .commandTimeout(Duration.ofSeconds(2)).build();
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> VertxRedisState.connect(vertx.get(), config))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("cannot connect to Redis at rediss://***@127.0.0.1:" + tlsPort)
                    .hasMessageContaining("SSLHandshakeException")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
        // trusting another certificate is no better
        RedisStateConfig other = RedisStateConfig.builder("rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort)
                .trustedCertificates(forLocalhostName.certificate()).commandTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> VertxRedisState.connect(vertx.get(), other)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("SSLHandshakeException");
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() {
        RedisStateConfig byName = RedisStateConfig.builder("rediss://localhost:" + namedTlsPort)
                .trustedCertificates(forLocalhostName.certificate()).commandTimeout(Duration.ofSeconds(2)).build();
        try (VertxRedisState state = VertxRedisState.connect(vertx.get(), byName)) {
            assertThat(state.ping()).as("the host the certificate names").isLessThan(Duration.ofSeconds(2));
        }
        // same server, same trusted certificate, but dialled as 127.0.0.1: hostname verification refuses it
        RedisStateConfig byAddress = RedisStateConfig.builder("rediss://127.0.0.1:" + namedTlsPort)
                .trustedCertificates(forLocalhostName.certificate()).commandTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> VertxRedisState.connect(vertx.get(), byAddress))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("cannot connect to Redis")
                .hasMessageContaining("SSLHandshakeException");
    }

    @Test
    void aPlainConnectionToTheTlsPortFailsClosed() {
        RedisStateConfig config = RedisStateConfig.builder("redis://:" + PASSWORD + "@127.0.0.1:" + tlsPort)
                .commandTimeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> VertxRedisState.connect(vertx.get(), config)).isInstanceOf(StoreUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }
}
