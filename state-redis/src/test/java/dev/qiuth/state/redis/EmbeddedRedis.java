package dev.qiuth.state.redis;

import dev.qiuth.testing.FreePort;
import dev.qiuth.testing.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server process ({@link RedisServerProcess}) plus a separate Lettuce admin connection
 * for the test's own look at the data.
 */
final class EmbeddedRedis implements AutoCloseable {
    final int port;
    private final RedisServerProcess server;
    private final String password;
    private RedisClient adminClient;
    private StatefulRedisConnection<byte[], byte[]> admin;

    private EmbeddedRedis(RedisServerProcess server, String password) {
        this.server = server;
        this.port = server.port();
        this.password = password;
    }

    static EmbeddedRedis start(String... settings) {
        return new EmbeddedRedis(RedisServerProcess.start(settings), password(settings));
    }

    private static String password(String... settings) {
        return List.of(settings).stream().filter(s -> s.startsWith("requirepass ")).findFirst()
                .map(s -> s.substring("requirepass ".length())).orElse(null);
    }

    static int freePort() {
        return FreePort.onLoopback();
    }

    /** Starts (again) on the same port with the same settings. */
    void startAgain() {
        server.startAgain();
    }

    void stop() {
        closeAdmin();
        server.stop();
    }

    String url() {
        return server.url();
    }

    /** Blocking commands on their own connection (with the password when one is set). */
    RedisCommands<byte[], byte[]> admin() {
        if (admin == null) {
            RedisURI uri = RedisURI.create(password == null ? server.url() : server.url(password));
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
            server.close();
        } catch (RuntimeException e) {
            errors.add(e);
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }
}
