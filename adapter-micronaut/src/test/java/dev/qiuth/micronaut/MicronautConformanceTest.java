package dev.qiuth.micronaut;

import dev.qiuth.Qiuth;
import dev.qiuth.conformance.AdapterConformanceSuite;
import dev.qiuth.conformance.ConformanceFixture;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * The shared suite against a real Micronaut Netty server whose {@link Qiuth} bean is the suite's
 * engine; {@code /api/echo-async} is a {@code CompletableFuture} controller method.
 */
@MicronautTest
@Property(name = "qiuth.excluded-paths", value = "/health")
@Property(name = "test.conformance", value = "true")
class MicronautConformanceTest extends AdapterConformanceSuite {
    @Inject
    EmbeddedServer server;

    @Override
    protected URI baseUri() {
        return URI.create("http://localhost:" + server.getPort());
    }

    /** The suite's engine in place of the one built from {@code qiuth.*} settings. */
    @Factory
    @Requires(property = "test.conformance", value = "true")
    static class ConformanceEngine {
        @Singleton
        @Replaces(Qiuth.class)
        Qiuth qiuth() {
            return ConformanceFixture.qiuth();
        }
    }
}
