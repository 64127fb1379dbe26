package dev.qiuth.state.redis.quarkus;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Two nodes (two {@link VertxRedisState}s, as two app instances would hold) over one real
 * redis-server, on one Vert.x instance; the test's own client is {@link #redis()}.
 *
 * <pre>{@code
 * nodes = TwoNodes.start();                    // @BeforeAll
 * nodes.a().replayGuard().firstUse(...);       // then nodes.b() sees it
 * nodes.close();                               // @AfterAll
 * }</pre>
 */
record TwoNodes(Vertx vertx, RedisProcess redis, VertxRedisState a, VertxRedisState b) implements AutoCloseable {

    static TwoNodes start() {
        Vertx vertx = Vertx.vertx();
        RedisProcess redis = RedisProcess.start(vertx);
        return new TwoNodes(vertx, redis, VertxRedisState.connect(vertx, redis.config().build()),
                VertxRedisState.connect(vertx, redis.config().build()));
    }

    @Override
    public void close() {
        a.close();
        b.close();
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
