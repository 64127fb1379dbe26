package dev.qiuth.client.testserver;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.function.Consumer;

/**
 * A minimal servlet adapter for the tests (the real one lives in adapter-servlet): builds a
 * {@link RequestView}, asks {@link Qiuth}, and copies a denial out. The body is kept as a request
 * attribute for the echo servlet.
 */
final class QiuthTestFilter implements Filter {
    static final String BODY_ATTRIBUTE = "test.body";

    private final Qiuth qiuth;
    private final Consumer<RequestView> seen;

    QiuthTestFilter(Qiuth qiuth, Consumer<RequestView> seen) {
        this.qiuth = qiuth;
        this.seen = seen;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        byte[] body = request.getInputStream().readAllBytes();
        Headers.Builder headers = Headers.builder();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.addAll(name, Collections.list(request.getHeaders(name)));
        }
        RequestView view = RequestView.builder()
                .method(request.getMethod())
                .scheme(request.getScheme())
                .hostHeader(request.getHeader("Host"))
                .rawPath(request.getRequestURI())
                .rawQuery(request.getQueryString())
                .headers(headers.build())
                .remoteAddress(request.getRemoteAddr())
                .body(body)
                .build();
        seen.accept(view);
        Decision decision = qiuth.authenticate(view);
        if (decision instanceof Decision.Granted granted) {
            request.setAttribute(Qiuth.PRINCIPAL_ATTRIBUTE, granted.principal());
            request.setAttribute(BODY_ATTRIBUTE, body);
            chain.doFilter(request, response);
            return;
        }
        DenialResponse denial = ((Decision.Denied) decision).response();
        response.setStatus(denial.status());
        denial.headers().forEach(response::setHeader);
        response.getOutputStream().write(denial.body());
    }
}
