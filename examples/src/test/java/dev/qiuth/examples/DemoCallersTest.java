package dev.qiuth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Factor;
import dev.qiuth.cli.QiuthCli;
import dev.qiuth.client.QiuthClient;
import dev.qiuth.client.QiuthCredentials;
import dev.qiuth.client.QiuthRequest;
import dev.qiuth.client.RetryPolicy;
import dev.qiuth.generate.CredentialGenerator;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
import org.slf4j.LoggerFactory;

/**
 * The demo in environment mode, started in process once per factor combination a key can have
 * (the 16 subsets of IP allowlist, TOTP, RSA certificate and HMAC, always with the API key), and
 * called by the real callers: {@code QiuthClient}, {@code qiuth request} and curl with the
 * headers of {@code qiuth sign}. Both sides use the system clock; every request URL carries its
 * own {@code n=} query parameter, so that two requests signed in the same millisecond are not
 * replays of each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCallersTest {
    private static final CredentialGenerator GEN = new CredentialGenerator();
    private static final String LOOPBACK = "127.0.0.1, ::1";
    private static final String ELSEWHERE = "203.0.113.0/24";
    private static final String CURL = "/usr/bin/curl";

    private final Clock clock = Clock.systemUTC();
    private final String apiKey = GEN.apiKey("sk_callers_");
    private final String wrongKey = GEN.apiKey("sk_callers_");
    private final String totpSecret = GEN.totpSecret();
    private final String hmacSecret = GEN.hmacSecret();
    private final CredentialGenerator.PemKeyPair rsa = GEN.rsaKeyPair(2048);

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Map<Map<String, String>, DemoServer> demos = new LinkedHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    /** Every signature the client sent, none of which may reach a log line. */
    private final List<String> signaturesSent = new CopyOnWriteArrayList<>();
    private Path log;
    private long logStart;

    /** The factors a key needs besides itself; shown as {@code key+ip+totp+rsa+hmac}. */
    record Combination(Set<Factor> factors) {
        private static final List<Factor> OPTIONAL = List.of(Factor.IP_ALLOWLIST, Factor.TOTP, Factor.CERTIFICATE, Factor.HMAC);

        static Stream<Combination> all() {
            return IntStream.range(0, 1 << OPTIONAL.size()).mapToObj(bits -> {
                Set<Factor> factors = EnumSet.noneOf(Factor.class);
                for (int i = 0; i < OPTIONAL.size(); i++) {
                    if ((bits & 1 << i) != 0) {
                        factors.add(OPTIONAL.get(i));
                    }
                }
                return new Combination(factors);
            });
        }

        boolean has(Factor f) {
            return factors.contains(f);
        }

        /** The granted principal's factors, in protocol order. */
        List<String> granted() {
            List<String> names = new ArrayList<>(List.of(Factor.API_KEY.name()));
            factors.stream().sorted().forEach(f -> names.add(f.name()));
            return names;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("key");
            factors.stream().sorted().forEach(f -> sb.append('+').append(switch (f) {
                case IP_ALLOWLIST -> "ip";
                case CERTIFICATE -> "rsa";
                default -> f.name().toLowerCase();
            }));
            return sb.toString();
        }
    }

    /** A credential a caller holds, and how the demo refuses a call that leaves it out. */
    enum Credential {
        TOTP(Factor.TOTP, QiuthCredentials.TOTP_SECRET, "MISSING_TOTP_TOKEN"),
        RSA(Factor.CERTIFICATE, QiuthCredentials.PRIVATE_KEY, "MISSING_SIGNATURE"),
        HMAC(Factor.HMAC, QiuthCredentials.HMAC_SECRET, "MISSING_HMAC");

        final Factor factor;
        final String variable;
        final String code;

        Credential(Factor factor, String variable, String code) {
            this.factor = factor;
            this.variable = variable;
            this.code = code;
        }

        @Override
        public String toString() {
            return variable + " (" + code + ")";
        }
    }

    static Stream<Combination> combinations() {
        return Combination.all();
    }

    static Stream<Arguments> combinationsWithOneCredentialLeftOut() {
        return Combination.all().flatMap(c -> Arrays.stream(Credential.values()).filter(k -> c.has(k.factor))
                .map(k -> Arguments.of(c, k)));
    }

    static Stream<Combination> combinationsWithAnAllowlist() {
        return Combination.all().filter(c -> c.has(Factor.IP_ALLOWLIST));
    }

    @BeforeAll
    void findTheDemoLog() throws IOException {
        String file = System.getProperty("demo.log.file");
        assertThat(file).as("surefire sends the demo's log to a file (see examples/pom.xml)").isNotBlank();
        LoggerFactory.getILoggerFactory(); // logback (logback-test.xml) opens and empties the file once, here at the latest
        log = Path.of(file);
        logStart = Files.exists(log) ? Files.size(log) : 0;
    }

    @AfterAll
    void stopTheDemos() {
        demos.values().forEach(DemoServer::close);
    }

    // ---------------------------------------------------------------- QiuthClient

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void clientGetsHelloNamingExactlyTheKeysFactors(Combination c) throws Exception {
        HttpResponse<String> r = send(client(callerEnv(c)), "GET", url(demo(c), "/api/hello"), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JsonPath.from(r.body()).getList("factors", String.class)).isEqualTo(c.granted());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void clientGetsThePostedBodyBackByteForByte(Combination c) throws Exception {
        byte[] body = "{\"caf\u00e9\":\"\u2603\",\"n\":[1,2]}\n".getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> r = client(callerEnv(c)).send(QiuthRequest.builder("POST", url(demo(c), "/api/echo"))
                .body(body, "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("combinationsWithOneCredentialLeftOut")
    void clientWithoutOneCredentialGetsItsMissingCode(Combination c, Credential left) throws Exception {
        HttpResponse<String> r = send(client(without(callerEnv(c), left)), "GET", url(demo(c), "/api/hello"), null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo(left.code);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("ApiKey realm="));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void clientWithAWrongKeyGets401InvalidApiKey(Combination c) throws Exception {
        Map<String, String> env = callerEnv(c);
        env.put(QiuthCredentials.API_KEY, wrongKey);

        HttpResponse<String> r = send(client(env), "GET", url(demo(c), "/api/hello"), null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo("INVALID_API_KEY");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinationsWithAnAllowlist")
    void clientOutsideTheAllowlistGets403IpNotAllowed(Combination c) throws Exception {
        HttpResponse<String> r = send(client(callerEnv(c)), "GET", url(demo(c, ELSEWHERE), "/api/hello"), null);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo("IP_NOT_ALLOWED");
    }

    // ---------------------------------------------------------------- qiuth request

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void qiuthRequestGetExits0WithTheGrant(Combination c) {
        InProcessCli.Run r = qiuth(callerEnv(c), "request", "GET", url(demo(c), "/api/hello"));

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("HTTP/1.1 200\n");
        assertThat(JsonPath.from(r.body()).getList("factors", String.class)).isEqualTo(c.granted());
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void qiuthRequestPostExits0EchoingTheBody(Combination c) {
        String body = "{\"hello\":\"w\u00f6rld\",\"quote\":\"it's\"}";

        InProcessCli.Run r = qiuth(callerEnv(c), "request", "POST", url(demo(c), "/api/echo"), "--data", body,
                "-H", "Content-Type: application/json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("HTTP/1.1 200\n" + body + "\n");
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("combinationsWithOneCredentialLeftOut")
    void qiuthRequestWithoutOneCredentialExits1(Combination c, Credential left) {
        InProcessCli.Run r = qiuth(without(callerEnv(c), left), "request", "GET", url(demo(c), "/api/hello"));

        assertThat(r.code()).isEqualTo(QiuthCli.HTTP_ERROR);
        assertThat(r.out()).startsWith("HTTP/1.1 401\n");
        assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo(left.code);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void qiuthRequestWithAWrongKeyExits1(Combination c) {
        InProcessCli.Run r = qiuth(callerEnv(c), "request", "GET", url(demo(c), "/api/hello"), "--api-key", wrongKey);

        assertThat(r.code()).isEqualTo(QiuthCli.HTTP_ERROR);
        assertThat(r.out()).startsWith("HTTP/1.1 401\n");
        assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo("INVALID_API_KEY");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinationsWithAnAllowlist")
    void qiuthRequestOutsideTheAllowlistExits1(Combination c) {
        InProcessCli.Run r = qiuth(callerEnv(c), "request", "GET", url(demo(c, ELSEWHERE), "/api/hello"));

        assertThat(r.code()).isEqualTo(QiuthCli.HTTP_ERROR);
        assertThat(r.out()).startsWith("HTTP/1.1 403\n");
        assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo("IP_NOT_ALLOWED");
    }

    // ---------------------------------------------------------------- qiuth sign + curl

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void signedHeadersPastedIntoCurlAreGranted(Combination c) throws Exception {
        String url = url(demo(c), "/api/hello");
        InProcessCli.Run signed = qiuth(callerEnv(c), "sign", "--url", url);
        assertThat(signed.code()).as(signed.err()).isZero();

        List<String> command = new ArrayList<>(List.of(CURL, "-s", "-w", "\n%{http_code}"));
        for (String line : signed.out().lines().takeWhile(l -> !l.isEmpty()).toList()) {
            assertThat(line).startsWith("-H '").endsWith("'");
            command.add("-H");
            command.add(line.substring(4, line.length() - 1));
        }
        command.add(url);
        Curl r = curl(command);

        assertThat(r.status()).as(r.body()).isEqualTo("200");
        assertThat(JsonPath.from(r.body()).getList("factors", String.class)).isEqualTo(c.granted());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void theReadyCurlCommandPostsTheSignedBody(Combination c) throws Exception {
        String body = "{\"note\":\"it's $HOME `id` \\\"quoted\\\"\"}";
        InProcessCli.Run signed = qiuth(callerEnv(c), "sign", "--method", "POST", "--url", url(demo(c), "/api/echo"),
                "--data", body, "-H", "Content-Type: application/json");
        assertThat(signed.code()).as(signed.err()).isZero();
        String ready = signed.out().substring(signed.out().indexOf("\n\ncurl ") + 2).strip();

        Curl r = curl(List.of("/bin/sh", "-c", ready + " -s -w '\\n%{http_code}'"));

        assertThat(r.status()).as(r.body()).isEqualTo("200");
        assertThat(r.body()).isEqualTo(body);
    }

    // ---------------------------------------------------------------- logs

    /** Last, so that it sees what every other test made the demos log; it also makes its own calls. */
    @Test
    @Order(Integer.MAX_VALUE)
    void nothingTheDemosLoggedHoldsASecretOrASignature() throws Exception {
        for (Combination c : combinations().toList()) {
            assertThat(send(client(callerEnv(c)), "POST", url(demo(c), "/api/echo"), "{}").statusCode()).isEqualTo(200);
            Map<String, String> wrong = callerEnv(c);
            wrong.put(QiuthCredentials.API_KEY, wrongKey);
            assertThat(send(client(wrong), "GET", url(demo(c), "/api/hello"), null).statusCode()).isEqualTo(401);
        }

        byte[] all = Files.readAllBytes(log);
        String logged = new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8);

        assertThat(logged).as("the log was captured").contains("decision=granted", "decision=denied");
        Map<String, List<String>> secrets = new LinkedHashMap<>();
        secrets.put("API key", List.of(apiKey, wrongKey));
        secrets.put("TOTP secret", List.of(totpSecret));
        secrets.put("HMAC secret", List.of(hmacSecret));
        secrets.put("private key", rsa.privateKeyPem().lines().filter(l -> !l.startsWith("-----") && l.length() >= 16).toList());
        secrets.put("signature", List.copyOf(signaturesSent));
        assertThat(secrets.get("signature")).as("signatures sent").hasSizeGreaterThan(16);
        secrets.forEach((what, values) -> assertThat(logged.lines().filter(l -> values.stream().anyMatch(l::contains)))
                .as("log lines holding a %s", what).isEmpty());
        assertThat(console.toString(StandardCharsets.UTF_8)).as("environment mode prints nothing").isEmpty();
    }

    // ---------------------------------------------------------------- the demos

    private DemoServer demo(Combination c) {
        return demo(c, LOOPBACK);
    }

    /** The demo protecting /api/* with this combination's key, started on first use. */
    private DemoServer demo(Combination c, String allowlist) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1", "QIUTH_API_KEY", apiKey));
        if (c.has(Factor.IP_ALLOWLIST)) {
            env.put("QIUTH_IP_ALLOWLIST", allowlist);
        }
        if (c.has(Factor.TOTP)) {
            env.put("QIUTH_TOTP_SECRET", totpSecret);
        }
        if (c.has(Factor.CERTIFICATE)) {
            env.put("QIUTH_CERTIFICATE_PUBLIC_KEY", rsa.publicKeyPem());
        }
        if (c.has(Factor.HMAC)) {
            env.put("QIUTH_HMAC_SECRET", hmacSecret);
        }
        return demos.computeIfAbsent(Map.copyOf(env), e -> {
            try {
                return DemoApp.start(e, new PrintStream(console, true, StandardCharsets.UTF_8), clock);
            } catch (Exception ex) {
                throw new AssertionError("the demo did not start for " + c, ex);
            }
        });
    }

    /** A URL of the demo no other request of this run has used. */
    private String url(DemoServer demo, String path) {
        return demo.baseUrl() + path + "?n=" + requests.incrementAndGet();
    }

    // ---------------------------------------------------------------- the callers

    /** The {@code QIUTH_*} variables of a caller holding exactly this combination's credentials. */
    private Map<String, String> callerEnv(Combination c) {
        Map<String, String> env = new HashMap<>(Map.of(QiuthCredentials.API_KEY, apiKey));
        if (c.has(Factor.TOTP)) {
            env.put(QiuthCredentials.TOTP_SECRET, totpSecret);
        }
        if (c.has(Factor.CERTIFICATE)) {
            env.put(QiuthCredentials.PRIVATE_KEY, rsa.privateKeyPem());
        }
        if (c.has(Factor.HMAC)) {
            env.put(QiuthCredentials.HMAC_SECRET, hmacSecret);
        }
        return env;
    }

    private static Map<String, String> without(Map<String, String> env, Credential left) {
        assertThat(env.remove(left.variable)).as(left.variable).isNotNull();
        return env;
    }

    private QiuthClient client(Map<String, String> env) {
        return QiuthClient.builder().credentials(QiuthCredentials.fromEnvironment(env)).clock(clock)
                .retryPolicy(RetryPolicy.none()).build();
    }

    private HttpResponse<String> send(QiuthClient client, String method, String url, String json) throws Exception {
        QiuthRequest.Builder request = QiuthRequest.builder(method, url);
        if (json != null) {
            request.json(json);
        }
        HttpResponse<String> r = client.send(request.build());
        for (String header : List.of("X-Signature", "X-HMAC-Signature")) {
            r.request().headers().firstValue(header).ifPresent(signaturesSent::add);
        }
        return r;
    }

    /** {@code qiuth} in process, on the test's clock, with these variables as its whole environment. */
    private InProcessCli.Run qiuth(Map<String, String> env, String... args) {
        return InProcessCli.run(env, clock, delay -> CompletableFuture.failedFuture(new AssertionError("no retry was asked for")),
                args);
    }

    record Curl(String status, String body) {
    }

    /** Runs curl, whose {@code -w '\n%{http_code}'} puts the status on the last line. */
    private static Curl curl(List<String> command) throws Exception {
        Path stderr = Files.createTempFile("qiuth-curl-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)).as("curl finished").isTrue();
            assertThat(p.exitValue()).as("curl: %s", Files.readString(stderr)).isZero();
            String text = new String(out, StandardCharsets.UTF_8);
            int last = text.lastIndexOf('\n');
            return new Curl(text.substring(last + 1), text.substring(0, last));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
