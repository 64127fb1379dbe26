package dev.qiuth.examples;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the registry in Prometheus' text format, for a scraper. Open like
 * {@code /health}: its series carry no key, key id, path or address (see
 * {@link dev.qiuth.metrics.QiuthMetrics}), only counts and timings. A real deployment would
 * still serve it on an internal port or behind the network's edge.
 */
final class MetricsServlet extends HttpServlet {
    /** Prometheus text exposition format 0.0.4, what {@link PrometheusMeterRegistry#scrape()} writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient PrometheusMeterRegistry registry;

    MetricsServlet(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        res.setContentType(CONTENT_TYPE);
        res.setHeader("Cache-Control", "no-store");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
