package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.testing.Eventually;
import dev.qiuth.testing.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A Redis Cluster of three masters from the shipped binary, slots split in three, joined with
 * {@code CLUSTER ADDSLOTS} and {@code MEET}: over plain TCP ({@link #start}) or TLS only, cluster
 * bus included ({@link #startTls}).
 *
 * <pre>{@code
 * try (EmbeddedCluster cluster = EmbeddedCluster.startTls(dir, certificate)) {
 *     RedisState state = RedisState.connect(RedisStateConfig.builder(cluster.seedUrl()).cluster(true)
 *             .trustedCertificates(certificate.certificate()).build());
 * }
 * }</pre>
 */
final class EmbeddedCluster implements AutoCloseable {
    private static final int SLOTS = 16384;
    private final List<EmbeddedRedis> masters;

    private EmbeddedCluster(List<EmbeddedRedis> masters) {
        this.masters = masters;
    }

    /** Three masters over plain TCP, each with its own directory under {@code dir} for nodes.conf. */
    static EmbeddedCluster start(Path dir) {
        return start(dir, EmbeddedRedis::start);
    }

    /**
     * Three masters that accept TLS only, clients and cluster bus alike ({@code tls-cluster yes}),
     * all serving {@code certificate}; they announce 127.0.0.1, so it must name that address.
     */
    static EmbeddedCluster startTls(Path dir, SelfSignedCertificate certificate) {
        return start(dir, settings -> EmbeddedRedis.startTls(certificate, concat("tls-cluster yes", settings)));
    }

    private static EmbeddedCluster start(Path dir, Function<String[], EmbeddedRedis> server) {
        EmbeddedCluster cluster = new EmbeddedCluster(new ArrayList<>());
        try {
            for (int i = 0; i < 3; i++) {
                Path nodeDir = Files.createDirectories(dir.resolve("node" + i));
                cluster.masters.add(server.apply(new String[] {"cluster-enabled yes", "cluster-config-file nodes.conf",
                        "cluster-node-timeout 5000", "dir " + nodeDir}));
            }
            cluster.join();
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void join() {
        for (int i = 0; i < 3; i++) {
            int from = i * SLOTS / 3;
            int to = (i + 1) * SLOTS / 3;
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

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    List<EmbeddedRedis> masters() {
        return masters;
    }

    /** The URL of one master, for a client to discover the others from. */
    String seedUrl() {
        return masters.get(1).url();
    }

    @Override
    public void close() {
        masters.forEach(EmbeddedRedis::close);
    }
}
