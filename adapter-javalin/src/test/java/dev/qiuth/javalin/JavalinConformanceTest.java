package dev.qiuth.javalin;

import dev.qiuth.conformance.AdapterConformanceSuite;
import dev.qiuth.conformance.ConformanceFixture;
import io.javalin.Javalin;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared suite against a real Javalin server protected by {@link QiuthPlugin}. */
class JavalinConformanceTest extends AdapterConformanceSuite {
    private Javalin app;

    @BeforeAll
    void start() {
        app = ConformanceApp.create(ConformanceFixture.qiuth()).start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        app.stop();
    }

    @Override
    protected URI baseUri() {
        return URI.create("http://localhost:" + app.port());
    }
}
