package dev.qiuth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.RequestView;
import dev.qiuth.client.Sleeper;
import dev.qiuth.client.testserver.ProtectedServer;
import dev.qiuth.client.testserver.TestKeys;
import dev.qiuth.client.testserver.TestKeys.Combination;
import dev.qiuth.testing.FreePort;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code qiuth sign} (through a real curl) and {@code qiuth request} against a real protected server. */
class SignAndRequestTest {
    static MutableClock clock;
    static ProtectedServer server;
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final Sleeper sleeper = d -> {
        waits.add(d);
        clock.advance(d);
        return CompletableFuture.completedFuture(null);
    };

    @TempDir
    Path dir;

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

    Cli.Run qiuth(Map<String, String> env, String... args) {
        return Cli.run(env, clock, "", sleeper, args);
    }

    // ---------------------------------------------------------------- sign + curl

    @ParameterizedTest
    @EnumSource(Combination.class)
    void signedHeadersPastedIntoCurlAreAccepted(Combination c) throws Exception {
        String url = server.url("/echo/curl?x=1&y=a%20b");
        Cli.Run signed = qiuth(TestKeys.env(c), "sign", "--url", url);
        assertThat(signed.code()).isZero();

        List<String> command = new ArrayList<>(List.of("/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"));
        for (String line : signed.out().lines().takeWhile(l -> !l.isEmpty()).toList()) {
            assertThat(line).startsWith("-H '").endsWith("'");
            command.add("-H");
            command.add(line.substring(4, line.length() - 1));
        }
        command.add(url);

        assertThat(exec(command)).isEqualTo("200");
        assertThat(server.last().rawQuery()).isEqualTo("x=1&y=a%20b");
    }

