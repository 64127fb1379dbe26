package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://}: the shipped redis-server is built with TLS. A self-signed certificate for
 * 127.0.0.1 is made with the JDK's keytool for this run only.
 */
class RedisTlsTest {
    @TempDir
    static Path dir;
    private static Path certificate;
    private static EmbeddedRedis redis;
    private static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("redis.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "redis", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(certificate, pem("CERTIFICATE", ks.getCertificate("redis").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", ks.getKey("redis", "changeit".toCharArray()).getEncoded()));

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

    private static String pem(String type, byte[] der) throws IOException {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
