package dev.qiuth.examples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.conformance.SocketExchange;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.Eventually;
import dev.qiuth.testing.FreePort;
import dev.qiuth.testing.JarProcess;
import dev.qiuth.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One Redis, two clients: this Quarkus app ({@code target/quarkus-app/quarkus-run.jar}, Vert.x
 * Redis client) and the demo ({@code ../target/qiuth-demo.jar}, Lettuce) run as separate processes
 * with the same {@code QIUTH_*} variables over one password-protected redis-server, and share
 * replay memory and failure budgets because both build the keys and run the scripts of
 * {@code qiuth-state-redis}.
 *
 * <p>Requests go out on raw sockets with {@code Host: api.example.com}, so one signed request is
 * valid at both nodes; each scenario sends from its own client address through
 * {@code X-Forwarded-For} (the nodes trust 127.0.0.1 as a proxy).
 */
class SharedRedisIT {
    private static final Path QUARKUS_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path DEMO_JAR = Path.of("..", "target", "qiuth-demo.jar");
    private static final String KEY = "sk_test_shared_redis_Hq62mWz4Tr";
    private static final String HMAC = "2b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfe";
    private static final String REDIS_PASSWORD = "redis-pw-Tk94Lw";
    private static final String HOST = "api.example.com";
    private static final String URL = "http://" + HOST + "/api/echo";
    private static final int FAILURE_LIMIT = 3;
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static final AtomicInteger BODIES = new AtomicInteger();
    private static final RequestSigner SIGNER = RequestSigner.builder().apiKey(KEY).hmacSecret(HMAC).build();
    private static final List<String> SIGNATURES = new CopyOnWriteArrayList<>();

    private static RedisServerProcess redis;
    private static Node quarkus;
    private static Node demo;

    @BeforeAll
    static void start() throws Exception {
        assertThat(DEMO_JAR).as("the demo is built before this module (see the pom)").exists();
        redis = RedisServerProcess.start("requirepass " + REDIS_PASSWORD);
        quarkus = Node.start("quarkus", QUARKUS_JAR);
        demo = Node.start("demo", DEMO_JAR);
        quarkus.awaitHealthy();
        demo.awaitHealthy();
    }

