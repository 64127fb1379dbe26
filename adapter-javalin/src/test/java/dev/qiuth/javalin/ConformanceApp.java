package dev.qiuth.javalin;

import dev.qiuth.Qiuth;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The routes of the conformance suite as a Javalin app, protected by {@link QiuthPlugin}. */
final class ConformanceApp {
    private ConformanceApp() {
    }

    /** Everything protected but {@code /health}; the app is created, not started. */
    static Javalin create(Qiuth qiuth) {
        return Javalin.create(cfg -> {
            cfg.registerPlugin(new QiuthPlugin(q -> {
                q.qiuth = qiuth;
                q.excludedPaths = List.of("/health");
            }));
            cfg.routes.get("/health", ctx -> ctx.result("ok"));
            cfg.routes.get("/api/hello", ctx -> ctx.contentType(ContentType.APPLICATION_JSON)
                    .result(QiuthHandler.principal(ctx).toJson()));
            cfg.routes.post("/api/echo", ctx -> ctx.contentType(ContentType.APPLICATION_OCTET_STREAM)
                    .result(ctx.bodyAsBytes()));
            cfg.routes.post("/api/echo-async", ctx -> {
                byte[] body = ctx.bodyAsBytes();
                ctx.future(() -> CompletableFuture.supplyAsync(() -> body)
                        .thenAccept(echo -> ctx.contentType(ContentType.APPLICATION_OCTET_STREAM).result(echo)));
            });
        });
    }
}
