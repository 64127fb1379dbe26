package dev.qiuth.servlet;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Protects a servlet application with Qiuth: every request (but the excluded ones) is judged by
 * the engine; a granted one goes on with its body still readable and the {@code QiuthPrincipal}
 * as request attribute {@link Qiuth#PRINCIPAL_ATTRIBUTE} and as {@code getUserPrincipal()}; a
 * refused one gets the engine's response as it is (never {@code sendError}, which would bring in
 * the container's error page).
 *
 * <pre>{@code
 * QiuthFilter filter = QiuthFilter.builder(qiuth).exclude("GET /health").build();
 * FilterHolder holder = new FilterHolder(filter);
 * holder.setAsyncSupported(true);
 * context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * Declared in {@code web.xml} (no-arg constructor), it takes its engine from the servlet context
 * attribute {@link #CONTEXT_ATTRIBUTE} (or the one init-param {@code qiuth-attribute} names), else
 * builds one from the {@code QIUTH_*} environment (init-params {@code realm}, {@code max-body-bytes});
 * init-param {@code exclude} adds {@link ExcludedPaths} entries, one per line.
 */
public final class QiuthFilter implements Filter {
    /** The default servlet context attribute where a {@code web.xml}-declared filter finds its engine. */
    public static final String CONTEXT_ATTRIBUTE = Qiuth.class.getName();
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private static final AtomicLong INSTANCES = new AtomicLong();

    /** Marks a request this very filter judged, for when overlapping mappings run it twice. */
    private final String judged = QiuthFilter.class.getName() + ".judged." + INSTANCES.incrementAndGet();

    private final Qiuth given;
    private final ExcludedPaths excludedInCode;
    private final Map<String, String> environment;
    private volatile Qiuth qiuth;
    private volatile ExcludedPaths excluded;

    /** For {@code web.xml}: the engine comes from the servlet context or the {@code QIUTH_*} environment. */
    public QiuthFilter() {
        this(null, ExcludedPaths.none(), System.getenv());
    }

    QiuthFilter(Qiuth given, ExcludedPaths excludedInCode, Map<String, String> environment) {
        this.given = given;
        this.excludedInCode = excludedInCode;
        this.environment = environment;
    }

    /** Starts configuring a filter protected by this engine. */
    public static QiuthFilterBuilder builder(Qiuth qiuth) {
        return new QiuthFilterBuilder(qiuth);
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        excluded = excludedInCode.and(FilterSettings.excluded(config));
        qiuth = given != null ? given : FilterSettings.engine(config, environment);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req && response instanceof HttpServletResponse res)) {
            throw new ServletException("QiuthFilter protects HTTP requests only");
        }
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        // forwards, includes, async and error dispatches belong to a request already judged
        if (req.getDispatcherType() != DispatcherType.REQUEST || req.getAttribute(judged) != null
                || excluded.matches(req.getMethod(), path)) {
            chain.doFilter(req, res);
            return;
        }
        Decision decision = qiuth.authenticate(view(req));
        req.setAttribute(judged, Boolean.TRUE);
        if (decision instanceof Decision.Granted granted) {
            req.setAttribute(Qiuth.PRINCIPAL_ATTRIBUTE, granted.principal());
            chain.doFilter(new CachedBodyRequest(req, granted.body(), granted.principal()), res);
        } else {
            write(res, ((Decision.Denied) decision).response());
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
        Object certs = req.getAttribute(CERTIFICATES);
        return RequestView.builder().method(req.getMethod()).scheme(req.getScheme()).hostHeader(req.getHeader("Host"))
                .rawPath(req.getRequestURI()).rawQuery(req.getQueryString()).headers(headers.build())
                .remoteAddress(req.getRemoteAddr()).body(req.getInputStream(), req.getContentLengthLong())
                .clientCertificates(certs instanceof X509Certificate[] c ? List.of(c) : List.of()).build();
    }

    private static void write(HttpServletResponse res, DenialResponse denial) throws IOException {
        res.setStatus(denial.status());
        denial.headers().forEach(res::setHeader);
        res.setContentLength(denial.body().length);
        res.getOutputStream().write(denial.body());
    }
}