    @AfterAll
    static void stop() throws IOException {
        for (Node node : new Node[] {quarkus, demo}) {
            if (node != null) {
                node.stop();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aSignedRequestGrantedByOneIsAReplayAtTheOtherEitherWay() {
        for (int i = 0; i < 4; i++) {
            Node first = i % 2 == 0 ? quarkus : demo;
            Node other = i % 2 == 0 ? demo : quarkus;
            Signed request = Signed.fresh();
            Answer granted = first.send(request, newAddress());
            assertThat(granted.status()).as("%s: %s", first.name, granted).isEqualTo(200);
            assertThat(granted.body()).isEqualTo(request.body());
            Answer replay = other.send(request, newAddress());
            assertThat(replay.status()).as("%s: %s", other.name, replay).isEqualTo(401);
            assertThat(replay.body()).contains("REPLAYED_REQUEST");
        }
    }

    @Test
    void aFailureBudgetSpentOnBothIsSpentEverywhere() {
        String attacker = newAddress();
        for (int i = 0; i < FAILURE_LIMIT; i++) {
            Node node = i == 0 ? demo : quarkus; // counted on one counter, whoever counts
            Answer wrong = node.send(Signed.withKey("sk_wrong_" + i), attacker);
            assertThat(wrong.status()).as("%s: %s", node.name, wrong).isEqualTo(401);
        }
        for (Node node : List.of(demo, quarkus)) {
            // even the right key, signed and fresh: the address is locked out at both
            Answer locked = node.send(Signed.fresh(), attacker);
            assertThat(locked.status()).as("%s: %s", node.name, locked).isEqualTo(429);
            assertThat(locked.body()).contains("RATE_LIMITED");
            assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 600L);
        }
        assertThat(quarkus.send(Signed.fresh(), newAddress()).status()).as("another address").isEqualTo(200);
    }

    @Test
    void redisDownIs503AndNothingIsGrantedThenBothGrantAgainWithoutARestart() throws IOException {
        redis.stop();
        try {
            for (int i = 0; i < 4; i++) {
                Node node = i % 2 == 0 ? quarkus : demo;
                Answer down = node.send(Signed.fresh(), newAddress());
                assertThat(down.status()).as("%s: %s", node.name, down).isEqualTo(503);
                assertThat(down.body()).contains("UNAVAILABLE");
            }
        } finally {
            redis.startAgain();
        }
        for (Node node : List.of(quarkus, demo)) {
            boolean back = Eventually.within(Duration.ofSeconds(30), () -> node.send(Signed.fresh(), newAddress()).status() == 200);
            assertThat(back).as("%s grants again once Redis is back", node.name).isTrue();
        }
        Signed request = Signed.fresh();
        assertThat(demo.send(request, newAddress()).status()).isEqualTo(200);
        assertThat(quarkus.send(request, newAddress()).body()).contains("REPLAYED_REQUEST");
    }

    @Test
    void neitherLogHoldsTheKeyTheSecretASignatureOrTheRedisPassword() throws IOException {
        // something to log first: a grant, a replay, a failure, at each node
        Signed request = Signed.fresh();
        quarkus.send(request, newAddress());
        demo.send(request, newAddress());
        demo.send(Signed.withKey("sk_wrong_logs"), newAddress());
        quarkus.send(Signed.withKey("sk_wrong_logs"), newAddress());
        for (Node node : List.of(quarkus, demo)) {
            String log = Files.readString(node.log);
            assertThat(log).as(node.name).isNotBlank().doesNotContain(KEY).doesNotContain(HMAC)
                    .doesNotContain(REDIS_PASSWORD).doesNotContain("sk_wrong_logs");
            for (String signature : SIGNATURES) {
                assertThat(log).as(node.name).doesNotContain(signature);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A fresh benchmarking address (198.18.0.0/15) per call. */
    private static String newAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "198.18." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }

    /** A request signed once, sent as often as a test likes. */
    record Signed(Map<String, String> headers, String body) {
        static Signed fresh() {
            return signed(SIGNER);
        }

        static Signed withKey(String apiKey) {
            return signed(RequestSigner.builder().apiKey(apiKey).hmacSecret(HMAC).build());
        }

        private static Signed signed(RequestSigner signer) {
            String body = "{\"n\":" + BODIES.incrementAndGet() + "}";
            Map<String, String> headers = signer.sign("POST", URL, body.getBytes(StandardCharsets.UTF_8));
            SIGNATURES.add(headers.get(QiuthHeaders.HMAC_SIGNATURE));
            return new Signed(headers, body);
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One app process with the shared Redis variables; its output goes to a file the tests read. */
    static final class Node {
        final String name;
        final Path log;
        private final int port = FreePort.onLoopback();
        private final JarProcess app;

        private Node(String name, Path jar) throws IOException {
            this.name = name;
            this.log = Path.of("target", "shared-redis-" + name + ".log");
            Map<String, String> env = new HashMap<>();
            env.put("HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("PORT", Integer.toString(port));
            env.put("QIUTH_API_KEY", KEY);
            env.put("QIUTH_HMAC_SECRET", HMAC);
            env.put("QIUTH_TRUSTED_PROXIES", "127.0.0.1/32");
            env.put("QIUTH_REDIS_URL", redis.url(REDIS_PASSWORD));
            // generous: two JVMs and a build share 2 cores in CI
            env.put("QIUTH_REDIS_TIMEOUT", "3000");
            env.put("QIUTH_FAILURE_LIMIT", Integer.toString(FAILURE_LIMIT));
            env.put("QIUTH_FAILURE_WINDOW", "600");
            this.app = JarProcess.start(jar, "160m", log, env, "QIUTH_", "QUARKUS_");
        }

        static Node start(String name, Path jar) throws IOException {
            return new Node(name, jar);
        }

        void awaitHealthy() throws IOException {
            app.awaitReady(name, Duration.ofSeconds(90), this::healthy);
        }

        private boolean healthy() {
            try {
                return raw("GET /health HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n").status() == 200;
            } catch (UncheckedIOException e) {
                return false; // not listening yet
            }
        }

        Answer send(Signed request, String clientAddress) {
            StringBuilder head = new StringBuilder("POST /api/echo HTTP/1.1\r\nHost: " + HOST + "\r\n");
            request.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
            head.append("X-Forwarded-For: ").append(clientAddress).append("\r\n")
                    .append("Content-Type: application/json\r\nContent-Length: ").append(body.length)
                    .append("\r\nConnection: close\r\n\r\n").append(request.body());
            return raw(head.toString());
        }

        /** One request as written, one answer read (de-chunked), over a fresh connection. */
        private Answer raw(String request) {
            try {
                SocketExchange.Reply r = SocketExchange.sendRaw(URI.create("http://127.0.0.1:" + port + "/"),
                        request.getBytes(StandardCharsets.UTF_8));
                return new Answer(r.status(), r.headers(), r.text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void stop() {
            app.stop();
        }
    }
}
