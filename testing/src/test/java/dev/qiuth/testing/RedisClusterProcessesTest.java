package dev.qiuth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster fixture against the real binary: three masters, every slot served, bus ports in range. */
class RedisClusterProcessesTest {

    @Test
    void threeMastersServeEverySlotWithTheirBusPortsInRange(@TempDir Path dir) {
        try (RedisClusterProcesses cluster = RedisClusterProcesses.start(dir)) {
            assertThat(cluster.masters()).hasSize(3);
            assertThat(cluster.seedUrl()).isEqualTo(cluster.masters().get(1).url());
            assertThat(cluster.masters()).allSatisfy(m -> {
                assertThat(m.port()).as("bus port = port + 10000 must be a port").isLessThanOrEqualTo(55535);
                assertThat(m.command("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_slots_assigned:16384",
                        "cluster_known_nodes:3", "cluster_size:3");
            });
            // the first master serves the first third: a key of slot 0 is its to store
            assertThat(cluster.masters().get(0).command("CLUSTER", "KEYSLOT", "{06S}")).isEqualTo("0");
            assertThat(cluster.masters().get(0).command("SET", "{06S}", "v")).isEqualTo("OK");
            assertThat(cluster.masters().get(0).command("DBSIZE")).isEqualTo("1");
        }
    }

    @Test
    void overTlsEveryMasterSpeaksTlsOnlyBusIncludedAndWantsThePassword(@TempDir Path dir) {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "127.0.0.1", "ip:127.0.0.1");
        try (RedisClusterProcesses cluster = RedisClusterProcesses.startTls(dir, certificate, "requirepass pw-Cl73")) {
            assertThat(cluster.seedUrl()).startsWith("rediss://127.0.0.1:");
            assertThat(cluster.seedUrl("pw-Cl73")).isEqualTo(cluster.masters().get(1).url("pw-Cl73"));
            assertThat(cluster.masters()).allSatisfy(m -> {
                assertThat(m.command("CONFIG", "GET", "port")).as("no plain listener").isEqualTo("port\n0");
                assertThat(m.command("CONFIG", "GET", "tls-cluster")).isEqualTo("tls-cluster\nyes");
                assertThat(m.command("CONFIG", "GET", "requirepass")).isEqualTo("requirepass\npw-Cl73");
                // what the cluster tells a client: each master at 127.0.0.1 on its TLS port
                assertThat(m.command("CLUSTER", "NODES"))
                        .contains("127.0.0.1:" + m.port() + "@" + (m.port() + 10000) + " myself,master");
            });
        }
    }
}
