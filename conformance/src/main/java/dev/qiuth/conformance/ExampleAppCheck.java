package dev.qiuth.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.FreePort;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;

/**
 * Proves a runnable example jar honours the example-app contract: started as a child process
 * with {@code PORT} and {@code QIUTH_*} variables (API key, TOTP and HMAC), it serves an open
 * {@code /health}, grants correctly signed {@code GET /api/hello} and {@code POST /api/echo},
 * refuses a missing key and a bad signature, and prints no secret. It also serves the open twin
 * {@code GET /public/hello} without a key, serves {@code TRACE} on no path, refuses malformed
 * requests with 400 or 431 instead of repairing them, answers an absolute-form target, and keeps
 * {@code /health} up while connections trickle their headers.
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
        int port = FreePort.onLoopback();
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

            checkOpenTwin(http, base);
            checkNoTrace(URI.create(base), signer);
            checkStrictParsing(URI.create(base), signer, port);
            checkSlowHeadersLeaveHealthUp(http, base, port);
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
     * exits with 2 (configuration it refuses) within a minute after one line that names
     * {@code QIUTH_API_KEY} and {@code QIUTH_HASHED_API_KEY}.
     */
    public static void verifyRefusesToStartWithoutKey(Path jar) throws Exception {
        String output = refusalLine(jar, Map.of(), 2);
        assertThat(output).contains("QIUTH_API_KEY", "QIUTH_HASHED_API_KEY");
    }

    /**
     * Proves the jar refuses to start when the Redis of {@code QIUTH_REDIS_URL} cannot be reached, as
     * every Qiuth app does: started with a key and a password-protected URL of a loopback port nothing
     * listens on, it exits with 1 (could not start; 2 is for configuration it refuses) within a minute
     * after one line that names the URL with its password masked ({@code redis://***@127.0.0.1:<port>})
     * and the cause: no stack trace, no secret.
     */
    public static void verifyRefusesToStartWithRedisDown(Path jar) throws Exception {
        CredentialGenerator gen = new CredentialGenerator();
        String apiKey = gen.apiKey("ex_");
        String hmac = gen.hmacSecret();
        String password = "redis-pw-" + gen.apiKey().substring(0, 12);
        int closed = FreePort.onLoopback();
        String output = refusalLine(jar, Map.of("QIUTH_API_KEY", apiKey, "QIUTH_HMAC_SECRET", hmac,
                "QIUTH_REDIS_URL", "redis://:" + password + "@127.0.0.1:" + closed), 1);
        assertThat(output).contains("cannot connect to Redis at redis://***@127.0.0.1:" + closed)
                .contains("Connection refused")
                .doesNotContain(password).doesNotContain(apiKey).doesNotContain(hmac);
        assertThat(output.split("Connection refused", -1)).as("the cause named once: %s", output).hasSize(2);
    }

    /**
     * Starts the jar on port 0 with these {@code QIUTH_*} variables and no others, and checks it
     * exits with {@code exitCode} within a minute after exactly one line of output, which it returns.
     */
    private static String refusalLine(Path jar, Map<String, String> qiuthVariables, int exitCode) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(jar)).redirectErrorStream(true);
        pb.environment().keySet().removeIf(name -> name.startsWith("QIUTH_"));
        pb.environment().put("PORT", "0");
        pb.environment().putAll(qiuthVariables);
        Process process = pb.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the app exited").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(output.lines()).as("output: %s", output).hasSize(1);
            assertThat(process.exitValue()).as("exit code; output: %s", output).isEqualTo(exitCode);
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    /** {@code GET /public/hello}: the open twin of {@code /api/hello}, for the load benchmark. */
    private static void checkOpenTwin(HttpClient http, String base) throws IOException, InterruptedException {
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create(base + "/public/hello"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).as("GET /public/hello without a key: %s", open.body()).isEqualTo(200);
        assertThat(open.body()).as("GET /public/hello").startsWith("{").endsWith("}");
    }

    /**
     * TRACE echoes the request, credentials included, into the response body: a page script on a
     * shared origin could read headers it could not otherwise see. No path may serve it.
     */
    private static void checkNoTrace(URI base, RequestSigner signer) throws IOException {
        String probe = "trace-probe-" + Long.toHexString(System.nanoTime());
        for (String path : List.of("/health", "/", "/api/hello")) {
            URI url = base.resolve(path + "?trace=" + probe.hashCode());
            Map<String, String> headers = new LinkedHashMap<>(signer.sign("TRACE", url.toString(), (byte[]) null));
            headers.put("X-Trace-Probe", probe);
            SocketExchange.Reply reply = SocketExchange.sendRaw(url, head("TRACE", target(url), url, headers, ""));
            assertThat(reply.status()).as("TRACE %s answered %s: %s", path, reply.status(), reply.text())
                    .isNotIn(200, 201, 202, 203, 204, 205, 206);
            for (String value : headers.values()) {
                assertThat(reply.text()).as("TRACE %s echoed a request header", path).doesNotContain(value);
            }
        }
    }

    /**
     * A lax parser repairs what it should refuse: a value with NUL, vertical tab or a bare CR
     * trimmed or split, a signed length {@code +7}. Each must get 400 (too many headers 431, 413
     * or 400, never a reset), never a grant; an absolute-form target must reach its resource.
     */
    private static void checkStrictParsing(URI base, RequestSigner signer, int port) throws IOException {
        // every refusal checked and reported together: a lax parser usually fails several
        SoftAssertions softly = new SoftAssertions();
        String[][] badValues = {{"NUL", "\u0000"}, {"vertical tab", "\u000b"}, {"bare CR", "\rX-Split: yes"}};
        int n = 0;
        for (String[] bad : badValues) {
            URI url = base.resolve("/api/hello?strict=" + n++);
            Map<String, String> headers = new LinkedHashMap<>(signer.sign("GET", url.toString(), (byte[]) null));
            headers.put(QiuthHeaders.API_KEY, headers.get(QiuthHeaders.API_KEY) + bad[1]);
            SocketExchange.Reply reply = SocketExchange.sendRaw(url, head("GET", target(url), url, headers, ""));
            softly.assertThat(reply.status()).as("%s in a header value: %s", bad[0], reply.text()).isEqualTo(400);
        }

        URI echo = base.resolve("/api/echo?strict=" + n++);
        byte[] seven = "{\"a\":1}".getBytes(StandardCharsets.US_ASCII);
        Map<String, String> signed = new LinkedHashMap<>(signer.sign("POST", echo.toString(), seven));
        signed.put("Content-Type", "application/json");
        signed.put("Content-Length", "+7");
        SocketExchange.Reply plus = SocketExchange.sendRaw(echo, head("POST", target(echo), echo, signed, "{\"a\":1}"));
        softly.assertThat(plus.status()).as("Content-Length: +7: %s", plus.text()).isEqualTo(400);

        URI health = base.resolve("/health");
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            many.put("X-Filler-" + i, "f".repeat(32)); // 300 lines, about 13 KB: past any sane head limit
        }
        try {
            SocketExchange.Reply tooMany = SocketExchange.sendRaw(health, head("GET", "/health", health, many, ""));
            // 431 from Jetty and Vert.x; Micronaut maps Netty's head limit to 413: a refusal all the same
            softly.assertThat(tooMany.status()).as("300 headers").isIn(400, 413, 431);
        } catch (IOException e) {
            softly.fail("300 headers: the connection ended without an answer (" + e.getMessage() + "); expected 431, 413 or 400");
        }

        URI absolute = base.resolve("/api/hello?absolute=1");
        SocketExchange.Reply reply = SocketExchange.sendRaw(absolute, head("GET",
                "http://localhost:" + port + "/api/hello?absolute=1", absolute,
                signer.sign("GET", absolute.toString(), (byte[]) null), ""));
        softly.assertThat(reply.status()).as("absolute-form GET http://localhost:%s/api/hello: %s", port, reply.text())
                .isEqualTo(200);
        softly.assertAll();
    }

    /**
     * A server that reads request heads on a bounded pool of blocking threads is taken down by a
     * few clients sending one header byte a second. Sixteen such connections must leave
     * {@code /health} answering within two seconds.
     */
    private static void checkSlowHeadersLeaveHealthUp(HttpClient http, String base, int port) throws Exception {
        List<Socket> slow = new ArrayList<>();
        Thread trickle = null;
        try {
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket("localhost", port);
                s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-Slow: ")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            trickle = new Thread(() -> {
                try {
                    for (int second = 0; second < 10; second++) {
                        for (Socket s : slow) {
                            try {
                                s.getOutputStream().write('a');
                                s.getOutputStream().flush();
                            } catch (IOException closedByServer) {
                                // a server that times out slow heads may close them: that is fine
                            }
                        }
                        Thread.sleep(1000); // the attack's pace: one header byte a second
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }, "slow-header-trickle");
            trickle.setDaemon(true);
            trickle.start();
            Thread.sleep(1500); // let every slow head reach the server before the probe
            HttpResponse<String> health;
            try {
                health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                throw new AssertionError("/health did not answer within 2 s while 16 connections trickled headers", e);
            }
            assertThat(health.statusCode()).as("/health while 16 connections trickle headers").isEqualTo(200);
        } finally {
            if (trickle != null) {
                trickle.interrupt();
            }
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    /** A request target in origin form: path and query. */
    private static String target(URI url) {
        return url.getRawQuery() == null ? url.getRawPath() : url.getRawPath() + "?" + url.getRawQuery();
    }

    /** A request written as it goes on the wire, {@code Content-Length} only when in the headers or a body is given. */
    private static byte[] head(String method, String target, URI url, Map<String, String> headers, String body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(url.getRawAuthority()).append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (!body.isEmpty() && !headers.containsKey("Content-Length")) {
            head.append("Content-Length: ").append(body.length()).append("\r\n");
        }
        return head.append("\r\n").append(body).toString().getBytes(StandardCharsets.ISO_8859_1);
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
}
