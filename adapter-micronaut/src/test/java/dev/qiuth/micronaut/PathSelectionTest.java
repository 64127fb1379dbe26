package dev.qiuth.micronaut;

import static dev.qiuth.micronaut.QiuthFilterTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.QiuthHeaders;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code qiuth.paths} narrowed to {@code /api/**}: spellings of a protected path stay protected. */
@MicronautTest
@Property(name = "qiuth.api-key", value = PathSelectionTest.KEY)
@Property(name = "qiuth.paths", value = "/api/**")
class PathSelectionTest {
    static final String KEY = "mn_paths_Vb7Qx2Lm9Tz4Kc8Rw1Yf6Hs3Jn0Pd5Ga";

    @Inject
    EmbeddedServer server;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/hello", "//api/hello", "/api//hello", "/api/hello/", "/api/./hello",
            "/x/../api/hello", "/%61pi/hello", "/api%2Fhello", "/API/hello", "/api/hello;x=1", "/api/hello%00"})
    void noSpellingOfAProtectedPathReachesItsHandlerWithoutAKey(String path) {
        Response r = request().get(url(path));
        assertThat(r.statusCode()).as(path).isNotEqualTo(200);
        assertThat(r.statusCode()).as(path).isLessThan(500);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/health", "/open/echo"})
    void pathsOutsideTheProtectedPatternsAreOpen(String path) {
        Response r = path.equals("/health") ? request().get(url(path))
                : request().contentType("text/plain").body("x").post(url(path));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/hello"})
    void theKeyOpensTheProtectedPath(String path) {
        Response r = request().header(QiuthHeaders.API_KEY, KEY).get(url(path));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("factors")).containsExactly("API_KEY");
    }

    private String url(String path) {
        return "http://localhost:" + server.getPort() + path;
    }
}
