package dev.qiuth.state.redis.quarkus;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two nodes (two {@link VertxRedisState}s, as two app instances would hold) over one real
 * redis-server on one Vert.x instance, started before a test class and closed after it; the test's
 * own client is {@link #redis()}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TwoNodes nodes = new TwoNodes();
 * ...
 * nodes.a().replayGuard().firstUse(fp, until, now);   // nodes.b() sees it
 * }</pre>
 */
final class TwoNodes implements BeforeAllCallback, AfterAllCallback {
    private Vertx vertx;
    private RedisProcess redis;
    private VertxRedisState a;
    private VertxRedisState b;

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = Vertx.vertx();
        redis = RedisProcess.start(vertx);
        a = VertxRedisState.connect(vertx, redis.config().build());
        b = VertxRedisState.connect(vertx, redis.config().build());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        a.close();
        b.close();
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    Vertx vertx() {
        return vertx;
    }

    RedisProcess redis() {
        return redis;
    }

    VertxRedisState a() {
        return a;
    }

    VertxRedisState b() {
        return b;
    }
}
