package dev.qiuth.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.qiuth.Decision;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import dev.qiuth.RequestView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The suite run against the smallest possible adapter, the JDK's own HTTP server: proof that the
 * suite holds for a correct adapter, and the template for adding a framework.
 */
class JdkHttpServerConformanceTest extends AdapterConformanceSuite {
    private HttpServer server;
    private ExecutorService executor;

    @BeforeAll
    void start() throws IOException {
        Qiuth qiuth = ConformanceFixture.qiuth();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/health", ex -> reply(ex, 200, Map.of(), "ok".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/api/", ex -> protect(qiuth, ex));
        server.start();
    }

    @AfterAll
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    protected URI baseUri() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    @Override
    protected boolean hasNonBlockingEndpoint() {
        return false;
    }

    /** The adapter: view in, ready response out. */
    private static void protect(Qiuth qiuth, HttpExchange ex) throws IOException {
        Headers.Builder headers = Headers.builder();
        ex.getRequestHeaders().forEach(headers::addAll);
        URI uri = ex.getRequestURI();
        RequestView view = RequestView.builder().method(ex.getRequestMethod()).scheme("http")
                .hostHeader(ex.getRequestHeaders().getFirst("Host")).rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery())
                .headers(headers.build()).remoteAddress(ex.getRemoteAddress().getAddress().getHostAddress())
                .body(ex.getRequestBody(), contentLength(ex)).build();
        Decision decision = qiuth.authenticate(view);
        if (decision instanceof Decision.Denied d) {
            reply(ex, d.status(), d.response().headers(), d.response().body());
            return;
        }
        Decision.Granted granted = (Decision.Granted) decision;
        route(ex, granted.principal(), granted.body());
    }

    private static long contentLength(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the engine refuses a Content-Length that is no number
        }
    }

    private static void route(HttpExchange ex, QiuthPrincipal principal, byte[] body) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (path.equals("/api/hello")) {
            reply(ex, 200, Map.of("Content-Type", "application/json"), principal.toJson().getBytes(StandardCharsets.UTF_8));
        } else if (path.startsWith("/api/echo")) {
            reply(ex, 200, Map.of("Content-Type", "application/octet-stream"), body);
        } else {
            reply(ex, 404, Map.of(), new byte[0]);
        }
    }

    private static void reply(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().put(k, List.of(v)));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }
}
