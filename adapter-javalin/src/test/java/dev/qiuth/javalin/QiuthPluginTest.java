package dev.qiuth.javalin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.conformance.SocketExchange;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.signature.RequestSigner;
import io.javalin.Javalin;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the handler and plugin add to the conformance suite: registration styles, exclusions, body limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QiuthPluginTest {
    private static final int LIMIT = 1024;
    private static final int JAVALIN_LIMIT = 512;
    private static final CredentialGenerator GENERATOR = new CredentialGenerator();
    private static final String KEY = GENERATOR.apiKey("t_key_");
    private static final String HMAC_KEY = GENERATOR.apiKey("t_hmac_");
    private static final String HMAC_SECRET = GENERATOR.hmacSecret();

    private final Qiuth qiuth = Qiuth.builder()
            .keys(KeyPolicy.builder().id("plain").apiKey(KEY).build(),
                    KeyPolicy.builder().id("signed").apiKey(HMAC_KEY).hmac(HMAC_SECRET).build())
            .maxBodyBytes(LIMIT)
            .build();
    private final AtomicInteger endpointCalls = new AtomicInteger();
    private Javalin handlerApp;
    private Javalin pluginApp;

    @BeforeAll
    void start() {
        handlerApp = Javalin.create(cfg -> {
            cfg.routes.before("/api/*", QiuthHandler.of(qiuth));
            cfg.routes.get("/api/hello", ctx -> {
                endpointCalls.incrementAndGet();
                ctx.result("hello " + QiuthHandler.principal(ctx).getName());
            });
            cfg.routes.post("/api/echo", ctx -> ctx.result(ctx.bodyAsBytes()));
            cfg.routes.get("/open/whoami", ctx -> ctx.result(QiuthHandler.principal(ctx).getName()));
        }).start("127.0.0.1", 0);
        pluginApp = Javalin.create(cfg -> {
            cfg.http.maxRequestSize = JAVALIN_LIMIT;
            cfg.registerPlugin(new QiuthPlugin(q -> {
                q.qiuth = qiuth;
                q.paths = List.of("*", "/api/*"); // overlapping on purpose
                q.excludedPaths = List.of("/health", "/public/*");
            }));
            cfg.routes.get("/health", ctx -> ctx.result("ok"));
            cfg.routes.get("/public/info", ctx -> ctx.result("info"));
            cfg.routes.get("/api/hello", ctx -> ctx.result("hello " + QiuthHandler.principal(ctx).getName()));
            cfg.routes.post("/api/echo", ctx -> ctx.result(ctx.bodyAsBytes()));
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        handlerApp.stop();
        pluginApp.stop();
    }

    @Test
    void beforeHandlerGrantsAndTheEndpointSeesThePrincipal() {
        given().header(QiuthHeaders.API_KEY, KEY).get(url(handlerApp, "/api/hello"))
                .then().statusCode(200);
        assertThat(given().header(QiuthHeaders.API_KEY, KEY).get(url(handlerApp, "/api/hello")).asString())
                .isEqualTo("hello plain");
    }

    @Test
    void denialIsCopiedOutAndTheEndpointNeverRuns() {
        int before = endpointCalls.get();
        Response r = given().header(QiuthHeaders.API_KEY, "t_key_unknown").get(url(handlerApp, "/api/hello"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("ApiKey realm=\"api\"");
        assertThat(r.jsonPath().getString("code")).isEqualTo("INVALID_API_KEY");
        assertThat(endpointCalls.get()).isEqualTo(before);
    }

    @Test
    void unmatchedPathsUnderAProtectedPatternAreRefusedNotRevealed() {
        Response r = given().get(url(handlerApp, "/api/no-such-route"));
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void principalOnAnUnprotectedRouteIsAServerErrorNeverAnonymousAccess() {
        Response r = given().get(url(handlerApp, "/open/whoami"));
        assertThat(r.statusCode()).isEqualTo(500);
    }

    @Test
    void pluginLeavesExcludedPathsOpenAndProtectsTheRest() {
        given().get(url(pluginApp, "/health")).then().statusCode(200);
        given().get(url(pluginApp, "/public/info")).then().statusCode(200);
        given().get(url(pluginApp, "/api/hello")).then().statusCode(401);
        given().get(url(pluginApp, "/elsewhere")).then().statusCode(401);
        given().header(QiuthHeaders.API_KEY, KEY).get(url(pluginApp, "/api/hello")).then().statusCode(200);
    }

    @Test
    void dotSegmentsAfterAnExcludedPathDoNotOpenAProtectedRoute() {
        Response r = given().urlEncodingEnabled(false).get(url(pluginApp, "/health/../api/hello"));
        assertThat(r.statusCode()).isNotEqualTo(200);
        Response encoded = given().urlEncodingEnabled(false).get(url(pluginApp, "/public/%2e%2e/api/hello"));
        assertThat(encoded.statusCode()).isNotEqualTo(200);
    }

    @Test
    void overlappingPatternsJudgeASignedRequestOnceSoItIsNotTakenForAReplay() {
        String u = url(pluginApp, "/api/echo?n=overlap");
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = RequestSigner.builder().apiKey(HMAC_KEY).hmacSecret(HMAC_SECRET).build()
                .sign("POST", u, body);
        Response r = given().urlEncodingEnabled(false).headers(headers).contentType("application/json").body(body).post(u);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(body);
    }

    @Test
    void declaredLengthOverTheLimitGetsTheEnginesProblem() {
        Response r = given().header(QiuthHeaders.API_KEY, KEY).contentType("application/octet-stream")
                .body(new byte[LIMIT + 1]).post(url(handlerApp, "/api/echo"));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.jsonPath().getString("code")).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void chunkedBodyWithinTheLimitReachesTheEndpoint() throws Exception {
        byte[] body = new byte[LIMIT];
        Arrays.fill(body, (byte) 'q');
        HttpResponse<byte[]> r = sendChunked(handlerApp, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
    }

    @Test
    void chunkedBodyOverTheLimitGetsTheEnginesProblem() throws Exception {
        HttpResponse<byte[]> r = sendChunked(handlerApp, new byte[LIMIT + 1]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"BODY_TOO_LARGE\"");
    }

    @Test
    void bodyOverJavalinsOwnLimitGetsTheEnginesProblemToo() throws Exception {
        HttpResponse<byte[]> r = sendChunked(pluginApp, new byte[JAVALIN_LIMIT + 1]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"BODY_TOO_LARGE\"");
    }

    @Test
    void pluginWithoutAnEngineFailsAtStartup() {
        assertThatThrownBy(() -> Javalin.create(cfg -> cfg.registerPlugin(new QiuthPlugin(q -> { }))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qiuth is required");
    }

    @Test
    void unreadableChunkedBodyIsTheEnginesMalformedRequest() throws Exception {
        String request = "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + KEY
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n";
        SocketExchange.Reply r = SocketExchange.sendRaw(URI.create(url(handlerApp, "/api/echo")),
                request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.text()).contains("\"code\":\"MALFORMED_REQUEST\"");
    }

    /** Sends a body of unknown length, so the handler cannot rely on Content-Length. */
    private static HttpResponse<byte[]> sendChunked(Javalin app, byte[] body) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(app, "/api/echo")))
                .header(QiuthHeaders.API_KEY, KEY)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String url(Javalin app, String path) {
        return "http://localhost:" + app.port() + path;
    }
}
