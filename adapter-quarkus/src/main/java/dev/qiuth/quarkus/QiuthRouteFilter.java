package dev.qiuth.quarkus;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Protects Quarkus HTTP routes with Qiuth. A Vert.x route filter, so every route under
 * {@code qiuth.paths} is guarded: Quarkus REST, reactive routes, plain Vert.x routes, static files.
 *
 * <p>On the event loop it reads the body (at most {@link Qiuth#maxBodyBytes()}, else the core's
 * 413, see {@link RequestBodyReader}) and builds the {@link RequestView}; the engine runs on a
 * worker, so a slow key store never stalls the event loop. A denial is copied out as it is. A
 * grant puts the principal in the routing context under {@link Qiuth#PRINCIPAL_ATTRIBUTE} (or
 * inject {@link CurrentPrincipal}) and hands the body on to the route. A broken body gets the
 * core's 400; a {@code Host} the router refuses before any filter runs gets a bare 400.
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
    private final ProtectedPaths paths;

    @Inject
    QiuthRouteFilter(Qiuth qiuth, QiuthConfig config) {
        this.qiuth = qiuth;
        this.paths = ProtectedPaths.of(config.paths(), config.excludedPaths().orElse(List.of()));
    }

    void register(@Observes Filters filters) {
        RestInputBufferCheck.requireAtLeast(qiuth.maxBodyBytes());
        filters.register(this, PRIORITY);
    }

    void registerFailureHandler(@Observes Router router) {
        router.route().order(-PRIORITY).failureHandler(this::unroutableHost);
    }

    @Override
    public void handle(RoutingContext rc) {
        if (!paths.protects(rc.normalizedPath())) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        RequestBodyReader.read(rc, qiuth.maxBodyBytes(), body -> authenticate(rc, view(request).body(body == null ? null : body.getBytes())),
                () -> authenticate(rc, view(request).body(UnreadBody.OVER_LIMIT, -1)),
                () -> authenticate(rc, view(request).body(UnreadBody.BROKEN, -1)));
    }

    /**
     * Vert.x's router fails a request whose {@code Host} it cannot parse (or an HTTP/1.1 one without
     * it) with 400 before any route or filter runs, so no engine can judge it and no handler serve it;
     * refuse it plainly, instead of Quarkus' error page (exception name, and a stack in dev mode).
     */
    private void unroutableHost(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (rc.statusCode() == 400 && request.version() != HttpVersion.HTTP_1_0 && request.authority() == null
                && !rc.response().headWritten() && paths.protects(rc.normalizedPath())) {
            rc.response().setStatusCode(400).end();
        } else {
            rc.next();
        }
    }

    /**
     * The engine looks the key up on its worker executor (see {@link QiuthBeans}), never on the
     * event loop; the answer is applied back on the request's own context.
     */
    private void authenticate(RoutingContext rc, RequestView.Builder view) {
        Context context = rc.vertx().getOrCreateContext();
        qiuth.authenticateAsync(view.build()).thenAccept(decision -> {
            if (Vertx.currentContext() == context) { // decided without a lookup: answer before the reader closes
                apply(rc, decision);
            } else {
                context.runOnContext(v -> apply(rc, decision));
            }
        });
    }

    private static void apply(RoutingContext rc, Decision decision) {
        if (decision instanceof Decision.Granted granted) {
            rc.put(Qiuth.PRINCIPAL_ATTRIBUTE, granted.principal());
            rc.next();
        } else {
            send(rc.response(), ((Decision.Denied) decision).response());
        }
    }

    /** The request as received, but for its body. */
    private static RequestView.Builder view(HttpServerRequest request) {
        Headers.Builder headers = Headers.builder();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null && request.authority() != null) { // HTTP/2 sends :authority instead
            host = request.authority().toString();
        }
        // the connection's own peer and TLS, not Quarkus' forwarded view: the core judges proxies
        return RequestView.builder()
                .method(request.method().name())
                .scheme(request.connection().isSsl() ? "https" : "http")
                .hostHeader(host)
                .rawPath(request.path())
                .rawQuery(request.query())
                .headers(headers.build())
                .remoteAddress(peer(request));
    }

    private static void send(HttpServerResponse response, DenialResponse denial) {
        response.setStatusCode(denial.status());
        denial.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(denial.body()));
    }

    private static String peer(HttpServerRequest request) {
        SocketAddress peer = request.connection().remoteAddress();
        return peer == null ? null : peer.hostAddress();
    }
}
