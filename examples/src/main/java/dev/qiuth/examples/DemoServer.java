package dev.qiuth.examples;

import dev.qiuth.Qiuth;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.metrics.QiuthMetrics;
import dev.qiuth.servlet.QiuthFilter;
import dev.qiuth.state.redis.RedisState;
import dev.qiuth.store.postgres.PostgresKeys;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The demo's Jetty 12 server: the handlers, and the {@link QiuthFilter} wired in code.
 *
 * <pre>{@code
 * try (DemoServer demo = DemoServer.environment(EnvironmentConfig.from(env), Clock.systemUTC(), "127.0.0.1", 0)) {
 *     demo.start();
 *     System.out.println(demo.baseUrl());
 * }
 * }</pre>
 */
final class DemoServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context = new ServletContextHandler("/");
    /** Every engine of this server counts its decisions here; {@code GET /metrics} shows them. */
    private final QiuthMetrics metrics;
    private Path privateKey;
    private AutoCloseable keyStore; // the PostgreSQL keys in database mode, closed with the server
    /** The shared state when {@code QIUTH_REDIS_URL} is set; closed with the server. */
    private RedisState redis;

    private DemoServer(String host, int port) {
        server = new Server(new QueuedThreadPool(50, 4));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host); // null: every interface
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new TraceRefusal(context)); // HttpServlet.doTrace would echo the credentials
        context.addServlet(new ServletHolder(new DemoServlets.Health()), "/health");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = QiuthMetrics.bindTo(registry);
        context.addServlet(new ServletHolder(new MetricsServlet(registry)), "/metrics");
    }

    /**
     * {@code /api/*} protected by the one key the {@code QIUTH_*} variables describe; with
     * {@code QIUTH_REDIS_URL} the replay memory and the counters (lockout included) live in Redis,
     * shared with every other node.
     *
     * @throws dev.qiuth.StoreUnavailableException when Redis is configured but cannot be reached
     */
    static DemoServer environment(EnvironmentConfig config, Clock clock, String host, int port) {
        return protectedApi(config, config.engineBuilder().clock(clock), host, port);
    }

    /** {@code /api/*} protected by the keys in PostgreSQL; closing the demo closes {@code keys}. */
    static DemoServer database(EnvironmentConfig config, PostgresKeys keys, Clock clock, String host, int port) {
        DemoServer demo = protectedApi(config, config.engineBuilder(keys.keyStore()).clock(clock), host, port);
        demo.keyStore = keys;
        return demo;
    }

    private static DemoServer protectedApi(EnvironmentConfig config, Qiuth.Builder engine, String host, int port) {
        DemoServer demo = new DemoServer(host, port);
        engine.listener(demo.metrics);
        config.redis().ifPresent(settings -> {
            demo.redis = RedisState.fromSettings(settings);
            engine.replayGuard(demo.redis.replayGuard()).rateLimiter(demo.redis.rateLimiter());
        });
        Qiuth qiuth = engine.build();
        // everything but GET /health, GET /public/hello and GET /metrics needs the key, so nothing new is ever open by accident
        demo.protect(QiuthFilter.builder(qiuth).exclude("GET /health").exclude("GET /public/hello").exclude("GET /metrics")
                .build(), "/*");
        demo.context.addServlet(new ServletHolder(new DemoServlets.PublicHello()), "/public/hello");
        demo.context.addServlet(new ServletHolder(new DemoServlets.Hello()), "/api/hello");
        demo.context.addServlet(new ServletHolder(new DemoServlets.Echo()), "/api/echo");
        return demo;
    }

    /**
     * The four levels of the guided demo, each behind its own filter and engine holding only that
     * level's key, so a weaker level's key opens nothing stronger.
     */
    static DemoServer guided(GuidedCredentials creds, Clock clock, String host, int port) throws IOException {
        DemoServer demo = new DemoServer(host, port);
        for (GuidedLevel level : GuidedLevel.values()) {
            Qiuth qiuth = Qiuth.builder().keys(creds.policy(level)).clock(clock).listener(demo.metrics).build();
            demo.protect(QiuthFilter.builder(qiuth).build(), level.path() + "/*"); // also matches the bare path
            demo.context.addServlet(new ServletHolder(new DemoServlets.Level(level)), level.path());
        }
        // written last, so that from here on close() (also on a failed start) deletes it
        demo.privateKey = creds.writePrivateKey();
        return demo;
    }

    /** The guided demo's private key file, or {@code null} in environment mode. */
    Path privateKey() {
        return privateKey;
    }

    private void protect(Filter filter, String... paths) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        for (String path : paths) {
            context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
        }
    }

    void start() throws Exception {
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The port listened on (the real one when started with port 0). */
    int port() {
        return connector.getLocalPort();
    }

    /** {@code http://localhost:PORT}: the address to call, and to sign. */
    String baseUrl() {
        return "http://localhost:" + port();
    }

    void join() throws InterruptedException {
        server.join();
    }

    /** Stops the server and deletes the guided demo's private key file. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // stopping is best effort; the key file below must still go
        } finally {
            deletePrivateKey();
            if (redis != null) {
                redis.close();
            }
            closeKeyStore();
        }
    }

    private void closeKeyStore() {
        if (keyStore == null) {
            return;
        }
        try {
            keyStore.close();
        } catch (Exception e) {
            // stopping: the pool and listener threads are daemons and go with the process
        }
    }

    private void deletePrivateKey() {
        if (privateKey == null) {
            return;
        }
        try {
            Files.deleteIfExists(privateKey);
            Files.deleteIfExists(privateKey.getParent());
        } catch (IOException e) {
            // a temp file left behind holds only this run's throwaway key
        }
    }
}
