package dev.qiuth.examples;

import ch.qos.logback.classic.LoggerContext;
import dev.qiuth.KeyPolicy;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.store.postgres.PostgresKeys;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar examples/target/qiuth-demo.jar}: a Jetty API protected by Qiuth.
 *
 * <ul>
 *   <li>{@code PORT} (default 8080), {@code HOST} (default: every interface); {@code GET /health}
 *       is always open.</li>
 *   <li>With {@code QIUTH_API_KEY} or {@code QIUTH_HASHED_API_KEY} set, {@code /api/*} needs that
 *       key and the factors the other {@code QIUTH_*} variables turn on: {@code GET /api/hello}
 *       answers with the principal, {@code POST /api/echo} with the body.</li>
 *   <li>With {@code QIUTH_JDBC_URL} (and {@code QIUTH_MASTER_KEY}, {@code QIUTH_JDBC_USER},
 *       {@code QIUTH_JDBC_PASSWORD}) but no API key variable, {@code /api/*} accepts the keys
 *       stored in PostgreSQL ({@code qiuth keys add}); a revoked key is refused within a second.</li>
 *   <li>With no {@code QIUTH_*} variable at all, a guided tour: four levels with generated
 *       credentials and ready-to-paste commands on standard output.</li>
 * </ul>
 *
 * <pre>{@code
 * QIUTH_API_KEY=sk_test_123 QIUTH_HMAC_SECRET=$(openssl rand -hex 32) java -jar examples/target/qiuth-demo.jar
 * }</pre>
 */
public final class DemoApp {
    private static final Logger LOG = LoggerFactory.getLogger(DemoApp.class);
    private static final int DEFAULT_PORT = 8080;

    private DemoApp() {
    }

    public static void main(String[] args) {
        DemoServer demo;
        try {
            demo = start(System.getenv(), System.out, Clock.systemUTC());
        } catch (ConfigurationException e) {
            System.err.println("qiuth-demo: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("qiuth-demo: could not start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        // SIGTERM and Ctrl-C run the shutdown hooks: stop Jetty, delete the guided key file
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            LOG.info("Qiuth demo stopped");
            // the audit lines are written by a background thread: let it write out its queue before the JVM exits
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                logback.stop();
            }
        }, "qiuth-demo-shutdown"));
        try {
            demo.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the demo the environment describes.
     *
     * @throws ConfigurationException with a one-line message naming the variable to fix
     */
    static DemoServer start(Map<String, String> env, PrintStream console, Clock clock) throws Exception {
        int port = port(env.get("PORT"));
        String host = env.get("HOST") == null || env.get("HOST").isBlank() ? null : env.get("HOST").trim();
        if (env.entrySet().stream().noneMatch(e -> e.getKey().startsWith(EnvironmentConfig.PREFIX) && !e.getValue().isBlank())) {
            return startGuided(host, port, console, clock);
        }
        EnvironmentConfig config;
        try {
            config = EnvironmentConfig.from(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage()); // names the variable, never its value
        }
        if (config.policy().isEmpty() && config.database().isPresent()) {
            return startWithDatabase(config, clock, host, port);
        }
        KeyPolicy policy = config.policy().orElseThrow(() -> new ConfigurationException("set QIUTH_API_KEY or "
                + "QIUTH_HASHED_API_KEY to protect /api/*, or unset every QIUTH_* variable for the guided demo"));
        DemoServer demo = DemoServer.environment(config, clock, host, port);
        demo.start();
        LOG.info("Qiuth demo listening on {}: /api/hello and /api/echo need key {} with {}; GET /health, GET /public/hello and GET /metrics are open",
                demo.baseUrl(), policy.id(), policy.factors());
        // the settings print without the URL's password
        LOG.info("replay memory and rate limits: {}", config.redis().map(Object::toString).orElse("in memory (this node only)"));
        return demo;
    }

    /** The keys of a PostgreSQL database, cached, with this node listening for changes. */
    private static DemoServer startWithDatabase(EnvironmentConfig config, Clock clock, String host, int port) throws Exception {
        PostgresKeys keys;
        try {
            keys = PostgresKeys.fromSettings(config.database().orElseThrow(), clock);
        } catch (IllegalStateException e) {
            throw new ConfigurationException(e.getMessage()); // names QIUTH_MASTER_KEY or the missing schema
        }
        DemoServer demo = DemoServer.database(config, keys, clock, host, port);
        demo.start();
        LOG.info("Qiuth demo listening on {}: /api/hello and /api/echo need a key stored in {}; GET /health is open",
                demo.baseUrl(), config.database().orElseThrow());
        return demo;
    }

    private static DemoServer startGuided(String host, int port, PrintStream console, Clock clock) throws Exception {
        GuidedCredentials creds = GuidedCredentials.generate(new CredentialGenerator());
        DemoServer demo = DemoServer.guided(creds, clock, host, port);
        demo.start();
        LOG.info("Qiuth demo listening on {} (guided mode: four security levels, commands on the console)", demo.baseUrl());
        // the throwaway credentials go to the console on purpose, never to a log line
        console.print(GuidedInstructions.render(creds, demo.baseUrl(), demo.privateKey(), clock.instant()));
        console.flush();
        return demo;
    }

    static int port(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ConfigurationException("PORT must be a number from 0 to 65535, got '" + value.trim() + "'");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        // a store's message often names its root cause already ("... <- Connection refused")
        return e == root || root.getMessage() == null || message.contains(root.getMessage()) ? message
                : message + " (" + root.getMessage() + ")";
    }

    /** A setting the demo cannot start with; the message is one line and names what to set. */
    static final class ConfigurationException extends RuntimeException {
        ConfigurationException(String message) {
            super(message);
        }
    }
}
