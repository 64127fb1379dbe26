package dev.qiuth.bench;

import dev.qiuth.Decision;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.state.redis.RedisState;
import dev.qiuth.state.redis.RedisStateConfig;
import dev.qiuth.store.InMemoryKeyStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.embedded.RedisServer;

/**
 * The shared state in Redis against a local redis-server (the one embedded-redis ships), one
 * thread, one connection: the replay check ({@code SET NX PX}) and the rate-limit calls (one
 * {@code EVALSHA} each) beside a bare {@code PING} on the same connection, which is the floor
 * (one round trip); and the whole HMAC path with the Redis replay guard beside the in-memory one.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RedisStateBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisStateBenchmark {
    private static final RateLimit UNREACHABLE_LIMIT = RateLimit.of(Integer.MAX_VALUE, Duration.ofMinutes(1));

    /** A redis-server on a free loopback port and one {@link RedisState} over it. */
    @State(Scope.Benchmark)
    public static class LocalRedis {
        RedisServer server;
        RedisState redis;
        /** A second connection, for the fixture's FLUSHDB only. */
        RedisClient adminClient;
        StatefulRedisConnection<String, String> admin;

        @Setup(Level.Trial)
        public void start() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            // a generous timeout: on a crowded machine one stall past 500 ms would end the iteration
            redis = RedisState.connect(RedisStateConfig.builder("redis://127.0.0.1:" + port)
                    .commandTimeout(Duration.ofSeconds(5)).build());
            adminClient = RedisClient.create("redis://127.0.0.1:" + port);
            admin = adminClient.connect();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            admin.close();
            adminClient.shutdown();
            redis.close();
            server.stop();
        }

        void flush() {
            admin.sync().flushdb();
        }
    }

    /** Distinct fingerprints: a counter in the first 8 bytes of a fixed digest. */
    @State(Scope.Thread)
    public static class Fingerprints {
        final ByteBuffer fingerprint = ByteBuffer.allocate(32);
        long next;

        byte[] next() {
            fingerprint.putLong(0, next++);
            return fingerprint.array().clone();
        }
    }

    /** The HMAC path of {@link PipelineBenchmark}, its engine over the Redis state. */
    abstract static class RedisHmacPath extends PipelineBenchmark.SignedPath {
        void build(LocalRedis local, boolean failureLimit) {
            clock = new BenchmarkClock(Fixtures.SIGNED_AT);
            InMemoryKeyStore store = Fixtures.store(Fixtures.hmacPolicy());
            RequestView[] requests = new RequestView[PipelineBenchmark.HmacPath.RING];
            for (int n = 0; n < requests.length; n++) {
                requests[n] = Fixtures.signedRequest(Fixtures.hmacSigner(), n, Fixtures.PEER_V4);
            }
            probe = Fixtures.signedRequest(Fixtures.hmacSigner(), requests.length, Fixtures.PEER_V4);
            // Redis remembers what the last engine saw: each turn of the ring starts on an empty
            // database (one FLUSHDB per 256 requests)
            ring = new RequestRing(requests, () -> {
                local.flush();
                Qiuth.Builder b = Qiuth.builder().keyStore(store).clock(clock)
                        .replayGuard(local.redis.replayGuard()).rateLimiter(local.redis.rateLimiter());
                if (failureLimit) {
                    b.failureLimit(RateLimit.of(10, Duration.ofMinutes(1)));
                }
                return b.build();
            });
        }
    }

    /** The HMAC path with the Redis replay guard: one round trip per request. */
    @State(Scope.Thread)
    public static class HmacPathRedis extends RedisHmacPath {
        @Setup(Level.Trial)
        public void setUp(LocalRedis local) {
            build(local, false);
        }
    }

    /** As {@link HmacPathRedis}, with a failure limit: one more round trip (its check) per request. */
    @State(Scope.Thread)
    public static class HmacPathRedisFailureLimit extends RedisHmacPath {
        @Setup(Level.Trial)
        public void setUpWithFailureLimit(LocalRedis local) {
            build(local, true);
        }
    }

    /** The floor: one round trip on the same connection, awaited the same way. */
    @Benchmark
    public Duration ping(LocalRedis local) {
        return local.redis.ping();
    }

    @Benchmark
    public boolean replayFirstUse(LocalRedis local, Fingerprints fingerprints) {
        Instant now = Instant.now();
        // a few seconds of life keeps the database small however long the run
        return local.redis.replayGuard().firstUse(fingerprints.next(), now.plusSeconds(5), now);
    }

    @Benchmark
    public long rateLimitAcquire(LocalRedis local) {
        return local.redis.rateLimiter().acquire("key:bench", UNREACHABLE_LIMIT, Instant.now());
    }

    @Benchmark
    public long rateLimitBlockedFor(LocalRedis local) {
        return local.redis.rateLimiter().blockedFor("fail:198.51.100.7", UNREACHABLE_LIMIT, Instant.now());
    }

    @Benchmark
    public Decision hmacPathInMemory(PipelineBenchmark.HmacPath state) {
        return state.ring.authenticateNext();
    }

    @Benchmark
    public Decision hmacPathRedis(HmacPathRedis state) {
        return state.ring.authenticateNext();
    }

    @Benchmark
    public Decision hmacPathRedisFailureLimit(HmacPathRedisFailureLimit state) {
        return state.ring.authenticateNext();
    }
}
