package dev.qiuth.conformance;

import dev.qiuth.QiuthHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.signature.RequestSigner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Proves a runnable example jar honours the example-app contract: started as a child process
 * with {@code PORT} and {@code QIUTH_*} variables (API key, TOTP and HMAC), it serves an open
 * {@code /health}, grants correctly signed {@code GET /api/hello} and {@code POST /api/echo},
 * refuses a missing key and a bad signature, and prints no secret.
 *
 * <pre>{@code
 * @Test void builtJarHonoursTheContract() throws Exception {
 *     ExampleAppCheck.verify(Path.of("target/qiuth-demo.jar"));
 * }
 * }</pre>
 */
public final class ExampleAppCheck {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private ExampleAppCheck() {
    }

    /** Starts the jar, checks the contract, stops it. Fails with an AssertionError naming what broke. */
    public static void verify(Path jar) throws Exception {
        verify(jar, Map.of());
    }

    /** As {@link #verify(Path)}, with extra environment variables for the child process. */
    public static void verify(Path jar, Map<String, String> extraEnv) throws Exception {
        assertThat(jar).as("example jar (build it with ./mvnw package)").isRegularFile();
        CredentialGenerator gen = new CredentialGenerator();
        String apiKey = gen.apiKey("ex_");
        String totp = gen.totpSecret();
        String hmac = gen.hmacSecret();
        int port = freePort();
        Path log = jar.toAbsolutePath().getParent().resolve(jar.getFileName() + ".check.log");

        ProcessBuilder pb = new ProcessBuilder(javaCommand(jar)).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("QIUTH_"));
        env.put("PORT", Integer.toString(port));
        env.put("QIUTH_API_KEY", apiKey);
        env.put("QIUTH_TOTP_SECRET", totp);
        env.put("QIUTH_HMAC_SECRET", hmac);
        env.putAll(extraEnv);
        Process process = pb.start();
        try {
            String base = "http://localhost:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitHealth(http, base, process, log);

            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/api/hello")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).as("unsigned request").isEqualTo(401);
            assertThat(missing.body()).contains("MISSING_API_KEY");

            RequestSigner signer = RequestSigner.builder().apiKey(apiKey).totpSecret(totp).hmacSecret(hmac).build();
            String helloUrl = base + "/api/hello?check=1";
            HttpResponse<String> hello = send(http, signer.sign("GET", helloUrl, (byte[]) null), "GET", helloUrl, null);
            assertThat(hello.statusCode()).as("signed GET /api/hello: %s", hello.body()).isEqualTo(200);
            assertThat(hello.body()).contains("\"API_KEY\"", "\"TOTP\"", "\"HMAC\"");

            byte[] body = "{\"hello\":\"wörld\"}".getBytes(StandardCharsets.UTF_8);
            String echoUrl = base + "/api/echo";
            HttpResponse<String> echo = send(http, signer.sign("POST", echoUrl, body), "POST", echoUrl, body);
            assertThat(echo.statusCode()).as("signed POST /api/echo: %s", echo.body()).isEqualTo(200);
            assertThat(echo.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);

            String badUrl = base + "/api/hello?check=2";
            Map<String, String> bad = new java.util.HashMap<>(signer.sign("GET", badUrl, (byte[]) null));
            bad.put(QiuthHeaders.HMAC_SIGNATURE, "0".repeat(64));
            HttpResponse<String> refused = send(http, bad, "GET", badUrl, null);
            assertThat(refused.statusCode()).as("bad HMAC").isEqualTo(401);
            assertThat(refused.body()).contains("INVALID_HMAC");
        } finally {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        for (String secret : List.of(apiKey, totp, hmac)) {
            assertThat(output).as("the app's output must not contain a secret").doesNotContain(secret);
        }
    }

    /**
     * Proves the jar refuses to start without a key: started with no {@code QIUTH_*} variable, it
     * exits non-zero within a minute after one line that names {@code QIUTH_API_KEY} and
     * {@code QIUTH_HASHED_API_KEY}.
     */
    public static void verifyRefusesToStartWithoutKey(Path jar) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(jar)).redirectErrorStream(true);
        pb.environment().keySet().removeIf(name -> name.startsWith("QIUTH_"));
        pb.environment().put("PORT", "0");
        Process process = pb.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the app exited").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(process.exitValue()).as("exit code").isNotZero();
            assertThat(output.lines()).as("output: %s", output).hasSize(1);
            assertThat(output).contains("QIUTH_API_KEY", "QIUTH_HASHED_API_KEY");
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<String> javaCommand(Path jar) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toAbsolutePath().toString()));
    }

    private static HttpResponse<String> send(HttpClient http, Map<String, String> headers, String method, String url,
            byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitHealth(HttpClient http, String base, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("example app exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                throw new AssertionError("/health answered " + r.statusCode() + ", expected 200 without a key");
            } catch (IOException notYet) {
                // polling a starting process: it has no port open yet
                Thread.sleep(100);
            }
        }
        throw new AssertionError("example app did not answer /health within " + STARTUP.toSeconds() + " s:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
