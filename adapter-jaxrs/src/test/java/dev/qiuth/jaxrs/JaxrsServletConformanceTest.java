package dev.qiuth.jaxrs;

import dev.qiuth.conformance.AdapterConformanceSuite;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared suite against Jersey's servlet container in Jetty, where {@code /api/echo-async}
 * is a suspended {@code AsyncResponse} and the peer address comes from a servlet attribute.
 */
class JaxrsServletConformanceTest extends AdapterConformanceSuite {
    private JettyJerseyServer server;

    @BeforeAll
    void start() throws Exception {
        server = new JettyJerseyServer(JaxrsConformanceTest.conformanceApp());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Override
    protected URI baseUri() {
        return server.baseUri();
    }
}
