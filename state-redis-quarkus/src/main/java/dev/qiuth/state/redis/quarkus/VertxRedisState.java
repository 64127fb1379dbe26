package dev.qiuth.state.redis.quarkus;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.state.redis.OutageLog;
import dev.qiuth.state.redis.RedisStateConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;

/**
 * One Vert.x Redis client (Quarkus' own, on Netty 4.1) shared by a {@link VertxReplayGuard} and a
 * {@link VertxRateLimiter}: the Quarkus twin of {@code RedisState}, with the same keys and scripts,
 * so Quarkus and Lettuce nodes share one Redis. Thread-safe; close it when the application stops.
 * In a Quarkus application with {@code qiuth-adapter-quarkus}, {@link RedisStateBeans} does all
 * of this from {@code qiuth.redis-url}.
 *
 * <pre>{@code
 * VertxRedisState redis = VertxRedisState.connect(vertx, RedisStateConfig.builder("rediss://:secret@redis.internal:6380")
 *         .trustedCertificates(Path.of("/etc/qiuth/redis-ca.pem")).build()); // or "redis://10.0.0.5:6379"
 * Qiuth qiuth = Qiuth.builder().keys(policies)
 *         .replayGuard(redis.replayGuard()).rateLimiter(redis.rateLimiter())
 *         .failureLimit(RateLimit.of(10, Duration.ofMinutes(1))).build();
 * }</pre>
 *
 * <p>The client keeps a small pool of connections and opens a new one when Redis comes back, so
 * an outage needs no restart: while Redis is down every call fails within the command timeout and
 * the engine answers 503. {@code redis.cluster()} selects Vert.x' cluster client, seeded by the URL.
 */
public final class VertxRedisState implements AutoCloseable {
    /** Longest wait for a TCP connection (and TLS handshake) to Redis. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Connections per Redis node; commands are pipelined on each. */
    static final int POOL_SIZE = 16;
    /** Commands waiting for a pooled connection at most; beyond, a call fails (503). */
    static final int MAX_WAITING = 10_000;

    private final RedisStateConfig config;
    private final Redis client;
    private final VertxReplayGuard replayGuard;
    private final VertxRateLimiter rateLimiter;
    private final BoundedSend ping;

    private VertxRedisState(RedisStateConfig config, Redis client) {
        this.config = config;
        this.client = client;
        this.replayGuard = new VertxReplayGuard(client, config);
        this.rateLimiter = new VertxRateLimiter(client, config);
        this.ping = new BoundedSend(client, config.commandTimeout(), "ping");
    }

    /**
     * A client for the Redis (or Redis Cluster) the configuration names. Off an event loop it
     * also checks, with one {@code PING}, that Redis answers and takes the credentials.
     *
     * @throws StoreUnavailableException when Redis cannot be reached or refuses the credentials
     *                                   (the message never quotes the password)
     */
    public static VertxRedisState connect(Vertx vertx, RedisStateConfig config) {
        long connectMs = Math.max(config.commandTimeout().toMillis(), CONNECT_TIMEOUT.toMillis());
        RedisOptions options = new RedisOptions()
                .setConnectionString(config.url())
                .setType(config.cluster() ? RedisClientType.CLUSTER : RedisClientType.STANDALONE)
                .setMaxPoolSize(POOL_SIZE)
                .setMaxPoolWaiting(MAX_WAITING)
                .setNetClientOptions(netClientOptions(config, (int) connectMs));
        Redis client = Redis.createClient(vertx, options);
        VertxRedisState state = new VertxRedisState(config, client);
        if (!Context.isOnEventLoopThread()) {
            try {
                // the first command also opens the connection (TCP, TLS, AUTH): it may take longer than one command
                new BoundedSend(client, Duration.ofMillis(connectMs), "connection").send(Request.cmd(Command.PING));
            } catch (RuntimeException e) {
                client.close();
                throw new StoreUnavailableException("cannot connect to Redis at " + config.redactedUrl() + ": "
                        + config.redactSecrets(OutageLog.describe(e)), e);
            }
        }
        return state;
    }

    /**
     * TCP and TLS settings. A {@code rediss://} URL makes the client upgrade each connection to
     * TLS; the server's certificate must then name the
     * host of the URL (hostname verification, as Lettuce does by default) and chain to the JDK's
     * trust store, or to {@link RedisStateConfig#trustedCertificates()} when set.
     */
    private static NetClientOptions netClientOptions(RedisStateConfig config, int connectMs) {
        NetClientOptions options = new NetClientOptions()
                .setConnectTimeout(connectMs)
                .setTcpKeepAlive(true)
                // Vert.x refuses TLS until told which check to run; "HTTPS" is the JDK's RFC 2818 one ("" would skip it)
                .setHostnameVerificationAlgorithm("HTTPS");
        if (config.trustedCertificates() != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(config.trustedCertificates().toString()));
        }
        return options;
    }

    /** The replay guard over this client; always fail closed. */
    public ReplayGuard replayGuard() {
        return replayGuard;
    }

    /** The rate limiter over this client; fail closed unless configured to fail open. */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public RedisStateConfig config() {
        return config;
    }

    /**
     * One {@code PING}, for readiness checks: what a round trip costs now. Blocks: not on an event loop.
     *
     * @throws StoreUnavailableException when Redis does not answer within the command timeout
     */
    public Duration ping() {
        long started = System.nanoTime();
        ping.send(Request.cmd(Command.PING));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Closes the client's connections; the guard and limiter fail closed after. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "VertxRedisState[" + config + "]";
    }
}
