package dev.qiuth.state.redis.quarkus;

import dev.qiuth.state.redis.RedisStateConfig;
import dev.qiuth.testing.FreePort;
import dev.qiuth.testing.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server process ({@link RedisServerProcess}), restartable on the same port, plus the
 * test's own Vert.x client to look at the data.
 */
final class RedisProcess implements AutoCloseable {
    final int port;
    private final RedisServerProcess server;
    private final Vertx vertx;
    private Redis admin;

    private RedisProcess(Vertx vertx, RedisServerProcess server) {
        this.vertx = vertx;
        this.server = server;
        this.port = server.port();
    }

    static RedisProcess start(Vertx vertx, String... settings) {
        return new RedisProcess(vertx, RedisServerProcess.start(settings));
    }

    static int freePort() {
        return FreePort.onLoopback();
    }

    void startAgain() {
        server.startAgain();
    }

    void stop() {
        server.stop();
    }

    String url() {
        return server.url();
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
        server.close();
    }
}
