package dev.qiuth.examples.jaxrs;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.jaxrs.JdkHttpPeerAddress;
import dev.qiuth.jaxrs.QiuthFilter;
import dev.qiuth.store.postgres.PostgresKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * Jersey on the JDK HTTP server: {@code GET /health} open, {@code /api/*} protected by one key
 * configured from {@code QIUTH_*} environment variables, listening on {@code PORT} (8080).
 *
 * <pre>
 * QIUTH_API_KEY=... QIUTH_HMAC_SECRET=... PORT=8080 java -jar examples/jaxrs/target/qiuth-jaxrs-example.jar
 * </pre>
 */
public final class JaxrsExample {
    private JaxrsExample() {
    }

    public static void main(String[] args) throws IOException {
        Qiuth qiuth;
        int port;
        try {
            qiuth = qiuthFromEnvironment(System.getenv());
            port = port(System.getenv());
        } catch (IllegalArgumentException | IllegalStateException | StoreUnavailableException e) {
            // names the variable that is missing or wrong, never its value
            System.err.println("qiuth-jaxrs-example: " + e.getMessage());
            System.exit(2);
            return;
        }
        ResourceConfig app = new ResourceConfig(ExampleResources.Health.class, ExampleResources.Api.class)
                .register(QiuthFilter.forAnnotated(qiuth))
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        HttpHandler jersey = ContainerFactory.createContainer(HttpHandler.class, app);
        // JAX-RS has no peer address of its own: this filter hands the socket peer to QiuthFilter
        server.createContext("/", jersey).getFilters().add(new JdkHttpPeerAddress());
        ExecutorService workers = Executors.newFixedThreadPool(16);
        server.setExecutor(workers);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);
            workers.shutdown();
        }));
        System.out.println("qiuth-jaxrs-example listening on http://localhost:" + server.getAddress().getPort()
                + " (GET /health open; GET /api/hello and POST /api/echo protected)");
    }

    /**
     * The engine for the one key the variables describe, or for the keys in PostgreSQL when
     * {@code QIUTH_JDBC_URL} is set without a key; fails naming the variables to set.
     */
    static Qiuth qiuthFromEnvironment(Map<String, String> env) {
        EnvironmentConfig config = EnvironmentConfig.from(env);
        // QIUTH_JDBC_URL without an API key: every key of the PostgreSQL database, kept in step across nodes
        Optional<PostgresKeys> database = PostgresKeys.whenConfigured(config);
        database.ifPresent(keys -> Runtime.getRuntime().addShutdownHook(new Thread(keys::close, "qiuth-keys-close")));
        return database.map(keys -> Qiuth.builder().keyStore(keys.keyStore()).trustedProxies(config.trustedProxies()).build())
                .orElseGet(() -> config.engineBuilder().build());
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
