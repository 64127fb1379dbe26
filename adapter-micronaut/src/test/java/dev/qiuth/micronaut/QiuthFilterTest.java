package dev.qiuth.micronaut;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.signature.RequestSigner;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The filter against a real Netty server, configured from {@code qiuth.*} properties. */
@MicronautTest
@Property(name = "qiuth.api-key", value = QiuthFilterTest.KEY)
@Property(name = "qiuth.hmac-secret", value = QiuthFilterTest.HMAC_SECRET)
@Property(name = "qiuth.realm", value = "smoke")
@Property(name = "qiuth.max-body-bytes", value = "1024")
@Property(name = "qiuth.excluded-paths", value = "/health,/open/**")
class QiuthFilterTest {
    static final String KEY = "mn_smoke_3bT9xQ2vLk8pZr4Wm7Yc1Nd6Fh0Js5Ge";
    static final String HMAC_SECRET = "6f1c0a9e3b7d45c2a8e1f0b9d3c7a5e2f4b6d8c0a1e3f5b7";
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    @Inject
    EmbeddedServer server;

    @Test
    void signedBodyReachesTheHandlerByteForByte() {
        byte[] body = "{\"name\":\"Zoë Ω 日本\"}".getBytes(StandardCharsets.UTF_8);
        String url = unique("/api/echo");
        Response r = signed("POST", url, body).contentType("application/json").body(body).post(url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(body);
    }

    @Test
    void grantedPrincipalReachesHandlersAsParameterUserPrincipalAndAttribute() {
        String hello = unique("/api/hello");
        Response asParameter = signed("GET", hello, null).get(hello);
        assertThat(asParameter.statusCode()).isEqualTo(200);
        assertThat(asParameter.contentType()).startsWith("application/json");
        assertThat(asParameter.jsonPath().getList("factors")).containsExactly("API_KEY", "HMAC");
        String keyId = asParameter.jsonPath().getString("keyId");

        String user = unique("/api/user-principal");
        assertThat(signed("GET", user, null).get(user).asString()).isEqualTo(keyId);
        String attribute = unique("/api/attribute");
        assertThat(signed("GET", attribute, null).get(attribute).jsonPath().getString("keyId")).isEqualTo(keyId);
    }

    @Test
    void denialIsCopiedWithStatusHeadersAndProblemBody() {
        Response r = request().get(url("/api/hello"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("ApiKey realm=\"smoke\"");
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("code")).isEqualTo("MISSING_API_KEY");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(401);
        assertThat(r.jsonPath().getString("correlationId")).isNotBlank();
    }

    @Test
    void wrongHmacIsRefusedWithoutEchoingTheKeyOrSignature() {
        String url = unique("/api/hello");
        Map<String, String> headers = new java.util.HashMap<>(signer().sign("GET", url, (byte[]) null));
        headers.put(QiuthHeaders.HMAC_SIGNATURE, "ab".repeat(32));
        Response r = request().headers(headers).get(url);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.jsonPath().getString("code")).isEqualTo("INVALID_HMAC");
        assertThat(r.asString()).doesNotContain(KEY, "ab".repeat(32));
    }

    @Test
    void excludedPathsAreOpenAndTheirBodiesUntouched() {
        assertThat(request().get(url("/health")).statusCode()).isEqualTo(200);
        byte[] body = "plain, unsigned".getBytes(StandardCharsets.UTF_8);
        Response r = request().contentType("text/plain").body(body).post(url("/open/echo"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(body);
    }

    @Test
    void everyOtherPathIsProtectedByDefaultEvenWithoutARoute() {
        Response r = request().get(url("/no/such/route"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.jsonPath().getString("code")).isEqualTo("MISSING_API_KEY");
    }

    @Test
    void declaredOversizedBodyIsRefusedWith413() {
        byte[] body = new byte[1025];
        String url = unique("/api/echo");
        Response r = signed("POST", url, body).contentType("application/octet-stream").body(body).post(url);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("code")).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void chunkedOversizedBodyIsRefusedWith413() throws Exception {
        byte[] body = new byte[4096];
        String url = unique("/api/echo");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .header("Content-Type", "application/octet-stream");
        signer().sign("POST", url, body).forEach(b::header);
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"BODY_TOO_LARGE\"");
    }

    @Test
    void bodyAtTheLimitIsAccepted() {
        byte[] body = new byte[1024];
        java.util.Arrays.fill(body, (byte) 7);
        String url = unique("/api/echo-async");
        Response r = signed("POST", url, body).contentType("application/octet-stream").body(body).post(url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(body);
    }

    private RequestSpecification signed(String method, String url, byte[] body) {
        return request().headers(signer().sign(method, url, body));
    }

    private static RequestSigner signer() {
        return RequestSigner.builder().apiKey(KEY).hmacSecret(HMAC_SECRET).build();
    }

    static RequestSpecification request() {
        return given().urlEncodingEnabled(false).redirects().follow(false);
    }

    private String unique(String path) {
        return url(path + "?n=" + UNIQUE.incrementAndGet());
    }

    private String url(String path) {
        return "http://localhost:" + server.getPort() + path;
    }
}
