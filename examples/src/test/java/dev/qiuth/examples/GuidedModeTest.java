package dev.qiuth.examples;

import static dev.qiuth.examples.DemoRequests.request;
import static dev.qiuth.examples.DemoRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.signature.RequestSigner;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The guided demo (no {@code QIUTH_*} variable), driven with the commands it prints. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuidedModeTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private DemoServer demo;
    private GuidedOutput out;

    @BeforeAll
    void start() throws Exception {
        demo = DemoApp.start(Map.of("PORT", "0", "HOST", "127.0.0.1"), new PrintStream(console, true, StandardCharsets.UTF_8),
                clock);
        out = new GuidedOutput(console.toString(StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() {
        if (demo == null) {
            return; // start failed, and said why
        }
        Path key = out.privateKeyPath();
        demo.close();
        assertThat(key).as("the private key is deleted when the demo stops").doesNotExist();
        assertThat(key.getParent()).doesNotExist();
    }

    @Test
    void basicLevelOpensWithThePrintedCurlKeyAndNothingStronger() {
        String basic = out.curlKey(0);
        Response r = request().header("X-API-Key", basic).get(demo.baseUrl() + "/api/basic");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("level")).isEqualTo("basic");
        assertThat(r.jsonPath().getList("principal.factors")).containsExactly("API_KEY");
        for (String stronger : List.of("/api/with-ip", "/api/with-totp", "/api/full")) {
            Response refused = request().header("X-API-Key", basic).get(demo.baseUrl() + stronger);
            assertThat(refused.statusCode()).as(stronger).isEqualTo(401);
            assertThat(refused.jsonPath().getString("code")).isEqualTo("INVALID_API_KEY");
        }
    }

    @Test
    void ipLevelOpensFromLoopback() {
        Response r = request().header("X-API-Key", out.curlKey(1)).get(demo.baseUrl() + "/api/with-ip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("principal.factors")).containsExactly("API_KEY", "IP_ALLOWLIST");
    }

    @Test
    void totpLevelNeedsThePrintedCode() {
        String key = out.curlKey(2);
        Response without = request().header("X-API-Key", key).get(demo.baseUrl() + "/api/with-totp");
        assertThat(without.jsonPath().getString("code")).isEqualTo("MISSING_TOTP_TOKEN");
        Response r = request().header("X-API-Key", key).header("X-TOTP-Token", out.totpCode())
                .get(demo.baseUrl() + "/api/with-totp");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("principal.factors")).containsExactly("API_KEY", "TOTP");
    }

    @Test
    void fullLevelOpensWithThePrintedEnvironmentAndKeyFile() throws Exception {
        RequestSigner signer = RequestSigner.builder().apiKey(out.export("QIUTH_API_KEY"))
                .totpSecret(out.export("QIUTH_TOTP_SECRET")).hmacSecret(out.export("QIUTH_HMAC_SECRET"))
                .privateKeyPem(out.privateKeyPem()).clock(clock).build();
        String url = demo.baseUrl() + "/api/full";
        Response r = send(signer.sign("GET", url, (byte[]) null), "GET", url, null);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getList("principal.factors"))
                .containsExactly("API_KEY", "IP_ALLOWLIST", "TOTP", "CERTIFICATE", "HMAC");
        assertThat(out.text()).contains(GuidedInstructions.CLI + " request GET " + url);
    }

    @Test
    void thePrivateKeyIsAnOwnerOnlyFileNotConsoleText() throws Exception {
        Path key = out.privateKeyPath();
        assertThat(out.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent()))).isEqualTo("rwx------");
        assertThat(out.text()).doesNotContain("PRIVATE KEY-----").doesNotContain(out.privateKeyPem().split("\n")[1]);
    }

    @Test
    void healthIsOpen() {
        request().get(demo.baseUrl() + "/health").then().statusCode(200);
    }

    @Test
    void noGeneratedSecretReachesALogLine() throws Exception {
        request().header("X-API-Key", out.curlKey(0)).get(demo.baseUrl() + "/api/basic").then().statusCode(200);
        String log = Files.readString(Path.of(System.getProperty("demo.log.file")), StandardCharsets.UTF_8);
        assertThat(log).contains("guided mode").contains("decision=granted");
        for (String secret : List.of(out.curlKey(0), out.curlKey(1), out.curlKey(2), out.export("QIUTH_API_KEY"),
                out.export("QIUTH_TOTP_SECRET"), out.export("QIUTH_HMAC_SECRET"), out.privateKeyPem().split("\n")[1])) {
            assertThat(log).doesNotContain(secret);
        }
    }
}
