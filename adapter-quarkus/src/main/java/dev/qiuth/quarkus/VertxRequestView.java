package dev.qiuth.quarkus;

import dev.qiuth.Headers;
import dev.qiuth.RequestView;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.Map;

/** A Vert.x request as the engine sees it: as received, but for its body, which the filter adds. */
final class VertxRequestView {
    private VertxRequestView() {
    }

    static RequestView.Builder of(HttpServerRequest request) {
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

    private static String peer(HttpServerRequest request) {
        SocketAddress peer = request.connection().remoteAddress();
        return peer == null ? null : peer.hostAddress();
    }
}
