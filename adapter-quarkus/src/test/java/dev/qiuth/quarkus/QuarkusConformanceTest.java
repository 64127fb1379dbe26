package dev.qiuth.quarkus;

import dev.qiuth.conformance.AdapterConformanceSuite;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;

/** The shared suite against a real Quarkus app (random port) protected by {@link QiuthRouteFilter}. */
@QuarkusTest
@TestProfile(ConformanceProfile.class)
class QuarkusConformanceTest extends AdapterConformanceSuite {
    @TestHTTPResource("/")
    URI base;

    @Override
    protected URI baseUri() {
        return base;
    }
}
