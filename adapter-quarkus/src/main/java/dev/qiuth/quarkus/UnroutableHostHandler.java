package dev.qiuth.quarkus;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Vert.x's router fails a request whose {@code Host} it cannot parse (or an HTTP/1.1 one without
 * it) with 400 before any route or filter runs, so no engine can judge it and no handler serve it;
 * this failure handler refuses it plainly, instead of Quarkus' error page (exception name, and a
 * stack in dev mode).
 */
final class UnroutableHostHandler implements Handler<RoutingContext> {
    private final ProtectedPaths paths;

    UnroutableHostHandler(ProtectedPaths paths) {
        this.paths = paths;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (rc.statusCode() == 400 && request.version() != HttpVersion.HTTP_1_0 && request.authority() == null
                && !rc.response().headWritten() && paths.protects(rc.normalizedPath())) {
            rc.response().setStatusCode(400).end();
        } else {
            rc.next();
        }
    }
}
