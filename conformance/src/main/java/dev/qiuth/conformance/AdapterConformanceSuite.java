package dev.qiuth.conformance;

import static dev.qiuth.conformance.ConformanceFixture.BASIC_KEY;
import static dev.qiuth.conformance.ConformanceFixture.EXPIRED_KEY;
import static dev.qiuth.conformance.ConformanceFixture.FULL_KEY;
import static dev.qiuth.conformance.ConformanceFixture.HMAC_KEY;
import static dev.qiuth.conformance.ConformanceFixture.HMAC_SECRET;
import static dev.qiuth.conformance.ConformanceFixture.LIMITED_KEY;
import static dev.qiuth.conformance.ConformanceFixture.LOOPBACK_KEY;
import static dev.qiuth.conformance.ConformanceFixture.REMOTE_KEY;
import static dev.qiuth.conformance.ConformanceFixture.REVOKED_KEY;
import static dev.qiuth.conformance.ConformanceFixture.RSA;
import static dev.qiuth.conformance.ConformanceFixture.RSA_KEY;
import static dev.qiuth.conformance.ConformanceFixture.TOTP_KEY;
import static dev.qiuth.conformance.ConformanceFixture.TOTP_SECRET;
import static dev.qiuth.conformance.ConformanceFixture.UNAVAILABLE_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.MutableClock;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every Qiuth adapter must show on the wire, checked over real HTTP.
 *
 * <p>An adapter's test extends this class, starts its framework's server (port 0) protected by
 * {@link ConformanceFixture#qiuth()} in {@code @BeforeAll}, stops it in {@code @AfterAll}, and
 * returns its address from {@link #baseUri()}. The server serves:
 * <ul>
 *   <li>{@code GET /health}: 200, not protected;</li>
 *   <li>{@code GET /api/hello}: 200 {@code application/json}, the principal's {@code toJson()};</li>
 *   <li>{@code POST /api/echo}: 200, the request body's exact bytes (a blocking handler);</li>
 *   <li>{@code POST /api/echo-async}: the same from the framework's non-blocking handler style;</li>
 *   <li>everything under {@code /api/} protected; echo handlers accept any content type.</li>
 * </ul>
 *
 * <pre>{@code
 * class JettyConformanceTest extends AdapterConformanceSuite {
 *     Server server;
 *     @BeforeAll void start() throws Exception { server = ...; server.start(); }
 *     @AfterAll void stop() throws Exception { server.stop(); }
 *     @Override protected URI baseUri() { return server.getURI(); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class AdapterConformanceSuite {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    /** Every TOTP code and signature the suite sent: like the secrets, none may reach a log line. */
    private static final Set<String> SENT_PROOFS = ConcurrentHashMap.newKeySet();

    private LogCapture logs;

    /** The running server's base address, {@code http://host:port}, without a trailing slash. */
    protected abstract URI baseUri();

    /** False when the framework has no non-blocking handler style ({@code /api/echo-async} then is the blocking one). */
    protected boolean hasNonBlockingEndpoint() {
        return true;
    }

    @BeforeAll
    final void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterAll
    final void releaseLogs() {
        logs.close();
    }

    // ------------------------------------------------------------------ open paths and API keys

    @Test
    void healthIsOpenWithoutAKey() {
        request().get(url("/health")).then().statusCode(200);
    }

    @Test
    void missingKeyIsRefusedWith401AndAProblem() {
        Response r = request().get(url("/api/hello"));
        assertProblem(r, 401, "MISSING_API_KEY");
    }

    @Test
    void unknownRevokedAndExpiredKeysAreRefusedAlike() {
        for (String key : List.of("cf_nobody_" + UNIQUE.incrementAndGet(), REVOKED_KEY, EXPIRED_KEY)) {
            Response r = request().header(QiuthHeaders.API_KEY, key).get(url("/api/hello"));
            assertProblem(r, 401, "INVALID_API_KEY");
            assertThat(r.asString()).doesNotContain(key);
        }
    }

    @Test
    void validKeyIsGrantedAndTheHandlerSeesThePrincipal() {
        Response r = request().header(QiuthHeaders.API_KEY, BASIC_KEY).get(url("/api/hello"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("keyId")).isEqualTo("basic");
        assertThat(r.jsonPath().getString("name")).isEqualTo("Basic key");
        assertThat(r.jsonPath().getList("factors")).containsExactly("API_KEY");
        assertThat(r.asString()).doesNotContain(BASIC_KEY);
    }

    @Test
    void keyInTheQueryStringIsIgnoredByDefault() {
        Response r = request().get(url("/api/hello?api_key=" + BASIC_KEY));
        assertProblem(r, 401, "MISSING_API_KEY");
    }

    // ------------------------------------------------------------------ IP allowlist and proxies

    @Test
    void addressOutsideTheAllowlistIsForbidden() {
        Response r = request().header(QiuthHeaders.API_KEY, REMOTE_KEY).get(url("/api/hello"));
        assertProblem(r, 403, "IP_NOT_ALLOWED");
        assertThat(r.getHeader("WWW-Authenticate")).isNull();
        assertThat(r.asString()).doesNotContain("127.0.0.1");
    }

    @Test
    void trustedProxyForwardsTheClientAddress() {
        Response r = request().header(QiuthHeaders.API_KEY, REMOTE_KEY)
                .header("X-Forwarded-For", "203.0.113.7").get(url("/api/hello"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("factors")).containsExactly("API_KEY", "IP_ALLOWLIST");
    }

    @Test
    void forwardingHeadersFromAPeerThatIsNoTrustedProxyAreIgnored() throws IOException {
        InetAddress notAProxy = InetAddress.getByName("127.0.0.2");
        URI hello = URI.create(url("/api/hello"));
        for (String header : List.of("X-Forwarded-For: 203.0.113.7", "Forwarded: for=203.0.113.7")) {
            String[] claim = header.split(": ", 2);
            assertProblem(SocketExchange.sendFrom(notAProxy, hello, "GET", Map.of(QiuthHeaders.API_KEY, REMOTE_KEY,
                    claim[0], claim[1]), new byte[0]), 403, "IP_NOT_ALLOWED");
        }
    }

    @Test
    void clientControlledLeftmostForwardedEntryIsNotTrusted() {
        // the client wrote 203.0.113.7; the proxy appended the address it really saw
        Response spoofed = request().header(QiuthHeaders.API_KEY, REMOTE_KEY)
                .header("X-Forwarded-For", "203.0.113.7, 198.51.100.1").get(url("/api/hello"));
        assertProblem(spoofed, 403, "IP_NOT_ALLOWED");
        Response honest = request().header(QiuthHeaders.API_KEY, REMOTE_KEY)
                .header("X-Forwarded-For", "198.51.100.1, 203.0.113.7").get(url("/api/hello"));
        assertThat(honest.statusCode()).isEqualTo(200);
    }

    @Test
    void forwardedClientOutsideALoopbackAllowlistIsForbidden() {
        request().header(QiuthHeaders.API_KEY, LOOPBACK_KEY).get(url("/api/hello")).then().statusCode(200);
        Response r = request().header(QiuthHeaders.API_KEY, LOOPBACK_KEY)
                .header("Forwarded", "for=\"[2001:db8::17]:4711\"").get(url("/api/hello"));
        assertProblem(r, 403, "IP_NOT_ALLOWED");
    }

    // ------------------------------------------------------------------ TOTP

    @Test
    void totpMissingWrongAndRight() {
        assertProblem(request().header(QiuthHeaders.API_KEY, TOTP_KEY).get(url("/api/hello")), 401, "MISSING_TOTP_TOKEN");
        String code = ConformanceFixture.signer(TOTP_KEY).totpSecret(TOTP_SECRET).build()
                .sign("GET", url("/api/hello"), (byte[]) null).get(QiuthHeaders.TOTP_TOKEN);
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        assertProblem(request().header(QiuthHeaders.API_KEY, TOTP_KEY).header(QiuthHeaders.TOTP_TOKEN, wrong)
                .get(url("/api/hello")), 401, "INVALID_TOTP_TOKEN");
        Response ok = request().header(QiuthHeaders.API_KEY, TOTP_KEY).header(QiuthHeaders.TOTP_TOKEN, code)
                .get(url("/api/hello"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.jsonPath().getList("factors")).containsExactly("API_KEY", "TOTP");
    }

    // ------------------------------------------------------------------ signatures

    @Test
    void rsaSignatureMissingWrongAndRight() {
        assertProblem(request().header(QiuthHeaders.API_KEY, RSA_KEY).get(url("/api/hello")), 401, "MISSING_SIGNATURE");
        String u = unique("/api/hello");
        Map<String, String> h = rsaSigner().sign("GET", u, (byte[]) null);
        Map<String, String> other = rsaSigner().sign("GET", unique("/api/hello"), (byte[]) null);
        Response wrong = send(Map.of(QiuthHeaders.API_KEY, RSA_KEY, QiuthHeaders.TIMESTAMP, h.get(QiuthHeaders.TIMESTAMP),
                QiuthHeaders.SIGNATURE, other.get(QiuthHeaders.SIGNATURE)), "GET", u, null, null);
        assertProblem(wrong, 401, "INVALID_SIGNATURE");
        assertThat(wrong.asString()).doesNotContain(other.get(QiuthHeaders.SIGNATURE));
        Response ok = send(h, "GET", u, null, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.jsonPath().getList("factors")).containsExactly("API_KEY", "CERTIFICATE");
    }

    @Test
    void hmacMissingWrongAndRight() {
        assertProblem(request().header(QiuthHeaders.API_KEY, HMAC_KEY).get(url("/api/hello")), 401, "MISSING_HMAC");
        String u = unique("/api/hello");
        Map<String, String> h = hmacSigner().sign("GET", u, (byte[]) null);
        String sig = h.get(QiuthHeaders.HMAC_SIGNATURE);
        String flipped = (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1);
        Response wrong = send(Map.of(QiuthHeaders.API_KEY, HMAC_KEY, QiuthHeaders.TIMESTAMP, h.get(QiuthHeaders.TIMESTAMP),
                QiuthHeaders.HMAC_SIGNATURE, flipped), "GET", u, null, null);
        assertProblem(wrong, 401, "INVALID_HMAC");
        assertThat(wrong.asString()).doesNotContain(flipped);
        Response ok = send(h, "GET", u, null, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.jsonPath().getList("factors")).containsExactly("API_KEY", "HMAC");
    }

    @Test
    void signatureOverAnotherBodyIsRefused() {
        String u = unique("/api/echo");
        Map<String, String> h = hmacSigner().sign("POST", u, "{\"amount\":1}");
        Response r = send(h, "POST", u, "{\"amount\":1000}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(r, 401, "INVALID_HMAC");
    }

    @Test
    void signatureOverAnotherUrlIsRefused() {
        String u = unique("/api/hello");
        Map<String, String> h = hmacSigner().sign("GET", u + "&role=user", (byte[]) null);
        assertProblem(send(h, "GET", u + "&role=admin", null, null), 401, "INVALID_HMAC");
    }

    @Test
    void timestampsOutsideTheWindowAreRefused() {
        MutableClock clock = ConformanceFixture.clock();
        String u1 = unique("/api/hello");
        Map<String, String> old = RequestSigner.builder().apiKey(HMAC_KEY).hmacSecret(HMAC_SECRET)
                .clock(clock.offset(Duration.ofSeconds(-301))).build().sign("GET", u1, (byte[]) null);
        assertProblem(send(old, "GET", u1, null, null), 401, "EXPIRED_TIMESTAMP");
        String u2 = unique("/api/hello");
        Map<String, String> future = RequestSigner.builder().apiKey(HMAC_KEY).hmacSecret(HMAC_SECRET)
                .clock(clock.offset(Duration.ofSeconds(61))).build().sign("GET", u2, (byte[]) null);
        assertProblem(send(future, "GET", u2, null, null), 401, "FUTURE_TIMESTAMP");
        String u3 = unique("/api/hello");
        Map<String, String> h = hmacSigner().sign("GET", u3, (byte[]) null);
        Map<String, String> inSeconds = Map.of(QiuthHeaders.API_KEY, HMAC_KEY,
                QiuthHeaders.TIMESTAMP, Long.toString(clock.millis() / 1000),
                QiuthHeaders.HMAC_SIGNATURE, h.get(QiuthHeaders.HMAC_SIGNATURE));
        assertProblem(send(inSeconds, "GET", u3, null, null), 401, "EXPIRED_TIMESTAMP");
        Map<String, String> noTimestamp = Map.of(QiuthHeaders.API_KEY, HMAC_KEY,
                QiuthHeaders.HMAC_SIGNATURE, h.get(QiuthHeaders.HMAC_SIGNATURE));
        assertProblem(send(noTimestamp, "GET", u3, null, null), 401, "EXPIRED_TIMESTAMP");
    }

    @Test
    void replayedSignedRequestIsRefused() {
        String u = unique("/api/echo");
        byte[] body = "{\"pay\":10}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = hmacSigner().sign("POST", u, body);
        assertThat(send(h, "POST", u, body, "application/json").statusCode()).isEqualTo(200);
        assertProblem(send(h, "POST", u, body, "application/json"), 401, "REPLAYED_REQUEST");
    }

    // ------------------------------------------------------------------ bodies reach the handler

    static Stream<Arguments> bodies() {
        SplittableRandom random = new SplittableRandom(42);
        byte[] large = new byte[12 * 1024];
        random.nextBytes(large);
        byte[] nearLimit = new byte[ConformanceFixture.MAX_BODY_BYTES - 1];
        random.nextBytes(nearLimit);
        byte[] atLimit = new byte[ConformanceFixture.MAX_BODY_BYTES];
        random.nextBytes(atLimit);
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("small JSON", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("non-ASCII UTF-8", "{\"name\":\"Zoë Ω 日本 🚀\"}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("12 KiB binary", large),
                Arguments.of("limit - 1", nearLimit),
                Arguments.of("exactly the limit", atLimit));
    }

    @ParameterizedTest(name = "{0} body, HMAC-signed, blocking endpoint")
    @MethodSource("bodies")
    void hmacSignedBodyReachesTheBlockingHandlerByteForByte(String name, byte[] body) {
        assertEchoed("/api/echo", hmacSigner(), body);
    }

    @ParameterizedTest(name = "{0} body, HMAC-signed, non-blocking endpoint")
    @MethodSource("bodies")
    void hmacSignedBodyReachesTheNonBlockingHandlerByteForByte(String name, byte[] body) {
        assertEchoed("/api/echo-async", hmacSigner(), body);
    }

    @ParameterizedTest(name = "{0} body, RSA-signed, blocking endpoint")
    @MethodSource("bodies")
    void rsaSignedBodyReachesTheBlockingHandlerByteForByte(String name, byte[] body) {
        assertEchoed("/api/echo", rsaSigner(), body);
    }

    @ParameterizedTest(name = "{0} body, RSA-signed, non-blocking endpoint")
    @MethodSource("bodies")
    void rsaSignedBodyReachesTheNonBlockingHandlerByteForByte(String name, byte[] body) {
        assertEchoed("/api/echo-async", rsaSigner(), body);
    }

    @Test
    void allFactorsTogether() {
        String u = unique("/api/echo");
        byte[] body = "{\"all\":true}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = fullSigner().sign("POST", u, body);
        Response r = send(h, "POST", u, body, "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(body);
        Response hello = send(fullSigner().sign("GET", unique("/api/hello"), (byte[]) null), "GET",
                lastUnique, null, null);
        assertThat(hello.jsonPath().getList("factors"))
                .containsExactly("API_KEY", "IP_ALLOWLIST", "TOTP", "CERTIFICATE", "HMAC");
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413() throws IOException {
        byte[] body = new byte[ConformanceFixture.MAX_BODY_BYTES + 1];
        String u = unique("/api/echo");
        Map<String, String> h = new HashMap<>(hmacSigner().sign("POST", u, body));
        h.put("Content-Type", "application/octet-stream");
        h.forEach(AdapterConformanceSuite::remember);
        for (boolean chunked : new boolean[] {false, true}) {
            assertProblem(SocketExchange.send(URI.create(u), "POST", h, body, chunked), 413, "BODY_TOO_LARGE");
        }
    }

    @Test
    void malformedChunkedBodyIsABadRequestNeverAServerError() throws IOException {
        URI u = URI.create(unique("/api/echo"));
        String request = "POST " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: " + u.getRawAuthority()
                + "\r\nX-API-Key: " + BASIC_KEY + "\r\nContent-Type: application/octet-stream"
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n";
        SocketExchange.Reply r = SocketExchange.sendRaw(u, request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).as("status").isEqualTo(400);
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unusableHostHeaderIsNeverAServerError() throws IOException {
        URI u = URI.create(url("/api/hello"));
        for (String host : List.of("", "exa mple.com", "[::1", "localhost:99999", "localhost:x")) {
            String request = "GET /api/hello HTTP/1.1\r\nHost: " + host + "\r\nX-API-Key: " + BASIC_KEY
                    + "\r\nConnection: close\r\n\r\n";
            SocketExchange.Reply r;
            try {
                r = SocketExchange.sendRaw(u, request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new AssertionError("no answer for Host '" + host + "': " + e.getMessage(), e);
            }
            assertThat(r.status()).as("status for Host '%s'", host).isBetween(200, 499);
            assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    // ------------------------------------------------------------------ methods and framing on the wire (RFC 9112)

    @Test
    void traceOnAProtectedPathIsRefusedWith405AndEchoesNothing() throws IOException {
        String u = unique("/api/hello");
        Map<String, String> signed = hmacSigner().sign("TRACE", u, (byte[]) null);
        signed.forEach(AdapterConformanceSuite::remember);
        StringBuilder head = new StringBuilder("TRACE " + target(u) + " HTTP/1.1\r\nHost: " + authority() + "\r\n");
        signed.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        SocketExchange.Reply r = SocketExchange.sendRaw(URI.create(u),
                head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        // the engine's problem, or the framework's own 405 when it has no TRACE route to run filters for
        assertThat(r.status()).as("status").isEqualTo(405);
        if (r.text().contains("urn:qiuth:error:")) {
            assertProblem(r, 405, "METHOD_NOT_ALLOWED");
        }
        assertThat(r.header("Allow")).as("Allow header").isNotBlank().doesNotContainIgnoringCase("TRACE");
        assertThat(r.text()).doesNotContain(HMAC_KEY).doesNotContain(signed.get(QiuthHeaders.HMAC_SIGNATURE));
        assertThat(String.valueOf(r.header("Content-Type"))).doesNotContainIgnoringCase("message/http");
    }

    @Test
    void twoHostHeadersAreRefusedWith400() throws IOException {
        // signed for the server's own host; the second (or first) Host line names another one
        for (boolean evilFirst : new boolean[] {false, true}) {
            String u = unique("/api/hello");
            Map<String, String> signed = hmacSigner().sign("GET", u, (byte[]) null);
            signed.forEach(AdapterConformanceSuite::remember);
            String hosts = evilFirst ? "Host: evil.example\r\nHost: " + authority() : "Host: " + authority()
                    + "\r\nHost: evil.example";
            StringBuilder head = new StringBuilder("GET " + target(u) + " HTTP/1.1\r\n" + hosts + "\r\n");
            signed.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            SocketExchange.Reply r = SocketExchange.sendRaw(URI.create(u),
                    head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            assertBadRequest(r, "two Host lines" + (evilFirst ? ", the other first" : ""));
        }
    }

    @Test
    void hostWithSpacesIsRefusedWith400() throws IOException {
        URI u = URI.create(url("/api/hello"));
        for (String host : List.of("local host", "localhost " + u.getPort(), "localhost:" + u.getPort() + " x")) {
            String request = "GET /api/hello HTTP/1.1\r\nHost: " + host + "\r\nX-API-Key: " + BASIC_KEY
                    + "\r\nConnection: close\r\n\r\n";
            assertBadRequest(SocketExchange.sendRaw(u, request.getBytes(StandardCharsets.ISO_8859_1)), "Host '" + host + "'");
        }
    }

    static Stream<Arguments> framingErrors() {
        String chunkedBody = "5\r\nhello\r\n0\r\n\r\n";
        return Stream.of(
                Arguments.of("Content-Length with Transfer-Encoding: chunked",
                        "Content-Length: %d\r\nTransfer-Encoding: chunked\r\n", chunkedBody),
                Arguments.of("Transfer-Encoding: chunked with Content-Length",
                        "Transfer-Encoding: chunked\r\nContent-Length: %d\r\n", chunkedBody),
                Arguments.of("two Content-Length lines that differ",
                        "Content-Length: 5\r\nContent-Length: %d\r\n", "hello"),
                Arguments.of("one Content-Length list that differs", "Content-Length: 5, %d\r\n", "hello"),
                Arguments.of("Transfer-Encoding not ending in chunked", "Transfer-Encoding: chunked, x-unknown\r\n",
                        chunkedBody),
                Arguments.of("an unknown Transfer-Encoding", "Transfer-Encoding: x-unknown\r\n", "hello"));
    }

    /**
     * RFC 9112 §6.1 and §6.3: a body whose length is ambiguous is answered 400 and the connection is
     * closed, on an open path as on a protected one: a request smuggled after it must never be
     * answered (here one that a key-only request would have made 200).
     */
    @ParameterizedTest(name = "{0}, {3}")
    @MethodSource("framingErrorsOnEveryPath")
    void ambiguousBodyLengthIsRefusedWith400AndTheConnectionClosed(String name, String lengthHeaders, String body,
            String path) throws IOException {
        URI u = URI.create(url(path));
        String smuggled = "GET /api/hello HTTP/1.1\r\nHost: " + authority() + "\r\nX-API-Key: " + BASIC_KEY
                + "\r\nConnection: close\r\n\r\n";
        String content = body + smuggled;
        String request = "POST " + path + " HTTP/1.1\r\nHost: " + authority() + "\r\nX-API-Key: " + BASIC_KEY
                + "\r\nContent-Type: application/octet-stream\r\n" + lengthHeaders.replace("%d", Integer.toString(content.length()))
                + "\r\n" + content;
        SocketExchange.Conversation c = SocketExchange.converse(u, request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(c.replies()).as("answers to %s on %s (the second one smuggled)", name, path).hasSize(1);
        // 501 is what RFC 9112 §6.1 suggests for a transfer coding the server does not know
        assertThat(c.only().status()).as("status for %s on %s", name, path)
                .isIn(lengthHeaders.contains("x-unknown") ? List.of(400, 501) : List.of(400));
        assertNoStackTrace(c.only().text());
        assertThat(c.closed()).as("connection closed after %s on %s", name, path).isTrue();
    }

    static Stream<Arguments> framingErrorsOnEveryPath() {
        return framingErrors().flatMap(a -> Stream.of("/api/echo", "/health").map(path -> Arguments.of(
                a.get()[0], a.get()[1], a.get()[2], path)));
    }

    /** RFC 9112 §5.2: a line folded onto the one before (obs-fold) is refused, or read as one value; never more. */
    @Test
    void foldedHeaderLineIsRefusedOrUnfoldedNeverASecondHeader() throws IOException {
        URI u = URI.create(url("/api/hello"));
        String request = "GET /api/hello HTTP/1.1\r\nHost: " + authority() + "\r\nX-Note: a\r\n X-API-Key: " + BASIC_KEY
                + "\r\nConnection: close\r\n\r\n";
        SocketExchange.Reply r = SocketExchange.sendRaw(u, request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).as("status of a folded line carrying a key").isIn(400, 401);
        if (r.status() == 401) {
            assertProblem(r, 401, "MISSING_API_KEY"); // unfolded into X-Note's value: no key was sent
        }
        assertNoStackTrace(r.text());
    }

    static Stream<Arguments> brokenRequestLines() {
        return Stream.of(
                Arguments.of("raw UTF-8 in the target", "GET /api/h\u00c3\u00a9llo HTTP/1.1"),
                Arguments.of("HTTP/0.9 (no version)", "GET /api/hello"),
                Arguments.of("a space inside the target", "GET /api/hel lo HTTP/1.1"),
                Arguments.of("a control character in the target", "GET /api/hel\u0001lo HTTP/1.1"),
                Arguments.of("an unknown major version", "GET /api/hello HTTP/7.3"));
    }

    /**
     * A request line the server cannot parse is refused (400, or 505 for a version it does not
     * speak; RFC 9112 §3, RFC 9110 §15.6.6), or the server reads the request whole: then the engine
     * judges it with its headers, and the key it carries is seen (the handler's 200 or 404), never
     * lost on the way (a 401 for a missing key). Never an unanswered connection, another 5xx, or a
     * stack trace in a log line; after a line without a version the connection is closed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRequestLines")
    void brokenRequestLineIsRefusedOrJudgedWhole(String name, String requestLine) throws IOException {
        int before = logs.lines().size();
        String request = requestLine + "\r\nHost: " + authority() + "\r\nX-API-Key: " + BASIC_KEY + "\r\n\r\n";
        SocketExchange.Conversation c = SocketExchange.converse(URI.create(url("/")),
                request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(c.replies()).as("answers to %s", name).hasSize(1);
        assertThat(c.only().status()).as("status for %s", name).isIn(400, 505, 200, 404);
        assertNoStackTrace(c.only().text());
        if (!requestLine.contains(" HTTP/")) {
            assertThat(c.only().status()).as("status for %s", name).isIn(400, 505);
            assertThat(c.closed()).as("connection closed after %s", name).isTrue();
        }
        List<String> all = List.copyOf(logs.lines());
        assertThat(all.subList(before, all.size())).as("log lines for %s", name)
                .noneSatisfy(l -> assertThat(l).contains("\tat "));
    }

    /** The method signed is the method on the wire: a framework that serves HEAD with its GET handler must not blur them. */
    @Test
    void headIsSignedAsHeadNotAsGet() {
        String u = unique("/api/hello");
        Response signedForGet = send(hmacSigner().sign("GET", u, (byte[]) null), "HEAD", u, null, null);
        assertThat(signedForGet.statusCode()).as("HEAD with a signature made for GET").isEqualTo(401);
        assertThat(signedForGet.getHeader("WWW-Authenticate")).isNotNull();
        String u2 = unique("/api/hello");
        Response signedForHead = send(hmacSigner().sign("HEAD", u2, (byte[]) null), "HEAD", u2, null, null);
        assertThat(signedForHead.statusCode()).as("HEAD signed as HEAD").isEqualTo(200);
        String u3 = unique("/api/hello");
        Response getSignedForHead = send(hmacSigner().sign("HEAD", u3, (byte[]) null), "GET", u3, null, null);
        assertProblem(getSignedForHead, 401, "INVALID_HMAC");
    }

    /**
     * PROTOCOL.md: the body hash covers the bytes as sent. A {@code Content-Encoding: gzip} body is
     * signed compressed, whatever the framework then hands the handler.
     */
    @Test
    void compressedBodyIsSignedAsSent() throws IOException {
        byte[] plain = "{\"zipped\":\"yes, and signed as sent\"}".getBytes(StandardCharsets.UTF_8);
        byte[] gzipped = gzip(plain);
        String u = unique("/api/echo");
        Map<String, String> overSent = new HashMap<>(hmacSigner().sign("POST", u, gzipped));
        overSent.put("Content-Encoding", "gzip");
        overSent.put("Content-Type", "application/octet-stream");
        overSent.forEach(AdapterConformanceSuite::remember);
        SocketExchange.Reply granted = SocketExchange.send(URI.create(u), "POST", overSent, gzipped, false);
        assertThat(granted.status()).as("gzip body signed over the bytes sent").isEqualTo(200);
        assertThat(granted.body()).as("what the handler got").satisfiesAnyOf(
                b -> assertThat(b).isEqualTo(gzipped), b -> assertThat(b).isEqualTo(plain));
        String u2 = unique("/api/echo");
        Map<String, String> overInflated = new HashMap<>(hmacSigner().sign("POST", u2, plain));
        overInflated.put("Content-Encoding", "gzip");
        overInflated.put("Content-Type", "application/octet-stream");
        overInflated.forEach(AdapterConformanceSuite::remember);
        assertProblem(SocketExchange.send(URI.create(u2), "POST", overInflated, gzipped, false), 401, "INVALID_HMAC");
    }

    // ------------------------------------------------------------------ limits and failures

    @Test
    void keyOverItsRateLimitGets429WithRetryAfter() {
        // a fresh window: another suite class in this JVM may have used the key already
        ConformanceFixture.clock().advance(Duration.ofMinutes(1));
        for (int i = 0; i < ConformanceFixture.LIMIT; i++) {
            request().header(QiuthHeaders.API_KEY, LIMITED_KEY).get(url("/api/hello")).then().statusCode(200);
        }
        Response r = request().header(QiuthHeaders.API_KEY, LIMITED_KEY).get(url("/api/hello"));
        assertProblem(r, 429, "RATE_LIMITED");
        assertThat(Long.parseLong(r.getHeader("Retry-After"))).isBetween(1L, 60L);
    }

    @Test
    void unreachableKeyStoreFailsClosedWith503() {
        Response r = request().header(QiuthHeaders.API_KEY, UNAVAILABLE_KEY).get(url("/api/hello"));
        assertProblem(r, 503, "UNAVAILABLE");
    }

    @Test
    void twoHundredParallelSignedRequestsAreAllGranted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    String u = unique("/api/echo");
                    byte[] body = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
                    Response r = send(fullSigner().sign("POST", u, body), "POST", u, body, "application/json");
                    return r.statusCode() == 200 && java.util.Arrays.equals(r.asByteArray(), body) ? 200 : r.statusCode();
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ secrets stay secret

    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretReachedAnyLogLine() {
        List<String> lines = logs.lines();
        assertThat(lines).as("log events captured (the suite needs logback or a java.util.logging-based "
                + "SLF4J binding in the adapter's tests)").anySatisfy(l -> assertThat(l).contains("decision="));
        for (String secret : ConformanceFixture.secrets()) {
            String probe = secret.contains("PRIVATE KEY") ? secret.split("\n")[1] : secret;
            assertThat(lines).noneSatisfy(l -> assertThat(l).contains(probe));
        }
        assertThat(SENT_PROOFS).as("signatures and TOTP codes sent").hasSizeGreaterThan(20);
        for (String proof : SENT_PROOFS) {
            // a TOTP code is six digits: only as a number of its own, not inside a longer one
            Pattern alone = Pattern.compile("(?<![0-9A-Za-z+/])" + Pattern.quote(proof) + "(?![0-9A-Za-z+/=])");
            assertThat(lines).noneSatisfy(l -> assertThat(alone.matcher(l).find()).isTrue());
        }
    }

    // ------------------------------------------------------------------ helpers

    private volatile String lastUnique;

    /** A full URL with a query that makes the request unique, so the replay guard never fires by accident. */
    protected final String unique(String path) {
        lastUnique = url(path + "?n=" + UNIQUE.incrementAndGet());
        return lastUnique;
    }

    protected final String url(String pathAndQuery) {
        String base = baseUri().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery;
    }

    private static RequestSpecification request() {
        return given().config(RestAssuredConfig.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .urlEncodingEnabled(false).redirects().follow(false)
                .filter((req, res, ctx) -> {
                    req.getHeaders().forEach(h -> remember(h.getName(), h.getValue()));
                    return ctx.next(req, res);
                });
    }

    private static void remember(String header, String value) {
        if (header.equalsIgnoreCase(QiuthHeaders.TOTP_TOKEN) || header.equalsIgnoreCase(QiuthHeaders.SIGNATURE)
                || header.equalsIgnoreCase(QiuthHeaders.HMAC_SIGNATURE)) {
            if (value.length() >= 6) {
                SENT_PROOFS.add(value);
            }
        }
    }

    private static RequestSigner hmacSigner() {
        return ConformanceFixture.signer(HMAC_KEY).hmacSecret(HMAC_SECRET).build();
    }

    private static RequestSigner rsaSigner() {
        return ConformanceFixture.signer(RSA_KEY).privateKeyPem(RSA.privateKeyPem()).build();
    }

    private static RequestSigner fullSigner() {
        return ConformanceFixture.signer(FULL_KEY).totpSecret(TOTP_SECRET).hmacSecret(HMAC_SECRET)
                .privateKeyPem(RSA.privateKeyPem()).build();
    }

    private void assertEchoed(String path, RequestSigner signer, byte[] body) {
        if (path.endsWith("-async") && !hasNonBlockingEndpoint()) {
            path = "/api/echo";
        }
        String u = unique(path);
        Response r = send(signer.sign("POST", u, body), "POST", u, body, "application/octet-stream");
        assertThat(r.statusCode()).as("status of %s", path).isEqualTo(200);
        assertThat(r.asByteArray()).as("bytes the handler read").isEqualTo(body);
    }

    private static Response send(Map<String, String> headers, String method, String url, byte[] body, String contentType) {
        RequestSpecification spec = request().headers(headers);
        if (body != null) {
            spec = spec.contentType(contentType).body(body);
        }
        return spec.request(method, url);
    }

    /** The server's authority as a client writes it in {@code Host}. */
    private String authority() {
        return baseUri().getRawAuthority();
    }

    /** The origin-form request-target of a full URL: path and query. */
    private static String target(String url) {
        URI u = URI.create(url);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        }
        return out.toByteArray();
    }

    /** A 400 from the framework or from the engine; when it is the engine's, its code is {@code MALFORMED_REQUEST}. */
    private static void assertBadRequest(SocketExchange.Reply r, String what) {
        assertThat(r.status()).as("status for %s", what).isEqualTo(400);
        String type = r.header("Content-Type");
        if (type != null && type.startsWith(PROBLEM_JSON) && r.text().contains("urn:qiuth:error:")) {
            assertProblem(r, 400, "MALFORMED_REQUEST");
        }
        assertNoStackTrace(r.text());
    }

    /** No stack trace or frame of one in an answer (a bare exception name is the server's, not a trace). */
    private static void assertNoStackTrace(String body) {
        assertThat(body).doesNotContain("\tat ").doesNotContain("Exception: ").doesNotContain(".java:");
    }

    private static void assertProblem(Response r, int status, String code) {
        assertProblem(r.statusCode(), r.contentType(), r.getHeader("WWW-Authenticate"), r.asString(), status, code);
    }

    private static void assertProblem(SocketExchange.Reply r, int status, String code) {
        assertProblem(r.status(), r.header("Content-Type"), r.header("WWW-Authenticate"), r.text(), status, code);
    }

    private static void assertProblem(int actualStatus, String contentType, String challenge, String body,
            int status, String code) {
        assertThat(actualStatus).as("status").isEqualTo(status);
        assertThat(contentType).as("content type").startsWith(PROBLEM_JSON);
        JsonPath json = JsonPath.from(body);
        assertThat(json.getString("code")).isEqualTo(code);
        assertThat(json.getInt("status")).isEqualTo(status);
        assertThat(json.getString("type")).startsWith("urn:qiuth:error:");
        assertThat(json.getString("title")).isNotBlank();
        assertThat(json.getString("correlationId")).isNotBlank();
        if (status == 401) {
            assertThat(challenge).isEqualTo("ApiKey realm=\"" + ConformanceFixture.REALM + "\"");
        }
        for (String secret : ConformanceFixture.secrets()) {
            assertThat(body).doesNotContain(secret);
        }
    }
}
