package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.fixture.Call;
import dev.qiuth.fixture.TestSecrets;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.LogEvent;
import dev.qiuth.testing.MutableClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs after every other test class (see {@code junit-platform.properties}) and reads every log
 * event the run produced: none may contain a secret the tests used (API keys, TOTP and HMAC
 * secrets, private keys, signatures) or an API key's full hash.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogHygieneTest {
    private static final int PREFIX = TestSecrets.MIN_LENGTH;

    /** Proves the capture is wired: this class's own decisions must be found in it. */
    @Test
    @Order(1)
    void theCaptureSeesTheAuditLogsDecisions() {
        MutableClock clock = MutableClock.standard();
        String key = TestSecrets.register("sk_test_hygiene_Zr4Mv8Qa1Lx6");
        Qiuth qiuth = Qiuth.builder().clock(clock).apiKeyInQuery(true)
                .keys(KeyPolicy.builder().id("hygiene").apiKey(key).hmac(TestPolicies.HMAC_SECRET).build()).build();
        Call ok = Call.post("http://api.example.com/h").body("{}")
                .signedBy(TestPolicies.signer(key, clock).hmacSecret(TestPolicies.HMAC_SECRET).build());
        TestSecrets.register(ok.headerValue("X-HMAC-Signature"));
        Decision granted = qiuth.authenticate(ok.view());
        Decision denied = qiuth.authenticate(Call.get("http://api.example.com/h?api_key=" + key).view());
        assertThat(granted.granted()).isTrue();
        assertThat(denied.granted()).isFalse();

        assertThat(auditLines(granted.correlationId())).singleElement().satisfies(m -> assertThat(m)
                .startsWith("decision=granted").contains("key=hygiene"));
        assertThat(auditLines(denied.correlationId())).singleElement().satisfies(m -> assertThat(m)
                .startsWith("decision=denied").contains("code=MISSING_HMAC", "key=hygiene"));
    }

    @Test
    @Order(1)
    void bodyTooLargeNamesTheClientInTheAuditLine() {
        Qiuth qiuth = Qiuth.builder().keys(KeyPolicy.builder().apiKey("sk_test_unused_413_line_000").build()).build();
        Decision.Denied denied = (Decision.Denied) qiuth.authenticate(RequestView.builder().method("POST")
                .rawPath("/upload").remoteAddress("198.51.100.9").body(new byte[Qiuth.DEFAULT_MAX_BODY_BYTES + 1]).build());
        assertThat(auditLines(denied.correlationId())).singleElement().satisfies(m -> assertThat(m)
                .contains("code=BODY_TOO_LARGE", "client=198.51.100.9"));
    }

    private static List<String> auditLines(String correlationId) {
        return LogCapture.ofRun().events().stream().filter(e -> e.logger().equals(AuditLog.LOGGER))
                .map(LogEvent::message).filter(m -> m.contains("correlationId=" + correlationId)).toList();
    }

    @Test
    @Order(2)
    void theRunLoggedManyDecisions() {
        List<LogEvent> events = LogCapture.ofRun().events();
        long grants = events.stream().filter(e -> e.message().startsWith("decision=granted")).count();
        long denials = events.stream().filter(e -> e.message().startsWith("decision=denied")).count();
        assertThat(grants).as("granted decisions logged").isPositive();
        assertThat(denials).as("denied decisions logged").isPositive();
        assertThat(LogCapture.ofRun().dropped()).as("events past the capture's capacity").isZero();
    }

    @Test
    @Order(3)
    void theScanFindsASecretAnywhereInALine() {
        String secret = "planted-secret-0123456789";
        List<LogEvent> events = List.of(
                new LogEvent("x", "INFO", "clean", "clean line"),
                new LogEvent("x", "WARN", "m", "prefix " + secret + " suffix"),
                new LogEvent("x", "INFO", "m", "almost planted-secret-012345678 but not quite"),
                new LogEvent("x", "ERROR", "m", secret));
        assertThat(leaks(events, List.of(secret))).hasSize(2);
    }

    @Test
    @Order(4)
    void noLogEventContainsASecretOrAFullKeyHash() {
        List<String> secrets = TestSecrets.all();
        assertThat(secrets).as("secrets registered by the tests").hasSizeGreaterThan(20);
        List<String> forbidden = new ArrayList<>(secrets);
        for (String secret : secrets) {
            forbidden.add(ApiKeyHash.of(secret).hex());
        }
        assertThat(leaks(LogCapture.ofRun().events(), forbidden)).as("log events that contain a secret").isEmpty();
    }

    /** The events whose text contains one of the forbidden strings (each at least {@code PREFIX} long). */
    private static List<String> leaks(List<LogEvent> events, List<String> forbidden) {
        // look each position's PREFIX characters up, instead of searching every line for every secret
        Map<String, List<String>> byPrefix = new HashMap<>();
        for (String f : forbidden) {
            byPrefix.computeIfAbsent(f.substring(0, PREFIX), p -> new ArrayList<>()).add(f);
        }
        List<String> leaks = new ArrayList<>();
        for (LogEvent e : events) {
            String text = e.text();
            scan:
            for (int i = 0; i + PREFIX <= text.length(); i++) {
                List<String> candidates = byPrefix.get(text.substring(i, i + PREFIX));
                if (candidates != null) {
                    for (String f : candidates) {
                        if (text.startsWith(f, i)) {
                            leaks.add(e.logger() + " " + e.level() + ": " + text);
                            break scan;
                        }
                    }
                }
            }
        }
        return leaks;
    }
}
