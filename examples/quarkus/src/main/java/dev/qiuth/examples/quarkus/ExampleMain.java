package dev.qiuth.examples.quarkus;

import dev.qiuth.config.EnvironmentConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The Quarkus example: {@code /health} is open, {@code /api/*} needs the key configured by the
 * {@code QIUTH_*} environment variables, which Quarkus reads as the adapter's {@code qiuth.*}
 * settings ({@code QIUTH_API_KEY} is {@code qiuth.api-key}); or, with {@code QIUTH_JDBC_URL} and no
 * key variable, every key of the PostgreSQL database ({@link ExampleKeyStore}). With
 * {@code QIUTH_REDIS_URL} (and the other {@code QIUTH_REDIS_*} settings) the replay memory and the
 * lockout counters live in Redis, shared with every other node, Quarkus or not
 * ({@code qiuth-state-redis-quarkus}).
 *
 * <pre>{@code
 * PORT=8080 QIUTH_API_KEY=... QIUTH_HMAC_SECRET=... java -jar target/quarkus-app/quarkus-run.jar
 * }</pre>
 */
@QuarkusMain
public final class ExampleMain {
    public static void main(String... args) {
        // checked before Quarkus starts, so that a missing or bad key is one line, not a stack trace
        String problem = null;
        try {
            EnvironmentConfig config = EnvironmentConfig.from(System.getenv());
            if (config.policy().isPresent() || config.database().isEmpty()) { // else the keys come from PostgreSQL
                config.requirePolicy();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            System.err.println("qiuth-quarkus-example: " + problem);
            System.exit(2);
        }
        Quarkus.run(args);
    }
}