    @Test
    void theReadyCurlCommandSendsTheSignedBody() throws Exception {
        Path body = Files.write(dir.resolve("order.json"), "{\"sku\":\"A-1\",\"note\":\"it's \\\"quoted\\\"\"}\n".getBytes(StandardCharsets.UTF_8));
        Cli.Run signed = qiuth(TestKeys.env(Combination.ALL), "sign", "--method", "post", "--url", server.url("/echo/orders"),
                "--data", "@" + body, "-H", "Content-Type: application/json");
        assertThat(signed.code()).as(signed.err()).isZero();
        String curl = signed.out().substring(signed.out().indexOf("\n\ncurl ") + 2);

        String status = exec(List.of("/bin/sh", "-c", curl.strip() + " -s -o /dev/null -w '%{http_code}'"));

        assertThat(status).isEqualTo("200");
        assertThat(server.last().body()).isEqualTo(Files.readAllBytes(body));
        assertThat(server.last().headers().first("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aTextBodyWithQuotesSurvivesTheShell() throws Exception {
        String json = "{\"a\":\"it's\",\"b\":\"$HOME `x`\"}";
        Cli.Run signed = qiuth(TestKeys.env(Combination.HMAC), "sign", "-X", "PUT", "--url", server.url("/echo/text"), "--data", json);
        String curl = signed.out().substring(signed.out().indexOf("\n\ncurl ") + 2);

        assertThat(exec(List.of("/bin/sh", "-c", curl.strip() + " -s -o /dev/null -w '%{http_code}'"))).isEqualTo("200");
        assertThat(new String(server.last().body(), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void jsonFormatIsForScripts() {
        Cli.Run r = qiuth(TestKeys.env(Combination.HMAC), "sign", "--url", "http://api.example.com:80/x?", "--format", "json");

        assertThat(r.out()).startsWith("{\n  \"method\": \"GET\",\n  \"url\": \"http://api.example.com/x\",\n  \"headers\": {\n    \"X-API-Key\": ")
                .contains("\"X-Timestamp\": \"" + clock.millis() + "\"", "\"X-HMAC-Signature\": ", "\"curl\": \"curl -X GET ");
    }

    @Test
    void credentialProblemsAreClearUsageErrors() throws Exception {
        Path badPem = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIsecretish\n-----END RSA PRIVATE KEY-----\n");
        String url = server.url("/echo");

        Cli.Run noKey = qiuth(Map.of(), "sign", "--url", url);
        Cli.Run pem = qiuth(Map.of(), "sign", "--url", url, "--api-key", "k", "--private-key", badPem.toString());
        Cli.Run base32 = qiuth(Map.of("QIUTH_API_KEY", "k", "QIUTH_TOTP_SECRET", "not base32 secret 1"), "request", "GET", url);
        Cli.Run hmac = qiuth(Map.of(), "request", "GET", url, "--api-key", "k", "--hmac-secret", "too-short-secret");

        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.err()).isEqualTo("qiuth: API key is missing: pass --api-key, set QIUTH_API_KEY, or use --env-file\n");
        assertThat(pem.code()).isEqualTo(2);
        assertThat(pem.err()).contains("bad.pem", "PKCS#1", "openssl").doesNotContain("secretish");
        assertThat(base32.code()).isEqualTo(2);
        assertThat(base32.err()).startsWith("qiuth: QIUTH_TOTP_SECRET: TOTP secret is not valid base32").doesNotContain("not base32 secret 1");
        assertThat(hmac.code()).isEqualTo(2);
        assertThat(hmac.err()).contains("HMAC secret must be at least 32 characters").doesNotContain("too-short-secret");
        for (Cli.Run r : List.of(noKey, pem, base32, hmac)) {
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    // ---------------------------------------------------------------- request

    @ParameterizedTest
    @EnumSource(Combination.class)
    void requestIsGrantedForEveryFactorCombination(Combination c) {
        Cli.Run r = qiuth(TestKeys.env(c), "request", "GET", server.url("/echo/cli?q=1"));

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("HTTP/1.1 200\n").contains("\"keyId\":\"" + c.name().toLowerCase().replace('_', '-') + "\"");
    }

    @Test
    void requestPostsDataWithHeadersFromAnEnvFile() throws Exception {
        Path env = dir.resolve("qiuth.env");
        Files.writeString(env, "QIUTH_API_KEY=" + TestKeys.apiKey(Combination.ALL) + "\nQIUTH_TOTP_SECRET=" + TestKeys.TOTP_SECRET
                + "\nQIUTH_HMAC_SECRET=" + TestKeys.HMAC_SECRET + "\nQIUTH_PRIVATE_KEY=\"" + TestKeys.PRIVATE_KEY_PEM.replace("\n", "\\n") + "\"\n");

        Cli.Run r = qiuth(Map.of(), "request", "POST", server.url("/echo/orders"), "--env-file", env.toString(),
                "-H", "Content-Type: application/json", "--data", "{\"caf\u00e9\":1}", "-i");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("content-type: application/json").contains("\"factors\":[\"API_KEY\",\"IP_ALLOWLIST\",\"TOTP\",\"CERTIFICATE\",\"HMAC\"]");
        assertThat(new String(server.last().body(), StandardCharsets.UTF_8)).isEqualTo("{\"caf\u00e9\":1}");
    }

    @Test
    void flagsWinOverVariables() {
        Map<String, String> env = Map.of("QIUTH_API_KEY", "sk_test_wrong");

        Cli.Run r = qiuth(env, "request", "GET", server.url("/echo"), "--api-key", TestKeys.apiKey(Combination.HMAC),
                "--hmac-secret", TestKeys.HMAC_SECRET);

        assertThat(r.code()).isZero();
    }

    @Test
    void aRefusalExits1AndShowsTheProblem() {
        Cli.Run unknown = qiuth(Map.of("QIUTH_API_KEY", "sk_test_unknown"), "request", "GET", server.url("/echo"));
        Cli.Run ip = qiuth(Map.of("QIUTH_API_KEY", TestKeys.IP_DENIED_KEY), "request", "GET", server.url("/echo"));
        Cli.Run missingTotp = qiuth(Map.of("QIUTH_API_KEY", TestKeys.apiKey(Combination.TOTP)), "request", "GET", server.url("/echo"));

        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.out()).startsWith("HTTP/1.1 401\n").contains("\"code\":\"INVALID_API_KEY\"");
        assertThat(ip.out()).startsWith("HTTP/1.1 403\n").contains("IP_NOT_ALLOWED");
        assertThat(missingTotp.out()).contains("MISSING_TOTP_TOKEN");
        assertThat(waits).isEmpty();
    }

    @Test
    void retriesSignEachTryAfresh() {
        int before = server.seen().size();

        Cli.Run r = qiuth(TestKeys.env(Combination.ALL), "request", "GET", server.url("/flaky?id=cli&fail=2"), "--retries", "3");

        assertThat(r.code()).isZero();
        List<RequestView> tries = server.seen().subList(before, server.seen().size());
        assertThat(tries).hasSize(3);
        assertThat(tries).extracting(v -> v.headers().first("X-Timestamp")).doesNotHaveDuplicates();
        assertThat(tries).extracting(v -> v.headers().first("X-Signature")).doesNotHaveDuplicates();
        assertThat(waits).hasSize(2);
    }

    @Test
    void a4xxIsNeverRetried() {
        int before = server.seen().size();

        Cli.Run r = qiuth(TestKeys.env(Combination.HMAC), "request", "DELETE", server.url("/status/404"), "--retries", "3");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("HTTP/1.1 404\n");
        assertThat(server.seen().size() - before).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void retriesThatRunOutReturnTheLast5xx() {
        Cli.Run r = qiuth(TestKeys.env(Combination.HMAC), "request", "GET", server.url("/flaky?id=cli-out&fail=9"), "--retries", "1");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("HTTP/1.1 503\n");
        assertThat(waits).hasSize(1);
    }

    @Test
    void connectionRefusedExits3AfterItsRetries() throws Exception {
        int port = FreePort.onLoopback();

        Cli.Run r = qiuth(TestKeys.env(Combination.HMAC), "request", "GET", "http://127.0.0.1:" + port + "/echo", "--retries", "2");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).startsWith("qiuth: cannot connect: ConnectException").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(waits).hasSize(2);
    }

    @Test
    void usageErrorsExit2() {
        assertThat(qiuth(TestKeys.env(Combination.HMAC), "request", "GET").code()).isEqualTo(2);
        assertThat(qiuth(TestKeys.env(Combination.HMAC), "request", "GET", "not a url").code()).isEqualTo(2);
        assertThat(qiuth(TestKeys.env(Combination.HMAC), "request", "GET", server.url("/"), "-H", "NoColon").err())
                .contains("-H takes 'Name: value'");
        assertThat(qiuth(TestKeys.env(Combination.HMAC), "request", "GET", server.url("/"), "-H", "X-API-Key: x").err())
                .contains("set by the signer");
        assertThat(qiuth(TestKeys.env(Combination.HMAC), "request", "G E T", server.url("/")).code()).isEqualTo(2);
        assertThat(qiuth(TestKeys.env(Combination.HMAC), "request", "POST", server.url("/"), "--data", "@/no/such/file").err())
                .contains("cannot read the body file");
        assertThat(qiuth(Map.of(), "frobnicate").code()).isEqualTo(2);
    }

    @Test
    void noSecretReachesALogOrAnErrorMessage() {
        try (LogCapture logs = LogCapture.start()) {
            List<Cli.Run> runs = new ArrayList<>();
            for (Combination c : Combination.values()) {
                runs.add(qiuth(TestKeys.env(c), "request", "POST", server.url("/echo/logs?token=query-secret"), "--data", "{}"));
                clock.advance(Duration.ofMillis(1));
            }
            runs.add(qiuth(Map.of("QIUTH_API_KEY", TestKeys.apiKey(Combination.HMAC), "QIUTH_HMAC_SECRET", "x".repeat(40)),
                    "request", "GET", server.url("/echo")));

            assertThat(logs.text()).contains("decision=granted").doesNotContain("query-secret");
            for (String secret : TestKeys.secrets()) {
                assertThat(logs.text()).doesNotContain(secret);
                runs.forEach(r -> assertThat(r.all()).doesNotContain(secret));
            }
        }
    }

    static String exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("curl finished").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
