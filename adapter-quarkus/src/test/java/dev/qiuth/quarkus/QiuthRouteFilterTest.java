package dev.qiuth.quarkus;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.conformance.SocketExchange;
import dev.qiuth.signature.RequestSigner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adapter as an application configures it: the engine built from {@code qiuth.*} in
 * {@code application.properties} (key, IP allowlist, HMAC, realm, body limit, paths), the
 * principal through CDI and the routing context, and routes outside Quarkus REST.
 */
@QuarkusTest
class QiuthRouteFilterTest {
    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "qiuth.api-key")
    String apiKey;

    @ConfigProperty(name = "qiuth.hmac-secret")
    String hmacSecret;

    @Inject
    CountingReplayGuard replayGuard;

    @Inject
    RecordingDecisionListener listener;

    @Test
    void theApplicationsDecisionListenerHearsGrantsAndDenials() {
        String url = url("/api/hello?listener=1");
        int before = listener.reasons().size();
        assertThat(signed("GET", url, null).get(url).statusCode()).isEqualTo(200);
        assertThat(given().get(url("/api/hello?listener=2")).statusCode()).isEqualTo(401);
        assertThat(listener.reasons().subList(before, listener.reasons().size())).containsExactly("GRANTED", "MISSING_API_KEY");
    }

    @Test
    void configuredKeyWithItsFactorsIsGrantedAndTheResourceGetsThePrincipalThroughCdi() {
        String url = url("/api/hello?x=1");
        Response r = signed("GET", url, null).get(url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("factors")).containsExactly("API_KEY", "IP_ALLOWLIST", "HMAC");
        assertThat(r.asString()).doesNotContain(apiKey);
    }

    @Test
    void signedRequestIsRememberedByTheApplicationsReplayGuardAndRefusedTheSecondTime() {
        String url = url("/api/hello?replay=1");
        Map<String, String> headers = RequestSigner.builder().apiKey(apiKey).hmacSecret(hmacSecret).build()
                .sign("GET", url, (byte[]) null);
        int before = replayGuard.checks();
        assertThat(given().urlEncodingEnabled(false).headers(headers).get(url).statusCode()).isEqualTo(200);
        assertThat(replayGuard.checks()).isEqualTo(before + 1);
        Response again = given().urlEncodingEnabled(false).headers(headers).get(url);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.jsonPath().getString("code")).isEqualTo("REPLAYED_REQUEST");
        // the application's state may be remote (Redis): the whole engine ran on a worker
        assertThat(replayGuard.checksOnEventLoop()).isZero();
    }

    @Test
    void missingKeyGetsTheCoreDenialWithTheConfiguredRealm() {
        Response r = given().get(url("/api/hello"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("ApiKey realm=\"quarkus-test\"");
        assertThat(r.jsonPath().getString("code")).isEqualTo("MISSING_API_KEY");
    }

    @Test
    void keyWithoutItsHmacIsRefused() {
        Response r = given().header(QiuthHeaders.API_KEY, apiKey).get(url("/api/hello"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.jsonPath().getString("code")).isEqualTo("MISSING_HMAC");
    }

    @Test
    void pathsOutsideQiuthPathsAndExcludedPathsAreOpen() {
        given().get(url("/health")).then().statusCode(200);
        Response open = given().get(url("/api/open"));
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.asString()).isEqualTo("anonymous");
    }

    @Test
    void plainVertxRouteIsProtectedAndReadsThePrincipalFromTheRoutingContext() {
        assertThat(given().get(url(PlainVertxRoute.PATH)).statusCode()).isEqualTo(401);
        String url = url(PlainVertxRoute.PATH);
        Response r = signed("GET", url, null).get(url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("keyId")).isNotBlank();
    }

    @Test
    void largeSignedBodyReachesTheNonBlockingEndpointOnTheEventLoop() {
        byte[] body = new byte[40 * 1024]; // over Quarkus REST's default 10 KiB input buffer
        new SplittableRandom(7).nextBytes(body);
        String url = url("/api/echo-async");
        Response r = signed("POST", url, body).contentType("application/octet-stream").body(body).post(url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader(TestApi.EVENT_LOOP_HEADER)).isEqualTo("true");
        assertThat(r.asByteArray()).isEqualTo(body);
    }

    /**
     * HTTP/2 (h2c, as the JDK client upgrades to it): Quarkus REST cannot take over an HTTP/2
     * request whose end has been read, so the filter must stop short of it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/echo", "/api/echo-async"})
    void signedBodiesOverHttp2ReachBothEndpointStylesIntact(String path) throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        h2.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(), HttpResponse.BodyHandlers.discarding());
        String url = url(path);
        String hello = url("/api/hello?h2=1");
        HttpResponse<String> granted = h2.send(h2Request(hello, "GET", null), HttpResponse.BodyHandlers.ofString());
        assertThat(granted.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);

        byte[] body = new byte[40 * 1024];
        new SplittableRandom(11).nextBytes(body);
        HttpResponse<byte[]> echoed = h2.send(h2Request(url, "POST", body), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(echoed.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.body()).isEqualTo(body);
    }

    private HttpRequest h2Request(String url, String method, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        RequestSigner.builder().apiKey(apiKey).hmacSecret(hmacSecret).build().sign(method, url, body)
                .forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/octet-stream");
        }
        return b.build();
    }

    @Test
    void declaredBodyOverTheLimitIsRefusedWith413BeforeAnyCheck() {
        Response r = given().contentType("application/octet-stream").body(new byte[65 * 1024]).post(url("/api/echo"));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("code")).isEqualTo("BODY_TOO_LARGE");
        assertThat(r.getHeader("Connection")).isEqualToIgnoringCase("close");
    }

    /** The JDK client, because it sends an InputStream body chunked, with no Content-Length to check. */
    @Test
    void chunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/echo")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[200 * 1024])))
                .header("Content-Type", "application/octet-stream").build();
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = http1.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("BODY_TOO_LARGE");
    }

    /** Vert.x reports the broken chunk from inside a read and then closes: the answer must still get out. */
    @Test
    void brokenChunkGetsTheCoresMalformedRequestInsteadOfAClosedConnection() throws Exception {
        String request = "POST /api/echo HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nX-API-Key: " + apiKey
                + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "ZZZ\r\nabc\r\n0\r\n\r\n";
        SocketExchange.Reply r = SocketExchange.sendRaw(base, request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.text()).contains("\"code\":\"MALFORMED_REQUEST\"");
        assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
    }

    /** The router refuses these before any filter runs: a plain 400, not Quarkus' error page naming the exception. */
    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"exa mple.com", "[::1", "localhost:99999", "localhost:x", "(none)"})
    void hostTheRouterCannotParseGetsAPlain400(String host) throws Exception {
        String hostLine = host.equals("(none)") ? "" : "Host: " + host + "\r\n";
        String request = "GET /api/hello HTTP/1.1\r\n" + hostLine + "X-API-Key: " + apiKey + "\r\nConnection: close\r\n\r\n";
        SocketExchange.Reply r = SocketExchange.sendRaw(base, request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEmpty();
    }

    /** An empty Host is one the router accepts: the engine judges it (here: the key's HMAC is missing). */
    @Test
    void emptyHostIsJudgedByTheEngine() throws Exception {
        String request = "GET /api/hello HTTP/1.1\r\nHost: \r\nX-API-Key: " + apiKey + "\r\nConnection: close\r\n\r\n";
        SocketExchange.Reply r = SocketExchange.sendRaw(base, request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text()).contains("\"code\":\"MISSING_HMAC\"");
    }

    /**
     * Spellings of a protected path that a router may still route to it. Sent over a raw socket,
     * because HTTP clients normalize such paths before sending them.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"//api/hello", "/api//hello", "/./api/hello", "/health/../api/hello", "/%61pi/hello",
            "/api;x=1/hello", "/api/hello;x=1", "/api%2Fhello", "/api/hello/", "/api/open/../hello",
            "/api/open/..;/hello", "/api/plain/", "http://localhost/api/hello"})
    void trickySpellingsOfAProtectedPathNeverGetThroughWithoutAKey(String target) throws Exception {
        int status = rawGetStatus(target);
        assertThat(status).as("GET %s", target).isNotEqualTo(200).isIn(400, 401, 404);
    }

    private int rawGetStatus(String target) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private RequestSpecification signed(String method, String url, byte[] body) {
        Map<String, String> headers = RequestSigner.builder().apiKey(apiKey).hmacSecret(hmacSecret).build()
                .sign(method, url, body);
        return given().urlEncodingEnabled(false).headers(headers);
    }

    private String url(String pathAndQuery) {
        return base.resolve(pathAndQuery).toString();
    }
}
