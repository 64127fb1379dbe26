package dev.qiuth.examples;

import static dev.qiuth.examples.DemoRequests.request;
import static dev.qiuth.examples.DemoRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.signature.RequestSigner;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The demo with {@code QIUTH_*} variables, started in process and called over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentModeTest {
    private static final CredentialGenerator GEN = new CredentialGenerator();
    private final String apiKey = GEN.apiKey("env_");
    private final String totpSecret = GEN.totpSecret();
    private final String hmacSecret = GEN.hmacSecret();
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private DemoServer demo;

    @BeforeAll
    void start() throws Exception {
        demo = DemoApp.start(Map.of("PORT", "0", "HOST", "127.0.0.1", "QIUTH_API_KEY", apiKey,
                "QIUTH_TOTP_SECRET", totpSecret, "QIUTH_HMAC_SECRET", hmacSecret), new PrintStream(console, true), clock);
    }

    @AfterAll
    void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void healthIsOpen() {
        Response r = request().get(demo.baseUrl() + "/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void signedHelloNamesTheKeyAndItsFactors() {
        String url = demo.baseUrl() + "/api/hello?t=1";
        Response r = send(signer().sign("GET", url, (byte[]) null), "GET", url, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.jsonPath().getString("keyId")).isEqualTo(ApiKeyHash.of(apiKey).shortId());
        assertThat(r.jsonPath().getList("factors")).containsExactly("API_KEY", "TOTP", "HMAC");
    }

    @Test
    void signedEchoReturnsTheBodyItReceived() {
        byte[] body = "{\"hello\":\"wörld\"}".getBytes(StandardCharsets.UTF_8);
        String url = demo.baseUrl() + "/api/echo";
        Response r = send(signer().sign("POST", url, body), "POST", url, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(body);
    }

    @Test
    void missingKeyAndBadSignatureAreRefused() {
        Response missing = request().get(demo.baseUrl() + "/api/hello");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.jsonPath().getString("code")).isEqualTo("MISSING_API_KEY");

        String url = demo.baseUrl() + "/api/hello?t=2";
        Map<String, String> bad = new HashMap<>(signer().sign("GET", url, (byte[]) null));
        bad.put(QiuthHeaders.HMAC_SIGNATURE, "0".repeat(64));
        Response refused = send(bad, "GET", url, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("INVALID_HMAC");
        assertThat(refused.asString()).doesNotContain(apiKey);
    }

    @Test
    void everyPathButHealthNeedsTheKey() {
        assertThat(request().get(demo.baseUrl() + "/").statusCode()).isEqualTo(401);
        assertThat(request().post(demo.baseUrl() + "/health").statusCode()).isEqualTo(401);
        String url = demo.baseUrl() + "/api/nothing-here";
        assertThat(send(signer().sign("GET", url, (byte[]) null), "GET", url, null).statusCode()).isEqualTo(404);
    }

    @Test
    void nothingWasPrintedToTheConsole() {
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private RequestSigner signer() {
        return RequestSigner.builder().apiKey(apiKey).totpSecret(totpSecret).hmacSecret(hmacSecret).clock(clock).build();
    }
}
