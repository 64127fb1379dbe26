package dev.qiuth.servlet;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Protects a servlet application with Qiuth: a request (but the excluded ones) the engine grants
 * goes on with its body still readable and the {@code QiuthPrincipal} as {@code getUserPrincipal()}
 * and attribute {@link Qiuth#PRINCIPAL_ATTRIBUTE}; a refused one gets the engine's response as it
 * is. Declared in {@code web.xml}, it takes the engine from context attribute
 * {@link #CONTEXT_ATTRIBUTE} (init-params: {@code qiuth-attribute}, {@code exclude}), else from
 * the {@code QIUTH_*} environment.
 * <pre>{@code
 * QiuthFilter filter = QiuthFilter.builder(qiuth).exclude("GET /health").build();
 * context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 */
public final class QiuthFilter extends HttpFilter {
    /** The default servlet context attribute where a {@code web.xml}-declared filter finds its engine. */
    public static final String CONTEXT_ATTRIBUTE = Qiuth.class.getName();
    private static final AtomicLong INSTANCES = new AtomicLong();

    /** Marks a request this very filter judged, for when overlapping mappings run it twice. */
    private final String judged = QiuthFilter.class.getName() + ".judged." + INSTANCES.incrementAndGet();

    private final FilterSettings settings;
    private volatile Qiuth qiuth;
    private volatile ExcludedPaths excluded;

    /** For {@code web.xml}: the engine comes from the servlet context or the {@code QIUTH_*} environment. */
    public QiuthFilter() {
        this(FilterSettings.declared(System.getenv()));
    }

    QiuthFilter(FilterSettings settings) {
        this.settings = settings;
    }

    /** Starts configuring a filter protected by this engine. */
    public static QiuthFilterBuilder builder(Qiuth qiuth) {
        return new QiuthFilterBuilder(qiuth);
    }

    @Override
    public void init() throws ServletException {
        excluded = settings.excluded(getFilterConfig());
        qiuth = settings.engine(getFilterConfig());
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        // forwards, includes, async and error dispatches belong to a request already judged
        if (req.getDispatcherType() != DispatcherType.REQUEST || req.getAttribute(judged) != null || excluded.matches(req)) {
            chain.doFilter(req, res);
            return;
        }
        Decision decision = qiuth.authenticate(view(req));
        req.setAttribute(judged, Boolean.TRUE);
        if (decision instanceof Decision.Granted granted) {
            req.setAttribute(Qiuth.PRINCIPAL_ATTRIBUTE, granted.principal());
            chain.doFilter(new CachedBodyRequest(req, granted.body(), granted.principal()), res);
        } else {
            DenialResponse denial = ((Decision.Denied) decision).response();
            res.setStatus(denial.status());
            denial.headers().forEach(res::setHeader);
            res.setContentLength(denial.body().length);
            res.getOutputStream().write(denial.body());
        }
    }

    private static RequestView view(HttpServletRequest req) throws IOException {
        Headers.Builder headers = Headers.builder();
        for (Enumeration<String> names = req.getHeaderNames(); names != null && names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements(); ) {
                headers.add(name, values.nextElement());
            }
        }
        Object certs = req.getAttribute("jakarta.servlet.request.X509Certificate");
        return RequestView.builder().method(req.getMethod()).scheme(req.getScheme()).hostHeader(req.getHeader("Host"))
                .rawPath(req.getRequestURI()).rawQuery(req.getQueryString()).headers(headers.build())
                .remoteAddress(req.getRemoteAddr()).protocol(req.getProtocol()).body(req.getInputStream(), req.getContentLengthLong())
                .clientCertificates(certs instanceof X509Certificate[] c ? List.of(c) : List.of()).build();
    }
}
