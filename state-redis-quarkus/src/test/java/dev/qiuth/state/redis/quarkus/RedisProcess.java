package dev.qiuth.state.redis.quarkus;

import dev.qiuth.state.redis.RedisStateConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary shipped in embedded-redis) on a free loopback port, restartable
 * on the same port, plus the test's own client to look at the data.
 */
final class RedisProcess implements AutoCloseable {
    final int port;
    private final List<String> settings;
    private final Vertx vertx;
    private RedisServer server;
    private Redis admin;

    private RedisProcess(Vertx vertx, int port, List<String> settings) {
        this.vertx = vertx;
        this.port = port;
        this.settings = settings;
    }

    static RedisProcess start(Vertx vertx, String... settings) {
        RedisProcess redis = new RedisProcess(vertx, freePort(), List.of(settings));
        redis.startAgain();
        return redis;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
        try {
            if (server != null && server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    RedisStateConfig.Builder config() {
        return RedisStateConfig.builder(url());
    }

    /** One command on the test's own client; waits at most 10 s. */
    Response command(Request request) {
        if (admin == null) {
            admin = Redis.createClient(vertx, new RedisOptions().setConnectionString(url()));
        }
        try {
            return admin.send(request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("admin command failed: " + e, e);
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        stop();
    }
}
