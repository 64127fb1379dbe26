package dev.qiuth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.conformance.SocketExchange;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.Eventually;
import dev.qiuth.testing.FreePort;
import dev.qiuth.testing.JarProcess;
import dev.qiuth.testing.RedisClusterProcesses;
import dev.qiuth.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many nodes, one Redis: {@code target/qiuth-demo.jar} run as separate processes with
 * {@code QIUTH_REDIS_URL}, over a real redis-server and over a real 3-master Redis Cluster.
 *
 * <p>Requests go out on raw sockets with {@code Host: api.example.com}, so one signed request is
 * byte for byte valid at every node (it is signed for that host, not for a node's port), and each
 * scenario sends from its own client address through {@code X-Forwarded-For} (the nodes trust
 * 127.0.0.1 as a proxy), so that one scenario's failures never lock out another's.
 */
class DemoRedisIT {
    private static final Path JAR = Path.of("target/qiuth-demo.jar");
    private static final String KEY = "sk_test_redis_nodes_Vd83kQp2Lm";
    private static final String HMAC = "7f3a9c1e5b2d8f4a6c0e9b3d7a1f5c2e8b4d6a0f";
    private static final String HOST = "api.example.com";
    private static final String URL = "http://" + HOST + "/api/echo";
    private static final int FAILURE_LIMIT = 3;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static final AtomicInteger BODIES = new AtomicInteger();
    private static final RequestSigner SIGNER = RequestSigner.builder().apiKey(KEY).hmacSecret(HMAC).build();

    private static RedisServerProcess single;
    private static RedisClusterProcesses cluster;
    private static final Map<String, List<Node>> nodes = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        single = RedisServerProcess.start();
        cluster = RedisClusterProcesses.start(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "redis-cluster"));
        // four JVMs start at once: the slowest part of the test
        nodes.put("single", List.of(Node.start("single-a", single.url(), false), Node.start("single-b", single.url(), false)));
        nodes.put("cluster", List.of(Node.start("cluster-a", cluster.masters().get(1).url(), true),
                Node.start("cluster-b", cluster.masters().get(2).url(), true)));
        for (List<Node> pair : nodes.values()) {
            for (Node node : pair) {
                node.awaitHealthy();
            }
        }
    }

    @AfterAll
    static void stop() {
        nodes.values().forEach(pair -> pair.forEach(Node::stop));
        if (single != null) {
            single.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void aSignedRequestGrantedByOneNodeIsAReplayAtTheOther(String redis) {
        Node a = nodes.get(redis).get(0);
        Node b = nodes.get(redis).get(1);
        for (int i = 0; i < 5; i++) {
            Signed request = Signed.fresh();
            Answer first = a.send(request, newAddress());
            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            assertThat(first.body()).isEqualTo(request.body());
            Answer again = b.send(request, newAddress());
            assertThat(again.status()).as(again.toString()).isEqualTo(401);
            assertThat(again.body()).contains("REPLAYED_REQUEST");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void aFailureBudgetSpentAtOneNodeIsSpentAtBoth(String redis) {
        Node a = nodes.get(redis).get(0);
        Node b = nodes.get(redis).get(1);
        String attacker = newAddress();
        for (int i = 0; i < FAILURE_LIMIT; i++) {
            Answer wrong = a.send(Signed.withKey("sk_wrong_" + i), attacker);
            assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
        }
        for (Node node : List.of(b, a)) {
            // even the right key, signed and fresh: the address is locked out everywhere
            Answer locked = node.send(Signed.fresh(), attacker);
            assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
            assertThat(locked.body()).contains("RATE_LIMITED");
            assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 600L);
        }
        // another address is not affected
        assertThat(b.send(Signed.fresh(), newAddress()).status()).isEqualTo(200);
    }

    @Test
    void twoHundredParallelCopiesOfOneSignedRequestOverTwoNodesAreGrantedOnce() throws Exception {
        List<Node> pair = nodes.get("single");
        Signed request = Signed.fresh();
        int copies = 200;
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                Node node = pair.get(i % 2);
                // each copy from its own address: 199 replays would otherwise lock out the sender midway
                String address = newAddress();
                answers.add(pool.submit(() -> {
                    go.await();
                    return node.send(request, address);
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
            for (Future<Answer> f : answers) {
                byStatus.merge(f.get(60, TimeUnit.SECONDS).status(), 1, Integer::sum);
            }
            assertThat(byStatus).isEqualTo(Map.of(200, 1, 401, copies - 1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void redisDownIs503AndNothingIsGrantedThenItServesAgainWithoutARestart() {
        List<Node> pair = nodes.get("single");
        double[] redisErrorsBefore = {pair.get(0).redisErrors(), pair.get(1).redisErrors()};
        double[] keyStoreErrorsBefore = {pair.get(0).metric("KEY_STORE", "UNAVAILABLE"),
                pair.get(1).metric("KEY_STORE", "UNAVAILABLE")};
        single.stop();
        try {
            for (int i = 0; i < 6; i++) {
                Answer down = pair.get(i % 2).send(Signed.fresh(), newAddress());
                assertThat(down.status()).as(down.toString()).isEqualTo(503);
                assertThat(down.body()).contains("UNAVAILABLE");
            }
        } finally {
            single.startAgain();
        }
        for (int n = 0; n < 2; n++) {
            // each node counted its three 503s as Redis's (lockout counts or replay memory), none as the key store's
            assertThat(pair.get(n).redisErrors()).isEqualTo(redisErrorsBefore[n] + 3);
            assertThat(pair.get(n).metric("KEY_STORE", "UNAVAILABLE")).isEqualTo(keyStoreErrorsBefore[n]);
        }
        for (Node node : pair) {
            boolean back = Eventually.within(Duration.ofSeconds(30), () -> node.send(Signed.fresh(), newAddress()).status() == 200);
            assertThat(back).as("%s grants again once Redis is back on port %d", node.name, single.port()).isTrue();
        }
        // and the replay memory is shared again
        Signed request = Signed.fresh();
        assertThat(pair.get(0).send(request, newAddress()).status()).isEqualTo(200);
        assertThat(pair.get(1).send(request, newAddress()).body()).contains("REPLAYED_REQUEST");
    }

    @Test
    void metricsShowTheReplayAndTheLockout() {
        Node a = nodes.get("single").get(0);
        Node b = nodes.get("single").get(1);
        double replaysBefore = b.metric("REPLAY", "REPLAYED_REQUEST");
        double lockoutsBefore = b.metric("ADDRESS_LOCKOUT", "RATE_LIMITED");
        double keyLimitsBefore = b.metric("KEY_RATE_LIMIT", "RATE_LIMITED");

        Signed request = Signed.fresh();
        assertThat(a.send(request, newAddress()).status()).isEqualTo(200);
        assertThat(b.send(request, newAddress()).status()).isEqualTo(401);
        String attacker = newAddress();
        for (int i = 0; i < FAILURE_LIMIT; i++) {
            a.send(Signed.withKey("sk_wrong_metrics_" + i), attacker);
        }
        assertThat(b.send(Signed.fresh(), attacker).status()).isEqualTo(429);

        assertThat(b.metric("REPLAY", "REPLAYED_REQUEST")).isEqualTo(replaysBefore + 1);
        // the 429 is the address's lockout, not a key's request rate
        assertThat(b.metric("ADDRESS_LOCKOUT", "RATE_LIMITED")).isEqualTo(lockoutsBefore + 1);
        assertThat(b.metric("KEY_RATE_LIMIT", "RATE_LIMITED")).isEqualTo(keyLimitsBefore);
        assertThat(b.scrape()).doesNotContain(KEY).doesNotContain(HMAC).doesNotContain(attacker);
    }

    // ---------------------------------------------------------------- helpers

    /** A fresh documentation address (198.18.0.0/15, benchmarking range) per call. */
    private static String newAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "198.18." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }

    /** A request signed once, sent as often as a test likes. */
    record Signed(Map<String, String> headers, String body) {
        static Signed fresh() {
            String body = "{\"n\":" + BODIES.incrementAndGet() + "}";
            return new Signed(SIGNER.sign("POST", URL, body.getBytes(StandardCharsets.UTF_8)), body);
        }

        static Signed withKey(String apiKey) {
            String body = "{\"n\":" + BODIES.incrementAndGet() + "}";
            RequestSigner signer = RequestSigner.builder().apiKey(apiKey).hmacSecret(HMAC).build();
            return new Signed(signer.sign("POST", URL, body.getBytes(StandardCharsets.UTF_8)), body);
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One demo process: {@code java -jar target/qiuth-demo.jar} with the Redis variables. */
    static final class Node {
        final String name;
        private final int port;
        private final JarProcess app;

        static Node start(String name, String redisUrl, boolean cluster) throws IOException {
            int port = FreePort.onLoopback();
            Map<String, String> env = new HashMap<>();
            env.put("HOST", "127.0.0.1");
            env.put("PORT", Integer.toString(port));
            env.put("QIUTH_API_KEY", KEY);
            env.put("QIUTH_HMAC_SECRET", HMAC);
            env.put("QIUTH_TRUSTED_PROXIES", "127.0.0.1/32");
            env.put("QIUTH_REDIS_URL", redisUrl);
            env.put("QIUTH_REDIS_CLUSTER", Boolean.toString(cluster));
            // generous: four JVMs and 200 parallel requests share 2 cores in CI
            env.put("QIUTH_REDIS_TIMEOUT", "3000");
            env.put("QIUTH_FAILURE_LIMIT", Integer.toString(FAILURE_LIMIT));
            env.put("QIUTH_FAILURE_WINDOW", "600");
            return new Node(name, port, JarProcess.start(JAR, "128m", Path.of("target/qiuth-demo.redis-" + name + ".log"),
                    env, "QIUTH_"));
        }

        private Node(String name, int port, JarProcess app) {
            this.name = name;
            this.port = port;
            this.app = app;
        }

        void awaitHealthy() throws IOException {
            app.awaitReady(name, STARTUP, this::healthy);
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

        String scrape() {
            Answer a = raw("GET /metrics HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
            assertThat(a.status()).isEqualTo(200);
            return a.body();
        }

        /** {@code qiuth_decisions_total{check="<check>",code="<code>",factors="none",outcome="denied"}} of this node. */
        double metric(String check, String code) {
            Matcher m = Pattern.compile("^qiuth_decisions_total\\{check=\"" + check + "\",code=\"" + code
                    + "\",factors=\"none\",outcome=\"denied\"} (\\S+)$", Pattern.MULTILINE).matcher(scrape());
            assertThat(m.find()).as("series for %s by %s", code, check).isTrue();
            return Double.parseDouble(m.group(1));
        }

        /** The 503s this node answered because Redis (its rate limiter or its replay guard) did not. */
        double redisErrors() {
            return metric("RATE_LIMITER", "UNAVAILABLE") + metric("REPLAY_GUARD", "UNAVAILABLE");
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
