package dev.qiuth.state.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.RedisServer;

/**
 * A real redis-server process (the binary shipped in embedded-redis) on a free loopback port,
 * plus a separate admin connection for the test's own look at the data.
 */
final class EmbeddedRedis implements AutoCloseable {
    final int port;
    private final List<String> settings;
    private RedisServer server;
    private RedisClient adminClient;
    private StatefulRedisConnection<byte[], byte[]> admin;

    private EmbeddedRedis(int port, List<String> settings) {
        this.port = port;
        this.settings = settings;
    }

    static EmbeddedRedis start(String... settings) {
        EmbeddedRedis redis = new EmbeddedRedis(freePort(), List.of(settings));
        redis.startAgain();
        return redis;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (again) on the same port with the same settings. */
    void startAgain() {
        try {
            var b = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no");
            for (String s : settings) {
                b.setting(s);
            }
            server = b.build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        closeAdmin();
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Blocking commands on their own connection (with the password when one is set). */
    RedisCommands<byte[], byte[]> admin() {
        if (admin == null) {
            String password = settings.stream().filter(s -> s.startsWith("requirepass ")).findFirst()
                    .map(s -> s.substring("requirepass ".length())).orElse(null);
            RedisURI uri = RedisURI.create(password == null ? url() : "redis://:" + password + "@127.0.0.1:" + port);
            uri.setTimeout(Duration.ofSeconds(10));
            adminClient = RedisClient.create(uri);
            admin = adminClient.connect(ByteArrayCodec.INSTANCE);
        }
        return admin.sync();
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close();
            adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            admin = null;
            adminClient = null;
        }
    }

    @Override
    public void close() {
        List<RuntimeException> errors = new ArrayList<>();
        try {
            closeAdmin();
        } catch (RuntimeException e) {
            errors.add(e);
        }
        try {
            if (server != null && server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            errors.add(new UncheckedIOException(e));
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }
}
