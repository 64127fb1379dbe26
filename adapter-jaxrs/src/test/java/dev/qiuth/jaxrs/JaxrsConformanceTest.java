package dev.qiuth.jaxrs;

import dev.qiuth.conformance.AdapterConformanceSuite;
import dev.qiuth.conformance.ConformanceFixture;
import java.io.IOException;
import java.net.URI;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared suite against Jersey on the JDK HTTP server, the API bound by {@code @QiuthProtected}
 * and the peer address bound by {@link JdkHttpPeerAddress}.
 */
class JaxrsConformanceTest extends AdapterConformanceSuite {
    private JerseyServer server;

    @BeforeAll
    void start() throws IOException {
        server = JerseyServer.start(conformanceApp());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Override
    protected URI baseUri() {
        return server.baseUri();
    }

    /**
     * Jersey's JDK HTTP container cannot suspend a request ("Method suspend is not supported by
     * the container"), so here {@code /api/echo-async} is the blocking echo;
     * {@link JaxrsServletConformanceTest} runs the suite where {@code AsyncResponse} works.
     */
    @Override
    protected boolean hasNonBlockingEndpoint() {
        return false;
    }

    static ResourceConfig conformanceApp() {
        return new ResourceConfig(ConformanceResources.Health.class, ConformanceResources.Api.class)
                .register(QiuthFilter.forAnnotated(ConformanceFixture.qiuth()));
    }
}
