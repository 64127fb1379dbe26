package dev.qiuth.restassured;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import dev.qiuth.RequestView;
import dev.qiuth.client.QiuthCredentials;
import dev.qiuth.client.testserver.ProtectedServer;
import dev.qiuth.client.testserver.TestKeys;
import dev.qiuth.client.testserver.TestKeys.Combination;
import dev.qiuth.signature.CanonicalRequest;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.MutableClock;
import io.restassured.config.LogConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.log.RequestLoggingFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The filter against a real server protected by the Qiuth engine. */
class QiuthSigningFilterTest {
    static MutableClock clock;
    static ProtectedServer server;

    @BeforeAll
    static void start() {
        clock = MutableClock.startingNow();
        server = ProtectedServer.start(TestKeys.qiuth(clock));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void nextSecond() {
        clock.advance(Duration.ofSeconds(1));
    }

    static RequestSpecification as(Combination c) {
        return given().baseUri(server.baseUrl()).filter(QiuthSigningFilter.of(TestKeys.credentials(c), clock));
    }

    /** The record of the body the server received: its SHA-256, as the echo reports it. */
    static String sha(byte[] bytes) {
        return CanonicalRequest.bodyHash(bytes);
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void getWithQueryParametersIsGranted(Combination c) {
        as(c).queryParam("status", "open now").queryParam("tag", "caf\u00e9 \u20ac+/?&=")
                .when().get("/echo/orders")
                .then().statusCode(200).body(containsString("\"keyId\":\"" + c.name().toLowerCase().replace('_', '-') + "\""));

        assertThat(server.last().rawQuery()).isEqualTo("status=open%20now&tag=caf%C3%A9%20%E2%82%AC%2B%2F%3F%26%3D");
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void postWithJsonBodyIsGranted(Combination c) {
        String json = "{\"item\":\"caf\u00e9\",\"price\":\"4 \u20ac\"}";

        as(c).contentType(ContentType.JSON).body(json)
                .when().post("/echo/orders")
                .then().statusCode(200)
                .body(containsString("\"bodySha256\":\"" + sha(json.getBytes(StandardCharsets.UTF_8)) + "\""));
    }

    @Test
    void allFactorsAreProved() {
        as(Combination.ALL).get("/echo").then().statusCode(200)
                .body(containsString("\"factors\":[\"API_KEY\",\"IP_ALLOWLIST\",\"TOTP\",\"CERTIFICATE\",\"HMAC\"]"));
    }

    @Test
    void aSerializedObjectIsSignedAsItsJsonBytes() {
        Response r = as(Combination.ALL).contentType(ContentType.JSON).body(Map.of("item", "caf\u00e9"))
                .when().post("/echo/map");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(server.last().body(), StandardCharsets.UTF_8)).isEqualTo("{\"item\":\"caf\u00e9\"}");
    }

    @Test
    void textIsSentAndSignedInTheCharsetOfItsContentType() {
        as(Combination.HMAC).contentType("text/plain; charset=UTF-16").body("caf\u00e9").post("/echo/utf16").then().statusCode(200);
        assertThat(server.last().body()).isEqualTo("caf\u00e9".getBytes(StandardCharsets.UTF_16));

        clock.advance(Duration.ofMillis(1));
        // no charset given: REST Assured's default for text, ISO-8859-1
        as(Combination.HMAC).body("caf\u00e9").post("/echo/latin1").then().statusCode(200);
        assertThat(server.last().body()).isEqualTo("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void bytesFilesAndStreamsAreSignedAsTheyAre(@TempDir Path dir) throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff, '\n', 'x'};
        Path file = Files.write(dir.resolve("body.bin"), bytes);

        as(Combination.HMAC).contentType(ContentType.BINARY).body(bytes).put("/echo/bytes").then().statusCode(200);
        assertThat(server.last().body()).isEqualTo(bytes);
        clock.advance(Duration.ofMillis(1));
        as(Combination.HMAC).contentType(ContentType.BINARY).body(file.toFile()).put("/echo/file").then().statusCode(200);
        assertThat(server.last().body()).isEqualTo(bytes);
        clock.advance(Duration.ofMillis(1));
        as(Combination.HMAC).contentType(ContentType.BINARY).body(new ByteArrayInputStream(bytes)).patch("/echo/stream").then().statusCode(200);
        assertThat(server.last().body()).isEqualTo(bytes);
    }

    @Test
    void formParametersAreEncodedIntoTheSignedBody() {
        as(Combination.ALL).formParam("name", "a b&c").formParam("city", "Z\u00fcrich").post("/echo/form").then().statusCode(200);

        assertThat(new String(server.last().body(), StandardCharsets.ISO_8859_1)).isEqualTo("name=a+b%26c&city=Z%FCrich");
        assertThat(server.last().headers().first("Content-Type")).startsWith("application/x-www-form-urlencoded");
    }

    @Test
    void pathParametersAndPreEncodedUrlsAreSignedAsSent() {
        as(Combination.HMAC).pathParam("id", "a b \u00e9").get("/echo/items/{id}").then().statusCode(200);
        assertThat(server.last().rawPath()).isEqualTo("/echo/items/a%20b%20%C3%A9");

        clock.advance(Duration.ofMillis(1));
        as(Combination.HMAC).urlEncodingEnabled(false).get("/echo/raw?q=a%20b&r=%41").then().statusCode(200);
        assertThat(server.last().rawQuery()).isEqualTo("q=a%20b&r=%41");
    }

    @Test
    void basePathAndPortAreSigned() {
        given().baseUri("http://127.0.0.1").port(server.port()).basePath("/echo")
                .filter(QiuthSigningFilter.of(TestKeys.credentials(Combination.ALL), clock))
                .get("/based").then().statusCode(200);

        assertThat(server.last().rawPath()).isEqualTo("/echo/based");
    }

    @Test
    void deleteIsSigned() {
        as(Combination.RSA).delete("/echo/1").then().statusCode(200).body(containsString("\"method\":\"DELETE\""));
    }

    @Test
    void headersSetByHandAreReplacedNotDoubled() {
        as(Combination.KEY_ONLY).header("X-API-Key", "sk_test_stale").get("/echo").then().statusCode(200);

        assertThat(server.last().headers().all("X-API-Key")).containsExactly(TestKeys.apiKey(Combination.KEY_ONLY));
    }

    @Test
    void withoutTheFactorTheServerRefuses() {
        QiuthCredentials keyOnly = QiuthCredentials.builder().apiKey(TestKeys.apiKey(Combination.HMAC)).build();

        given().baseUri(server.baseUrl()).filter(QiuthSigningFilter.of(keyOnly, clock)).get("/echo")
                .then().statusCode(401).body(containsString("MISSING_HMAC"));
        given().baseUri(server.baseUrl()).get("/echo").then().statusCode(401).body(containsString("MISSING_API_KEY"));
    }

    @Test
    void multipartIsRefusedClearly() {
        assertThatThrownBy(() -> as(Combination.HMAC).multiPart("file", "a.txt", "x".getBytes(StandardCharsets.UTF_8)).post("/echo"))
                .hasMessageContaining("multipart");
    }

    @Test
    void aLoggingFilterNeverSeesTheSignedHeaders() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);

        as(Combination.ALL).config(RestAssuredConfig.config().logConfig(LogConfig.logConfig().defaultStream(stream)))
                .filter(new RequestLoggingFilter(stream)).body("{}").contentType(ContentType.JSON)
                .post("/echo/logged").then().statusCode(200);

        String log = printed.toString(StandardCharsets.UTF_8);
        RequestView seen = server.last();
        assertThat(log).contains("/echo/logged").doesNotContain(TestKeys.apiKey(Combination.ALL))
                .doesNotContain(seen.headers().first("X-HMAC-Signature")).doesNotContain(seen.headers().first("X-Signature"));
    }

    @Test
    void serverLogsHoldNoSecret() {
        try (LogCapture logs = LogCapture.start()) {
            for (Combination c : Combination.values()) {
                as(c).queryParam("token", "query-secret-value").get("/echo/logs").then().statusCode(200);
                clock.advance(Duration.ofMillis(1));
            }

            assertThat(logs.text()).contains("decision=granted").doesNotContain("query-secret-value");
            TestKeys.secrets().forEach(s -> assertThat(logs.text()).doesNotContain(s));
        }
    }

    @Test
    void toStringNamesNoSecret() {
        assertThat(QiuthSigningFilter.of(TestKeys.credentials(Combination.ALL)).toString())
                .contains("redacted").doesNotContain(TestKeys.apiKey(Combination.ALL));
    }
}
