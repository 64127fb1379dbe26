package dev.qiuth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A Redis Cluster of three masters, each a {@link RedisServerProcess}: cluster-enabled, the 16384
 * slots split in three ({@code CLUSTER ADDSLOTS}), joined with {@code CLUSTER MEET}, and ready once
 * every master reports {@code cluster_state:ok} with three known nodes. Over plain TCP
 * ({@link #start}) or TLS only, cluster bus included ({@link #startTls}). Further settings (a
 * {@code requirepass}) apply to every master.
 *
 * <p>A master's cluster bus listens on its port + 10000 (redis-server 6.2 has no
 * {@code cluster-port}), so each master gets a free port of at most 55535 whose bus port is free too.
 *
 * <pre>{@code
 * try (RedisClusterProcesses cluster = RedisClusterProcesses.startTls(dir, certificate, "requirepass " + password)) {
 *     String seed = cluster.seedUrl(password);   // rediss://:<password>@127.0.0.1:<port>
 *     long keys = Long.parseLong(cluster.masters().get(0).command("DBSIZE"));
 * }
 * }</pre>
 */
public final class RedisClusterProcesses implements AutoCloseable {
    private static final int MASTERS = 3;
    private static final int SLOTS = 16384;
    private static final int BUS_PORT_OFFSET = 10000;
    private static final int HIGHEST_PORT = 65535 - BUS_PORT_OFFSET;
    private static final Duration FORMED_WITHIN = Duration.ofSeconds(30);

    private final List<RedisServerProcess> masters = new ArrayList<>();

    private RedisClusterProcesses() {
    }

    /** Three masters over plain TCP, each with its own directory under {@code dir} for nodes.conf. */
    public static RedisClusterProcesses start(Path dir, String... settings) {
        return start(dir, (port, nodeSettings) -> RedisServerProcess.start(port, nodeSettings), List.of(settings));
    }

    /**
     * Three masters that accept TLS only, clients and cluster bus alike ({@code tls-cluster yes}),
     * all serving {@code certificate}; they announce 127.0.0.1, so it must name that address.
     */
    public static RedisClusterProcesses startTls(Path dir, SelfSignedCertificate certificate, String... settings) {
        List<String> all = new ArrayList<>(List.of("tls-cluster yes"));
        all.addAll(List.of(settings));
        return start(dir, (port, nodeSettings) -> RedisServerProcess.startTls(port, certificate, nodeSettings), all);
    }

    private static RedisClusterProcesses start(Path dir, BiFunction<Integer, List<String>, RedisServerProcess> master,
            List<String> settings) {
        RedisClusterProcesses cluster = new RedisClusterProcesses();
        try {
            for (int i = 0; i < MASTERS; i++) {
                List<String> nodeSettings = new ArrayList<>(List.of("cluster-enabled yes",
                        "cluster-config-file nodes.conf", "cluster-node-timeout 5000",
                        "dir " + Files.createDirectories(dir.resolve("node" + i))));
                nodeSettings.addAll(settings);
                cluster.masters.add(master.apply(portWithFreeBusPort(), nodeSettings));
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
        for (int i = 0; i < MASTERS; i++) {
            List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = i * SLOTS / MASTERS; slot < (i + 1) * SLOTS / MASTERS; slot++) {
                addSlots.add(Integer.toString(slot));
            }
            masters.get(i).command(addSlots.toArray(String[]::new));
        }
        for (int i = 1; i < MASTERS; i++) {
            masters.get(0).command("CLUSTER", "MEET", RedisServerProcess.HOST, Integer.toString(masters.get(i).port()));
        }
        boolean formed = Eventually.within(FORMED_WITHIN, () -> masters.stream().allMatch(m -> {
            String info = m.command("CLUSTER", "INFO");
            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + MASTERS);
        }));
        if (!formed) {
            throw new IllegalStateException("the cluster of " + ports() + " did not reach cluster_state:ok within "
                    + FORMED_WITHIN.toSeconds() + " s");
        }
    }

    /** A free loopback port of at most 55535 whose cluster bus port (+10000) is free too. */
    private static int portWithFreeBusPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = FreePort.onLoopback();
            if (port <= HIGHEST_PORT && isFree(port + BUS_PORT_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("found no free loopback port <= " + HIGHEST_PORT + " with a free bus port");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private List<Integer> ports() {
        return masters.stream().map(RedisServerProcess::port).toList();
    }

    /** The three masters, in slot order: the first serves slots 0 to 5460. */
    public List<RedisServerProcess> masters() {
        return List.copyOf(masters);
    }

    /** The URL of one master (the second), for a client to discover the others from. */
    public String seedUrl() {
        return masters.get(1).url();
    }

    /** {@link #seedUrl()} with a password: for masters started with {@code requirepass}. */
    public String seedUrl(String password) {
        return masters.get(1).url(password);
    }

    /** Stops every master; does nothing for those not running. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (RedisServerProcess master : masters) {
            try {
                master.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
