package dev.qiuth.micronaut;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The Micronaut adapter: protects the paths chosen by {@code qiuth.paths} and
 * {@code qiuth.excluded-paths} with the {@link Qiuth} bean, building a {@link RequestView} from
 * the request as received and either letting it through with the principal attached or copying
 * out the engine's ready denial. With in-memory stores it judges on the event loop; when a
 * store may block, {@link BlockingQiuthFilter} judges on the {@code blocking} executor. A handler takes the principal as a parameter ({@link QiuthPrincipalBinder}), from
 * {@code request.getUserPrincipal()} or from the {@value Qiuth#PRINCIPAL_ATTRIBUTE} attribute:
 *
 * <pre>{@code
 * @Get("/api/hello")
 * String hello(QiuthPrincipal principal) { return principal.toJson(); }
 * }</pre>
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class QiuthFilter implements ConditionalFilter {
    /** {@code ServerFilterPhase.SECURITY.before()}, as a constant for the annotations. */
    static final int ORDER = 38751;

    private final Qiuth qiuth;
    private final QiuthConfiguration configuration;

    QiuthFilter(Qiuth qiuth, QiuthConfiguration configuration) {
        this.qiuth = qiuth;
        this.configuration = configuration;
    }

    /**
     * Skips unprotected paths before Micronaut buffers a body for {@link #authenticate}, and every
     * path when a store may block: {@link BlockingQiuthFilter} judges those off the event loop.
     */
    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        return !qiuth.mayBlock() && configuration.protects(request.getPath());
    }

    /** Judges the request with its buffered body, on the event loop; null lets it through. */
    @RequestFilter
    @Order(ORDER)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return judge(qiuth, request, body);
    }

    static HttpResponse<?> judge(Qiuth qiuth, HttpRequest<?> request, byte[] body) {
        WireRequestGuard.Sent sent = WireRequestGuard.asSent(request); // a body Micronaut decompressed
        Decision decision = qiuth.authenticate(sent == null ? view(request).body(body).build()
                : view(request).headers(sent.headers()).body(sent.body()).build());
        if (decision instanceof Decision.Granted granted) {
            request.setAttribute(Qiuth.PRINCIPAL_ATTRIBUTE, granted.principal());
            request.setUserPrincipal(granted.principal());
            return null;
        }
        return copy(((Decision.Denied) decision).response());
    }

    /** The request as received, but for its body. */
    static RequestView.Builder view(HttpRequest<?> request) {
        URI uri = request.getUri();
        Headers.Builder headers = Headers.builder();
        request.getHeaders().forEach(headers::addAll);
        return RequestView.builder().method(request.getMethodName()).scheme(request.isSecure() ? "https" : "http")
                .hostHeader(request.getHeaders().get(HttpHeaders.HOST)).rawPath(uri.getRawPath())
                .rawQuery(uri.getRawQuery()).headers(headers.build()).remoteAddress(peer(request))
                .clientCertificates(request.getCertificate().filter(X509Certificate.class::isInstance)
                        .map(c -> List.of((X509Certificate) c)).orElse(List.of()));
    }

    static MutableHttpResponse<byte[]> copy(DenialResponse denial) {
        MutableHttpResponse<byte[]> response = HttpResponse.status(denial.status(), null);
        denial.headers().forEach(response::header);
        return response.body(denial.body());
    }

    static String peer(HttpRequest<?> request) {
        InetSocketAddress peer = request.getRemoteAddress();
        return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    }
}
