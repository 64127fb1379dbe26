package dev.qiuth.examples.jaxrs;

import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.state.redis.RedisState;
import dev.qiuth.jaxrs.QiuthFilter;
import dev.qiuth.jaxrs.RemoteAddressResolver;
import dev.qiuth.store.postgres.PostgresKeys;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey as a servlet in Jetty 12: {@code GET /health} and {@code GET /public/hello} open,
 * {@code /api/*} protected by one key configured from {@code QIUTH_*} environment variables,
 * listening on {@code PORT} (8080).
 *
 * <p>Jetty, not the JDK's {@code HttpServer}: Jetty reads request heads without holding a thread,
 * closes idle connections, answers an oversized head with 431, and refuses what the JDK server
 * repairs (a NUL or bare CR in a header value, {@code Content-Length: +7}).
 *
 * <pre>
 * QIUTH_API_KEY=... QIUTH_HMAC_SECRET=... PORT=8080 java -jar examples/jaxrs/target/qiuth-jaxrs-example.jar
 * </pre>
 */
public final class JaxrsExample {
    /** Servlet request attributes are JAX-RS request properties: this is how QiuthFilter learns the TCP peer. */
    private static final Filter PEER_ADDRESS = (request, response, chain) -> {
        request.setAttribute(RemoteAddressResolver.PROPERTY, request.getRemoteAddr());
        chain.doFilter(request, response);
    };

    private JaxrsExample() {
    }

    public static void main(String[] args) throws Exception {
        Qiuth qiuth;
        int port;
        try {
            qiuth = qiuthFromEnvironment(System.getenv());
            port = port(System.getenv());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // names the variable that is missing or wrong, never its value: exit 2, as every example
            System.err.println("qiuth-jaxrs-example: " + e.getMessage());
            System.exit(2);
            return;
        } catch (StoreUnavailableException e) {
            // the store that cannot be reached (URL masked, cause named): exit 1, as every example
            System.err.println("qiuth-jaxrs-example: " + e.getMessage());
            System.exit(1);
            return;
        }
        Server server = server(qiuth, port);
        server.setStopAtShutdown(true);
        server.start();
        int actual = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        System.out.println("qiuth-jaxrs-example listening on http://localhost:" + actual
                + " (GET /health and /public/hello open; GET /api/hello and POST /api/echo protected)");
        server.join();
    }

    /** The Jetty server with Jersey and the Qiuth filter, not yet started. */
    static Server server(Qiuth qiuth, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("jaxrs-example");
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(8 * 1024); // a longer request head gets 431
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(port);
        connector.setIdleTimeout(30_000); // a connection that sends nothing for 30 s, head or body, is closed
        server.addConnector(connector);
        // connections are cheap in Jetty (no thread waits on a head), but not free
        server.addBean(new NetworkConnectionLimit(2_000, connector));

        ResourceConfig app = new ResourceConfig(ExampleResources.Health.class, ExampleResources.Public.class,
                ExampleResources.Api.class)
                .register(QiuthFilter.forAnnotated(qiuth))
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(PEER_ADDRESS), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder jersey = new ServletHolder(new ServletContainer(app));
        jersey.setAsyncSupported(true);
        context.addServlet(jersey, "/*");
        server.setHandler(new TraceRefusal(context));
        return server;
    }

    /**
     * The engine for the one key the variables describe, or for the keys in PostgreSQL when
     * {@code QIUTH_JDBC_URL} is set without a key, with the lockout the variables set; with
     * {@code QIUTH_REDIS_URL}, replay memory and counters shared through Redis. What it opens is
     * closed at exit. Fails naming the variables to set.
     */
    static Qiuth qiuthFromEnvironment(Map<String, String> env) {
        EnvironmentConfig config = EnvironmentConfig.from(env);
        // QIUTH_JDBC_URL without an API key: every key of the PostgreSQL database, kept in step across nodes
        Optional<PostgresKeys> database = PostgresKeys.whenConfigured(config);
        database.ifPresent(keys -> Runtime.getRuntime().addShutdownHook(new Thread(keys::close, "qiuth-keys-close")));
        Qiuth.Builder builder = database.map(keys -> config.engineBuilder(keys.keyStore())).orElseGet(config::engineBuilder);
        config.redis().map(RedisState::fromSettings).ifPresent(redis -> {
            builder.replayGuard(redis.replayGuard()).rateLimiter(redis.rateLimiter());
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "qiuth-redis-close"));
        });
        return builder.build();
    }

    static int port(Map<String, String> env) {
        String value = env.getOrDefault("PORT", "8080").trim();
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("PORT must be a port number from 0 to 65535");
    }
}
