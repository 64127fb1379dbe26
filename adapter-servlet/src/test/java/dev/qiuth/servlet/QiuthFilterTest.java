package dev.qiuth.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.RequestView;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.conformance.SocketExchange;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.testing.LogCapture;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter on a real Jetty 12, spoken to over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QiuthFilterTest {
    private static final int LIMIT = 4096;
    private static final String REALM = "servlet-test";
    private static final CredentialGenerator GEN = new CredentialGenerator();
    private static final String BASIC_KEY = GEN.apiKey("t_basic_");
    private static final String HMAC_KEY = GEN.apiKey("t_hmac_");
    private static final String FULL_KEY = GEN.apiKey("t_full_");
    private static final String REMOTE_KEY = GEN.apiKey("t_remote_");
    private static final String LIMITED_KEY = GEN.apiKey("t_limited_");
    private static final String DOWN_KEY = GEN.apiKey("t_down_");
    private static final String HMAC_SECRET = GEN.hmacSecret();
    private static final String TOTP_SECRET = GEN.totpSecret();
    private static final CredentialGenerator.PemKeyPair RSA = GEN.rsaKeyPair(2048);
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private LogCapture logs;
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private Qiuth qiuth;
    private JettyApp app;

    @BeforeAll
    void start() throws Exception {
        logs = LogCapture.start();
        InMemoryKeyStore keys = InMemoryKeyStore.of(
                KeyPolicy.builder().id("basic").apiKey(BASIC_KEY).build(),
                KeyPolicy.builder().id("hmac").apiKey(HMAC_KEY).hmac(HMAC_SECRET).build(),
                KeyPolicy.builder().id("full").apiKey(FULL_KEY).ipAllowlist("127.0.0.1", "::1").totp(TOTP_SECRET)
                        .certificate(RSA.publicKeyPem()).hmac(HMAC_SECRET).build(),
                KeyPolicy.builder().id("remote").apiKey(REMOTE_KEY).ipAllowlist("203.0.113.0/24").build(),
                KeyPolicy.builder().id("limited").apiKey(LIMITED_KEY).rateLimit(RateLimit.of(1, Duration.ofMinutes(1))).build());
        ApiKeyHash down = ApiKeyHash.of(DOWN_KEY);
        KeyStore store = hash -> {
            if (hash.equals(down)) {
                throw new StoreUnavailableException("test store is down");
            }
            return keys.findByHash(hash);
        };
        qiuth = Qiuth.builder().keyStore(store).clock(clock).realm(REALM).maxBodyBytes(LIMIT)
                .trustedProxies(TrustedProxies.none()).build();
        QiuthFilter filter = QiuthFilter.builder(qiuth).exclude("GET /health", "/public/.*").build();
        app = JettyApp.start(filter, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        logs.close();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretReachedAnyLogLine() {
        assertThat(logs.lines()).as("the audit log was captured").anySatisfy(l -> assertThat(l).contains("decision="));
        for (String secret : List.of(BASIC_KEY, HMAC_KEY, FULL_KEY, REMOTE_KEY, LIMITED_KEY, DOWN_KEY, HMAC_SECRET,
                TOTP_SECRET, RSA.privateKeyPem().split("\n")[1])) {
            assertThat(logs.lines()).noneSatisfy(l -> assertThat(l).contains(secret));
        }
    }

    // ------------------------------------------------------------------ granted

    @Test
    void signedGetIsGrantedWithThePrincipalAsAttributeAndUserPrincipal() {
        String url = unique("/api/hello");
        Response r = send(hmacSigner().sign("GET", url, (byte[]) null), "GET", url, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("keyId")).isEqualTo("hmac");
        assertThat(r.jsonPath().getList("factors")).containsExactly("API_KEY", "HMAC");
        assertThat(r.header("X-User-Principal")).isEqualTo("hmac");
        assertThat(r.header("X-Same-Principal")).isEqualTo("true");
    }

    @Test
    void signedPostBodyReachesTheServletByteForByte() {
        byte[] body = new byte[LIMIT];
        new SplittableRandom(7).nextBytes(body);
        String url = unique("/api/echo");
        Response r = send(fullSigner().sign("POST", url, body), "POST", url, body, "application/octet-stream");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(body);
    }

    @Test
    void asyncServletReadsTheBodyWithAReadListener() {
        byte[] body = "{\"name\":\"Zoë Ω 日本 🚀\"}".getBytes(StandardCharsets.UTF_8);
        String url = unique("/api/echo-async");
        Response r = send(hmacSigner().sign("POST", url, body), "POST", url, body, "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain; charset=UTF-8", "text/plain; charset=UTF-16", "text/plain; charset=ISO-8859-1",
            "application/json"})
    void getReaderDecodesTheCachedBodyWithTheRequestCharset(String contentType) {
        String text = "Grüße, Zoë";
        Charset charset = contentType.contains("charset=") ? Charset.forName(contentType.substring(contentType.indexOf('=') + 1))
                : StandardCharsets.UTF_8;
        byte[] body = text.getBytes(charset);
        String url = unique("/api/echo-text");
        Response r = send(hmacSigner().sign("POST", url, body), "POST", url, body, contentType);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.asByteArray(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void formParametersOfASignedBodyStayAvailable() {
        String body = "b=caf%C3%A9&a=1&a=2";
        String url = unique("/api/form");
        Response r = request().headers(hmacSigner().sign("POST", url, body))
                .contentType("application/x-www-form-urlencoded").body(body).post(url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).isEqualTo("getParameter(b)=café\na=1|2\nb=café\nn=" + UNIQUE.get() + "\n");
    }

    @Test
    void rawPathAndQueryAreSignedAsSentOnTheWire() {
        String url = url("/api/hello/caf%C3%A9%20bar?q=a%20b&x=%2F&n=" + UNIQUE.incrementAndGet());
        Response r = send(hmacSigner().sign("GET", url, (byte[]) null), "GET", url, null, null);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    }

    @Test
    void overlappingMappingsJudgeASignedRequestOnceNotAsAReplay() throws Exception {
        try (JettyApp twice = JettyApp.start(QiuthFilter.builder(qiuth).build(), Map.of(), "/api/*", "/api/echo")) {
            byte[] body = "{\"once\":true}".getBytes(StandardCharsets.UTF_8);
            String url = twice.baseUri() + "/api/echo?n=" + UNIQUE.incrementAndGet();
            Response r = send(hmacSigner().sign("POST", url, body), "POST", url, body, "application/json");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            assertThat(r.asByteArray()).isEqualTo(body);
        }
    }

    @Test
    void twoFilterInstancesEachJudgeTheRequest() throws Exception {
        Qiuth other = Qiuth.builder().keys(KeyPolicy.builder().id("other").apiKey(BASIC_KEY + "_other").build()).build();
        try (JettyApp chained = JettyApp.startChained(QiuthFilter.builder(qiuth).build(), QiuthFilter.builder(other).build())) {
            Response r = request().header(QiuthHeaders.API_KEY, BASIC_KEY).get(chained.baseUri() + "/api/hello");
            assertThat(r.statusCode()).as("the second filter does not know the key").isEqualTo(401);
            assertThat(r.jsonPath().getString("code")).isEqualTo("INVALID_API_KEY");
        }
    }

    // ------------------------------------------------------------------ refused, copied exactly

    @Test
    void missingKeyIsCopiedExactly() {
        Response r = request().get(url("/api/hello"));
        assertCopied(r, RequestView.builder().method("GET").rawPath("/api/hello").build());
        assertThat(r.header("WWW-Authenticate")).isEqualTo("ApiKey realm=\"" + REALM + "\"");
    }

    @Test
    void unknownKeyIsCopiedExactly() {
        Response r = request().header(QiuthHeaders.API_KEY, "t_nobody").get(url("/api/hello"));
        assertCopied(r, view("GET", QiuthHeaders.API_KEY, "t_nobody"));
        assertThat(r.asString()).contains("INVALID_API_KEY").doesNotContain("t_nobody");
    }

    @Test
    void addressOutsideTheAllowlistIsCopiedExactly() {
        Response r = request().header(QiuthHeaders.API_KEY, REMOTE_KEY).get(url("/api/hello"));
        assertCopied(r, view("GET", QiuthHeaders.API_KEY, REMOTE_KEY));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.header("WWW-Authenticate")).isNull();
    }

    @Test
    void wrongHmacIsCopiedExactlyAndTheServletIsNeverCalled() {
        int before = TestServlets.PROTECTED_CALLS.get();
        String url = unique("/api/echo");
        Map<String, String> h = hmacSigner().sign("POST", url, "{\"amount\":1}");
        Response r = send(h, "POST", url, "{\"amount\":1000}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertCopied(r, view("POST", QiuthHeaders.API_KEY, HMAC_KEY, QiuthHeaders.TIMESTAMP, h.get(QiuthHeaders.TIMESTAMP),
                QiuthHeaders.HMAC_SIGNATURE, "0".repeat(64)));
        assertThat(r.asString()).contains("INVALID_HMAC");
        assertThat(TestServlets.PROTECTED_CALLS.get()).isEqualTo(before);
    }

    @Test
    void rateLimitedKeyGets429WithRetryAfter() {
        request().header(QiuthHeaders.API_KEY, LIMITED_KEY).get(url("/api/hello")).then().statusCode(200);
        Response r = request().header(QiuthHeaders.API_KEY, LIMITED_KEY).get(url("/api/hello"));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(r.jsonPath().getString("code")).isEqualTo("RATE_LIMITED");
    }

    @Test
    void unavailableStoreIsCopiedAs503() {
        Response r = request().header(QiuthHeaders.API_KEY, DOWN_KEY).get(url("/api/hello"));
        assertCopied(r, view("GET", QiuthHeaders.API_KEY, DOWN_KEY));
        assertThat(r.statusCode()).isEqualTo(503);
    }

    // ------------------------------------------------------------------ excluded paths

    @Test
    void excludedPathIsOpenForItsMethodOnly() {
        request().get(url("/health")).then().statusCode(200);
        Response post = request().post(url("/health"));
        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(post.jsonPath().getString("code")).isEqualTo("MISSING_API_KEY");
    }

    @Test
    void excludedRegexMatchesTheWholePathForAnyMethod() {
        request().get(url("/public/docs/index.html")).then().statusCode(200);
        request().delete(url("/public/x")).then().statusCode(200);
        assertThat(request().get(url("/healthz")).statusCode()).isEqualTo(401);
        assertThat(request().get(url("/api/hello/public/x")).statusCode()).isEqualTo(401);
    }

    // ------------------------------------------------------------------ bodies over the limit

    @Test
    void declaredContentLengthOverTheLimitGets413WithoutTheServlet() throws IOException {
        int before = TestServlets.PROTECTED_CALLS.get();
        byte[] body = new byte[LIMIT + 1];
        String url = unique("/api/echo");
        Map<String, String> headers = new java.util.HashMap<>(hmacSigner().sign("POST", url, body));
        headers.put("Content-Type", "application/octet-stream");
        // the server answers and closes without reading the body: a client that writes it all first sees a broken pipe
        SocketExchange.Reply r = SocketExchange.send(URI.create(url), "POST", headers, body, false);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(r.text()).contains("\"code\":\"BODY_TOO_LARGE\"");
        assertThat(TestServlets.PROTECTED_CALLS.get()).isEqualTo(before);
    }

    @Test
    void chunkedBodyPastTheLimitGets413() throws IOException {
        int before = TestServlets.PROTECTED_CALLS.get();
        byte[] body = new byte[LIMIT + 1];
        Arrays.fill(body, (byte) 'x');
        SocketExchange.Reply r = SocketExchange.send(URI.create(url("/api/echo")), "POST",
                Map.of("X-API-Key", BASIC_KEY, "Content-Type", "application/octet-stream"), body, true);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.text()).contains("\"code\":\"BODY_TOO_LARGE\"");
        assertThat(TestServlets.PROTECTED_CALLS.get()).isEqualTo(before);
    }

    @Test
    void brokenChunkedBodyGetsTheEnginesMalformedRequestNotTheContainersErrorPage() throws IOException {
        int before = TestServlets.PROTECTED_CALLS.get();
        String request = "POST /api/echo HTTP/1.1\r\nHost: localhost:" + app.port() + "\r\nX-API-Key: " + BASIC_KEY
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n";
        SocketExchange.Reply r = SocketExchange.sendRaw(URI.create(url("/api/echo")),
                request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.text()).contains("\"code\":\"MALFORMED_REQUEST\"");
        assertThat(TestServlets.PROTECTED_CALLS.get()).isEqualTo(before);
    }

    @Test
    void chunkedBodyAtTheLimitIsGranted() throws IOException {
        byte[] body = new byte[LIMIT];
        new SplittableRandom(7).nextBytes(body);
        SocketExchange.Reply r = SocketExchange.send(URI.create(url("/api/echo")), "POST",
                Map.of("X-API-Key", BASIC_KEY, "Content-Type", "application/octet-stream"), body, true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void twoHundredParallelSignedRequestsAreAllGranted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    String url = unique("/api/echo");
                    byte[] body = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
                    Response r = send(fullSigner().sign("POST", url, body), "POST", url, body, "application/json");
                    return r.statusCode() == 200 && Arrays.equals(r.asByteArray(), body);
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The response is the engine's denial for the same request, byte for byte but for its correlation id. */
    private void assertCopied(Response r, RequestView same) {
        Decision d = qiuth.authenticate(same);
        assertThat(d).isInstanceOf(Decision.Denied.class);
        DenialResponse expected = ((Decision.Denied) d).response();
        assertThat(r.statusCode()).isEqualTo(expected.status());
        expected.headers().forEach((name, value) -> assertThat(r.header(name)).as(name).isEqualTo(value));
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.asByteArray().length));
        assertThat(r.jsonPath().getString("correlationId")).isNotBlank();
        assertThat(withoutCorrelationId(r.asString())).isEqualTo(withoutCorrelationId(expected.bodyText()));
    }

    private static String withoutCorrelationId(String json) {
        return json.replaceAll("\"correlationId\":\"[^\"]*\"", "\"correlationId\":\"*\"");
    }

    private static RequestView view(String method, String... headerPairs) {
        Headers.Builder h = Headers.builder();
        for (int i = 0; i < headerPairs.length; i += 2) {
            h.add(headerPairs[i], headerPairs[i + 1]);
        }
        return RequestView.builder().method(method).hostHeader("localhost").rawPath("/api/x").headers(h.build())
                .remoteAddress("127.0.0.1").build();
    }

    private String unique(String path) {
        return url(path + "?n=" + UNIQUE.incrementAndGet());
    }

    private String url(String pathAndQuery) {
        return app.baseUri() + pathAndQuery;
    }

    private RequestSigner hmacSigner() {
        return RequestSigner.builder().apiKey(HMAC_KEY).hmacSecret(HMAC_SECRET).clock(clock).build();
    }

    private RequestSigner fullSigner() {
        return RequestSigner.builder().apiKey(FULL_KEY).totpSecret(TOTP_SECRET).hmacSecret(HMAC_SECRET)
                .privateKeyPem(RSA.privateKeyPem()).clock(clock).build();
    }

    static RequestSpecification request() {
        return given().config(RestAssuredConfig.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .urlEncodingEnabled(false).redirects().follow(false);
    }

    static Response send(Map<String, String> headers, String method, String url, byte[] body, String contentType) {
        RequestSpecification spec = request().headers(headers);
        if (body != null) {
            spec = spec.contentType(contentType).body(body);
        }
        return spec.request(method, url);
    }
}
