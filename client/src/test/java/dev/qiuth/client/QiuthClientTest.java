package dev.qiuth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.RequestView;
import dev.qiuth.client.testserver.ProtectedServer;
import dev.qiuth.client.testserver.TestKeys;
import dev.qiuth.client.testserver.TestKeys.Combination;
import dev.qiuth.crypto.Hex;
import dev.qiuth.crypto.Sha256;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.FreePort;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.MutableClock;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against a real server protected by the Qiuth engine. */
class QiuthClientTest {
    static MutableClock clock;
    static ProtectedServer server;
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    /** Waits by moving the shared clock, so a retry really is later, and never sleeps. */
    final Sleeper sleeper = delay -> {
        waits.add(delay);
        clock.advance(delay);
        return CompletableFuture.completedFuture(null);
    };

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
        // one second per test: no two tests sign the same request at the same millisecond
        clock.advance(Duration.ofSeconds(1));
    }

    QiuthClient client(Combination c) {
        return client(TestKeys.credentials(c));
    }

    QiuthClient client(QiuthCredentials credentials) {
        return QiuthClient.builder().baseUrl(server.baseUrl()).credentials(credentials).clock(clock)
                .sleeper(sleeper).build();
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void getWithQueryIsGrantedForEveryFactorCombination(Combination c) throws Exception {
        HttpResponse<String> r = client(c).get("/echo/items?x=1&name=a%20b&list=1,2");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"keyId\":\"" + c.name().toLowerCase().replace('_', '-') + "\"")
                .contains("\"query\":\"x=1&name=a%20b&list=1,2\"");
        assertThat(waits).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void postWithJsonBodyIsGrantedForEveryFactorCombination(Combination c) throws Exception {
        String json = "{\"item\":\"caf\u00e9\",\"price\":\"4 \u20ac\"}";

        HttpResponse<String> r = client(c).post("/echo/orders", json);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"bodySha256\":\"" + Hex.encode(Sha256.digest(json.getBytes(StandardCharsets.UTF_8))) + "\"");
        assertThat(server.last().headers().first("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void allFactorsProveEveryFactorAndSendEveryHeader() throws Exception {
        HttpResponse<String> r = client(Combination.ALL).get("/echo");

        assertThat(r.body()).contains("\"factors\":[\"API_KEY\",\"IP_ALLOWLIST\",\"TOTP\",\"CERTIFICATE\",\"HMAC\"]");
        RequestView seen = server.last();
        assertThat(seen.headers().first("X-Timestamp")).isEqualTo(Long.toString(clock.millis()));
        assertThat(seen.headers().first("X-HMAC-Signature")).matches("[0-9a-f]{64}");
        assertThat(seen.headers().first("X-Signature")).matches("[A-Za-z0-9+/]+=*");
        assertThat(seen.headers().first("X-TOTP-Token")).matches("\\d{6}");
    }

    @Test
    void putPatchAndDeleteAreSigned() throws Exception {
        QiuthClient client = client(Combination.ALL);

        assertThat(client.put("/echo/a", "{\"v\":1}").body()).contains("\"method\":\"PUT\"");
        clock.advance(Duration.ofMillis(1));
        assertThat(client.patch("/echo/a", "{\"v\":2}").body()).contains("\"method\":\"PATCH\"");
        clock.advance(Duration.ofMillis(1));
        HttpResponse<String> deleted = client.delete("/echo/a");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).contains("\"method\":\"DELETE\"", "\"bodyLength\":0");
    }

    @Test
    void asyncRequestsAreSigned() throws Exception {
        QiuthClient client = client(Combination.ALL);

        HttpResponse<String> got = client.getAsync("/echo/async?a=1").get(10, TimeUnit.SECONDS);
        clock.advance(Duration.ofMillis(1));
        HttpResponse<String> posted = client.postAsync("/echo/async", "{\"a\":1}").get(10, TimeUnit.SECONDS);
        clock.advance(Duration.ofMillis(1));
        HttpResponse<String> put = client.putAsync("/echo/async", "{}").get(10, TimeUnit.SECONDS);
        clock.advance(Duration.ofMillis(1));
        HttpResponse<String> patched = client.patchAsync("/echo/async", "{}").get(10, TimeUnit.SECONDS);
        clock.advance(Duration.ofMillis(1));
        HttpResponse<String> deleted = client.deleteAsync("/echo/async").get(10, TimeUnit.SECONDS);

        assertThat(List.of(got, posted, put, patched, deleted)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    }

    @Test
    void nonAsciiPathAndQueryAreSignedAsSent() throws Exception {
        HttpResponse<String> r = client(Combination.ALL).get("/echo/caf\u00e9?q=\u20ac&s=a+b&t=%2F");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.last().rawPath()).isEqualTo("/echo/caf%C3%A9");
        assertThat(server.last().rawQuery()).isEqualTo("q=%E2%82%AC&s=a+b&t=%2F");
    }

    @Test
    void absoluteUrlNeedsNoBaseUrl() throws Exception {
        QiuthClient client = QiuthClient.builder().credentials(TestKeys.credentials(Combination.HMAC)).clock(clock).build();

        assertThat(client.get(server.url("/echo/absolute")).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> client.get("/relative")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base URL");
    }

    @Test
    void defaultHeadersAreSentAndARequestHeaderReplacesThem() throws Exception {
        QiuthClient client = QiuthClient.builder().baseUrl(server.baseUrl() + "/").credentials(TestKeys.credentials(Combination.HMAC))
                .clock(clock).defaultHeader("Accept", "text/plain").defaultHeader("X-Trace", "t-1").build();

        client.send(QiuthRequest.builder("GET", "echo/headers").header("accept", "application/json").build());

        assertThat(server.last().headers().all("Accept")).containsExactly("application/json");
        assertThat(server.last().headers().all("X-Trace")).containsExactly("t-1");
        assertThat(server.last().rawPath()).isEqualTo("/echo/headers");
    }

    @Test
    void aCallerCannotSetTheSignersHeaders() {
        assertThatThrownBy(() -> QiuthRequest.builder("GET", "/").header("x-api-key", "other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set by the signer");
        assertThatThrownBy(() -> QiuthClient.builder().defaultHeader("X-Timestamp", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set by the signer");
    }

    // ---------------------------------------------------------------- refusals, never retried

    @Test
    void unknownKeyIs401WithChallengeAndIsNotRetried() throws Exception {
        int before = server.seen().size();

        HttpResponse<String> r = client(QiuthCredentials.builder().apiKey("sk_test_not_a_key").build()).get("/echo");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey realm=\"api\"");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"code\":\"INVALID_API_KEY\"");
        assertThat(server.seen().size() - before).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void addressOutsideTheAllowlistIs403() throws Exception {
        HttpResponse<String> r = client(QiuthCredentials.builder().apiKey(TestKeys.IP_DENIED_KEY).build()).get("/echo");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"code\":\"IP_NOT_ALLOWED\"").doesNotContain("127.0.0.1");
        assertThat(waits).isEmpty();
    }

    @Test
    void missingAndWrongFactorsGetTheirCodes() throws Exception {
        String other = new CredentialGenerator().hmacSecret();
        String otherTotp = new CredentialGenerator().totpSecret();
        String otherRsa = new CredentialGenerator().rsaKeyPair(2048).privateKeyPem();
        int before = server.seen().size();

        assertDenied(QiuthCredentials.builder().apiKey(TestKeys.apiKey(Combination.TOTP)).build(), 401, "MISSING_TOTP_TOKEN");
        assertDenied(QiuthCredentials.builder().apiKey(TestKeys.apiKey(Combination.TOTP)).totpSecret(otherTotp).build(), 401, "INVALID_TOTP_TOKEN");
        assertDenied(QiuthCredentials.builder().apiKey(TestKeys.apiKey(Combination.RSA)).build(), 401, "MISSING_SIGNATURE");
        assertDenied(QiuthCredentials.builder().apiKey(TestKeys.apiKey(Combination.RSA)).privateKeyPem(otherRsa).build(), 401, "INVALID_SIGNATURE");
        assertDenied(QiuthCredentials.builder().apiKey(TestKeys.apiKey(Combination.HMAC)).build(), 401, "MISSING_HMAC");
        assertDenied(QiuthCredentials.builder().apiKey(TestKeys.apiKey(Combination.HMAC)).hmacSecret(other).build(), 401, "INVALID_HMAC");

        assertThat(server.seen().size() - before).isEqualTo(6);
        assertThat(waits).isEmpty();
    }

    @Test
    void aClientClockFarOffGivesTimestampCodes() throws Exception {
        MutableClock late = new MutableClock(clock.instant().minus(Duration.ofMinutes(10)));
        MutableClock early = new MutableClock(clock.instant().plus(Duration.ofMinutes(2)));
        QiuthCredentials hmac = TestKeys.credentials(Combination.HMAC);

        HttpResponse<String> old = QiuthClient.builder().baseUrl(server.baseUrl()).credentials(hmac).clock(late).build().get("/echo");
        HttpResponse<String> future = QiuthClient.builder().baseUrl(server.baseUrl()).credentials(hmac).clock(early).build().get("/echo");

        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).contains("EXPIRED_TIMESTAMP");
        assertThat(future.body()).contains("FUTURE_TIMESTAMP");
    }

    @Test
    void theSameSignedRequestTwiceIsRefusedAsReplay() throws Exception {
        QiuthClient client = client(Combination.HMAC);

        assertThat(client.get("/echo/once").statusCode()).isEqualTo(200);
        HttpResponse<String> again = client.get("/echo/once");

        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("REPLAYED_REQUEST");
    }

    private void assertDenied(QiuthCredentials credentials, int status, String code) throws Exception {
        HttpResponse<String> r = client(credentials).get("/echo/denied");
        assertThat(r.statusCode()).as(code).isEqualTo(status);
        assertThat(r.body()).contains("\"code\":\"" + code + "\"");
    }

    // ---------------------------------------------------------------- retries

    @Test
    void a5xxIsRetriedWithAFreshSignatureUntil200() throws Exception {
        int before = server.seen().size();

        HttpResponse<String> r = client(Combination.ALL).get("/flaky?id=sync&fail=2");

        assertThat(r.statusCode()).isEqualTo(200);
        List<RequestView> tries = server.seen().subList(before, server.seen().size());
        assertThat(tries).hasSize(3);
        assertThat(tries).extracting(v -> v.headers().first("X-Timestamp")).doesNotHaveDuplicates();
        assertThat(tries).extracting(v -> v.headers().first("X-HMAC-Signature")).doesNotHaveDuplicates();
        assertThat(tries).extracting(v -> v.headers().first("X-Signature")).doesNotHaveDuplicates();
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void asyncRetriesToo() throws Exception {
        int before = server.seen().size();

        HttpResponse<String> r = client(Combination.HMAC).getAsync("/flaky?id=async&fail=1").get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.seen().size() - before).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void theLast5xxIsReturnedWhenRetriesRunOut() throws Exception {
        QiuthClient client = QiuthClient.builder().baseUrl(server.baseUrl()).credentials(TestKeys.credentials(Combination.HMAC))
                .clock(clock).sleeper(sleeper).retryPolicy(RetryPolicy.of(2, Duration.ofMillis(100), 3, Duration.ofMillis(250))).build();
        int before = server.seen().size();

        HttpResponse<String> r = client.get("/status/500");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(server.seen().size() - before).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(250));
    }

    @Test
    void a4xxFromTheApplicationIsNotRetried() throws Exception {
        int before = server.seen().size();

        HttpResponse<String> r = client(Combination.HMAC).get("/status/409");

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(server.seen().size() - before).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void connectionRefusedIsRetriedThenThrown() throws Exception {
        String closed = "http://127.0.0.1:" + FreePort.onLoopback();
        QiuthClient client = QiuthClient.builder().baseUrl(closed).credentials(TestKeys.credentials(Combination.ALL))
                .clock(clock).sleeper(sleeper).retryPolicy(RetryPolicy.retries(2)).build();

        assertThatThrownBy(() -> client.get("/echo")).isInstanceOf(ConnectException.class);
        assertThat(waits).hasSize(2);

        waits.clear();
        assertThatThrownBy(() -> client.getAsync("/echo").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ConnectException.class);
        assertThat(waits).hasSize(2);
    }

    @Test
    void noRetryPolicyTriesOnce() throws Exception {
        QiuthClient client = QiuthClient.builder().baseUrl(server.baseUrl()).credentials(TestKeys.credentials(Combination.HMAC))
                .clock(clock).sleeper(sleeper).retryPolicy(RetryPolicy.none()).build();

        assertThat(client.get("/flaky?id=once&fail=1").statusCode()).isEqualTo(503);
        assertThat(waits).isEmpty();
    }

    // ---------------------------------------------------------------- other libraries, logs

    @Test
    void theSignerServesAnotherHttpLibrary() throws Exception {
        RequestSigner signer = client(Combination.ALL).signer();
        String url = WireUrl.of(server.url("/echo/urlconnection?a=1"));
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(url).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        signer.sign("POST", url, body).forEach(c::setRequestProperty);
        c.getOutputStream().write(body);

        assertThat(c.getResponseCode()).isEqualTo(200);
        c.disconnect();
    }

    @Test
    void logsHoldNoSecretNorSignature() throws Exception {
        List<String> presented = new CopyOnWriteArrayList<>();
        int before = server.seen().size();
        try (LogCapture logs = LogCapture.start()) {
            for (Combination c : Combination.values()) {
                client(c).post("/echo/logged?token=secret-in-query", "{\"x\":1}");
            }
            client(Combination.ALL).get("/flaky?id=logged&fail=1");
            client(QiuthCredentials.builder().apiKey(TestKeys.apiKey(Combination.HMAC)).hmacSecret(new CredentialGenerator().hmacSecret()).build()).get("/echo");
            client(QiuthCredentials.builder().apiKey("sk_test_unknown_key_for_logs").build()).get("/echo");
            for (RequestView v : server.seen().subList(before, server.seen().size())) {
                for (String h : List.of("X-Signature", "X-HMAC-Signature", "X-TOTP-Token")) {
                    if (v.headers().first(h) != null) {
                        presented.add(v.headers().first(h));
                    }
                }
            }

            assertThat(logs.text()).contains("decision=granted").contains("retry 1 of 3");
            assertThat(logs.text()).doesNotContain("secret-in-query").doesNotContain("sk_test_unknown_key_for_logs");
            for (String secret : TestKeys.secrets()) {
                assertThat(logs.text()).doesNotContain(secret);
            }
            for (String value : presented) {
                // a 6-digit code could be part of some number by chance: whole words only
                assertThat(logs.text()).doesNotContainPattern("\\b" + java.util.regex.Pattern.quote(value) + "\\b");
            }
        }
    }

    @Test
    void toStringsNameNoSecret() {
        QiuthClient client = client(Combination.ALL);

        assertThat(client.toString() + TestKeys.credentials(Combination.ALL) + client.signer())
                .doesNotContain(TestKeys.apiKey(Combination.ALL)).doesNotContain(TestKeys.HMAC_SECRET)
                .doesNotContain(TestKeys.TOTP_SECRET).contains("redacted");
    }
}
