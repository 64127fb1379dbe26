package dev.qiuth.state.redis;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.config.RedisSettings;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Redis connection shared by a {@link RedisReplayGuard} and a {@link RedisRateLimiter}, so
 * that every node behind a load balancer shares replay memory and counters. Thread-safe; close it
 * when the application stops.
 *
 * <pre>{@code
 * RedisState redis = RedisState.connect(RedisStateConfig.builder("redis://:password@10.0.0.5:6379").build());
 * Qiuth qiuth = Qiuth.builder()
 *         .keys(policies)
 *         .replayGuard(redis.replayGuard())
 *         .rateLimiter(redis.rateLimiter())
 *         .failureLimit(RateLimit.of(10, Duration.ofMinutes(1)))
 *         .build();
 * // on shutdown
 * redis.close();
 * }</pre>
 *
 * <p>Connects at once and throws when Redis cannot be reached or refuses the credentials. After
 * that, Lettuce reconnects by itself (retrying at most every second); while it is disconnected,
 * commands are refused at once instead of queued, so every call answers within the command
 * timeout, and the engine answers 503 until Redis is back.
 */
public final class RedisState implements AutoCloseable {
    /** Reconnect attempts back off from 10 ms to this, so a restarted Redis is used again soon. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** Longest wait for a connection: TCP connect, TLS handshake and HELLO/AUTH. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Commands buffered per connection at most; beyond, Redis is treated as down. */
    static final int MAX_QUEUED_COMMANDS = 10_000;

    private final RedisStateConfig config;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final RedisReplayGuard replayGuard;
    private final RedisRateLimiter rateLimiter;
    private final BoundedWait pingWait;

    private RedisState(RedisStateConfig config, ClientResources resources, AbstractRedisClient client,
                       StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands) {
        this.config = config;
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.replayGuard = new RedisReplayGuard(commands, config);
        this.rateLimiter = new RedisRateLimiter(commands, config);
        this.pingWait = new BoundedWait(config.commandTimeout(), "ping");
    }

    /**
     * Connects to the Redis (or Redis Cluster) the configuration names.
     *
     * @throws IllegalArgumentException when the URL does not parse (the message never quotes it)
     * @throws StoreUnavailableException when Redis cannot be reached or refuses the credentials
     */
    public static RedisState connect(RedisStateConfig config) {
        RedisURI uri = parse(config);
        ClientResources resources = ClientResources.builder()
                // Lettuce would record every command's latency whenever LatencyUtils is on the class path
                // (Micrometer brings it), with pause-detector threads of its own; the engine's metrics suffice
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        AbstractRedisClient client = null;
        try {
            if (config.cluster()) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
                cluster.setOptions(ClusterClientOptions.builder(clientOptions(config,
                                // node connections open on a node's first command: rejecting while
                                // disconnected would refuse it; the command timeout bounds the wait
                                ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS))
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers()
                                .build())
                        .build());
                client = cluster;
                StatefulRedisClusterConnection<byte[], byte[]> c = cluster.connect(ByteArrayCodec.INSTANCE);
                c.setTimeout(config.commandTimeout());
                return new RedisState(config, resources, cluster, c, c.async());
            }
            RedisClient single = RedisClient.create(resources, uri);
            single.setOptions(clientOptions(config, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS));
            client = single;
            StatefulRedisConnection<byte[], byte[]> c = single.connect(ByteArrayCodec.INSTANCE);
            c.setTimeout(config.commandTimeout());
            return new RedisState(config, resources, single, c, c.async());
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new StoreUnavailableException("cannot connect to Redis at " + config.redactedUrl() + ": "
                    + config.redactSecrets(OutageLog.describe(e)), e);
        }
    }

    /**
     * Connects as the {@code QIUTH_REDIS_*} variables (or an adapter's {@code qiuth.redis-*}
     * settings) say: the one factory every app shares.
     *
     * <pre>{@code
     * EnvironmentConfig env = EnvironmentConfig.from(System.getenv());
     * Qiuth.Builder builder = env.engineBuilder();
     * Optional<RedisState> redis = env.redis().map(RedisState::fromSettings);
     * redis.ifPresent(r -> builder.replayGuard(r.replayGuard()).rateLimiter(r.rateLimiter()));
     * }</pre>
     *
     * @throws IllegalArgumentException when the URL does not parse (the message never quotes it)
     * @throws StoreUnavailableException when Redis cannot be reached or refuses the credentials
     */
    public static RedisState fromSettings(RedisSettings settings) {
        return connect(RedisStateConfig.fromSettings(settings));
    }

    private static RedisURI parse(RedisStateConfig config) {
        RedisURI uri;
        try {
            // java.net.URI is strict about host and port where Lettuce would take
            // "host:notaport" for a host name and look it up
            if (new java.net.URI(config.url()).getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            uri = RedisURI.create(config.url());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // Lettuce's message may quote the URL, password included
            throw new IllegalArgumentException("Redis URL " + config.redactedUrl() + " does not parse as"
                    + " redis[s]://[[user]:password@]host[:port][/database]");
        }
        // the handshake (TCP, TLS, HELLO/AUTH) may take longer than one command, the first TLS
        // handshake of a JVM especially; commands keep their own timeout (TimeoutOptions)
        uri.setTimeout(max(config.commandTimeout(), CONNECT_TIMEOUT));
        return uri;
    }

    private static ClientOptions clientOptions(RedisStateConfig config, ClientOptions.DisconnectedBehavior whileDisconnected) {
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(whileDisconnected)
                // commands waiting for a reconnect are bounded in number as well as in time
                .requestQueueSize(MAX_QUEUED_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(max(config.commandTimeout(), CONNECT_TIMEOUT))
                        .keepAlive(true)
                        .build());
        if (config.trustedCertificates() != null) {
            b.sslOptions(SslOptions.builder().jdkSslProvider()
                    .trustManager(config.trustedCertificates().toFile()).build());
        }
        return b.build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The replay guard over this connection; always fail closed. */
    public ReplayGuard replayGuard() {
        return replayGuard;
    }

    /** The rate limiter over this connection; fail closed unless configured to fail open. */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public RedisStateConfig config() {
        return config;
    }

    /**
     * One {@code PING} on the shared connection, for readiness checks: what a round trip costs
     * now (in a cluster, to the node Lettuce picks for keyless commands).
     *
     * @throws StoreUnavailableException when Redis does not answer within the command timeout
     */
    public Duration ping() {
        long started = System.nanoTime();
        pingWait.await(commands.ping());
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Closes the connection and the client's threads; the guard and limiter fail closed after. */
    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "RedisState[" + config + "]";
    }
}
