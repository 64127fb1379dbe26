package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.testing.RedisClusterProcesses;
import dev.qiuth.testing.RedisServerProcess;
import dev.qiuth.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.List;
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
class RedisClusterTlsTest extends TwoEnginesOverOneCluster {
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
    void aSeedWhoseCertificateIsNotTrustedFailsAtConnect() {
        RedisStateConfig untrusted = RedisStateConfig.builder(cluster.seedUrl()).cluster(true).build();
        assertThatThrownBy(() -> RedisState.connect(untrusted)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cannot connect to Redis at " + cluster.seedUrl());
    }

    @Override
    RedisStateConfig config() {
        return RedisStateConfig.builder(cluster.seedUrl()).cluster(true)
                .trustedCertificates(certificate.certificate()).build();
    }

    @Override
    List<RedisServerProcess> masters() {
        return cluster.masters();
    }
}
