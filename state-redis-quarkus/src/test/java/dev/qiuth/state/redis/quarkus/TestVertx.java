package dev.qiuth.state.redis.quarkus;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Vert.x for the tests of a class: made before its {@code @BeforeAll} methods run, closed
 * after its {@code @AfterAll} methods. Register it in a static field with {@code @RegisterExtension}.
 */
final class TestVertx implements BeforeAllCallback, AfterAllCallback {
    private Vertx vertx;

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = Vertx.vertx();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    Vertx get() {
        return vertx;
    }
}
