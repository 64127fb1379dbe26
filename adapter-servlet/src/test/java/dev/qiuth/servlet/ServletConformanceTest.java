package dev.qiuth.servlet;

import dev.qiuth.conformance.AdapterConformanceSuite;
import dev.qiuth.conformance.ConformanceFixture;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared adapter suite against the filter on Jetty 12; {@code /api/echo-async} is served with
 * servlet async and a non-blocking {@code ReadListener}.
 */
class ServletConformanceTest extends AdapterConformanceSuite {
    private JettyApp app;

    @BeforeAll
    void start() throws Exception {
        QiuthFilter filter = QiuthFilter.builder(ConformanceFixture.qiuth()).exclude("GET /health").build();
        app = JettyApp.start(filter, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Override
    protected URI baseUri() {
        return app.baseUri();
    }
}
