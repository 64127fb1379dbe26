package dev.qiuth.quarkus;

import dev.qiuth.Qiuth;
import dev.qiuth.Decision;
import dev.qiuth.RequestView;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Protects Quarkus HTTP routes with Qiuth. A Vert.x route filter, so every route under
 * {@code qiuth.paths} is guarded: Quarkus REST, reactive routes, plain Vert.x routes, static files.
 *
 * <p>On the event loop it reads the body (at most {@link Qiuth#maxBodyBytes()}, else the core's
 * 413, see {@link RequestBodyReader}) and builds the {@link RequestView}; the engine hands its
 * store work to Quarkus' worker pool when a store may block ({@link QiuthBeans}), so a slow key
 * store or a remote replay guard never stalls the event loop. A denial is copied out as it is. A grant puts the principal in the routing
 * context under {@link Qiuth#PRINCIPAL_ATTRIBUTE} (or inject {@link CurrentPrincipal}) and hands
 * the body on to the route. A broken body gets the core's 400; a {@code Host} the router refuses
 * before any filter runs gets a bare 400 ({@link UnroutableHostHandler}).
 *
 * <pre>{@code
 * QiuthPrincipal caller = routingContext.get(Qiuth.PRINCIPAL_ATTRIBUTE);
 * }</pre>
 */
@Singleton
public class QiuthRouteFilter implements Handler<RoutingContext> {
    /** After CORS (300), before Quarkus authentication (200): higher filter priorities run first. */
    public static final int PRIORITY = 250;

    private final Qiuth qiuth;
    private final int maxBodyBytes;
    private final ProtectedPaths paths;

    @Inject
    QiuthRouteFilter(Qiuth qiuth, QiuthConfig config) {
        this.qiuth = qiuth;
        this.maxBodyBytes = qiuth.maxBodyBytes();
        this.paths = ProtectedPaths.of(config.paths(), config.excludedPaths().orElse(List.of()));
    }

    void register(@Observes Filters filters) {
        RestInputBufferCheck.requireAtLeast(maxBodyBytes);
        filters.register(this, PRIORITY);
    }

    void registerFailureHandler(@Observes Router router) {
        router.route().order(-PRIORITY).failureHandler(new UnroutableHostHandler(paths));
    }

    @Override
    public void handle(RoutingContext rc) {
        if (!paths.protects(rc.normalizedPath())) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        RequestBodyReader.read(rc, maxBodyBytes,
                body -> apply(rc, qiuth.authenticateAsync(
                        VertxRequestView.of(request).body(body == null ? null : body.getBytes()).build())),
                // refused on this thread, before the reader closes the connection: no store is asked
                () -> apply(rc, qiuth.authenticateAsync(VertxRequestView.of(request).body(UnreadBody.OVER_LIMIT, -1).build())),
                () -> apply(rc, qiuth.authenticateAsync(VertxRequestView.of(request).body(UnreadBody.BROKEN, -1).build())));
    }

    /** The decision is applied back on the request's own context. */
    private static void apply(RoutingContext rc, CompletionStage<Decision> decided) {
        Context context = rc.vertx().getOrCreateContext();
        decided.thenAccept(decision -> {
            if (Vertx.currentContext() == context) { // decided without a lookup: answer before the reader closes
                DecisionReply.apply(rc, decision);
            } else {
                context.runOnContext(v -> DecisionReply.apply(rc, decision));
            }
        });
    }
}
