package dev.qiuth.examples.micronaut;

import dev.qiuth.config.EnvironmentConfig;
import io.micronaut.runtime.Micronaut;

/**
 * The Micronaut example: {@code /health} is open, {@code /api/*} needs the key configured by the
 * {@code QIUTH_*} environment variables, which Micronaut maps onto the adapter's {@code qiuth.*}
 * settings ({@code QIUTH_API_KEY} is {@code qiuth.api-key}); or, with {@code QIUTH_JDBC_URL} and no
 * key variable, every key of the PostgreSQL database ({@link PostgresKeysFactory}).
 *
 * <pre>{@code
 * PORT=8080 QIUTH_API_KEY=... QIUTH_HMAC_SECRET=... java -jar target/qiuth-micronaut-example.jar
 * }</pre>
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        // checked before Micronaut starts, so that a missing key is one line, not a stack trace
        String problem = null;
        try {
            EnvironmentConfig config = EnvironmentConfig.from(System.getenv());
            if (!PostgresKeysFactory.KeysInPostgres.wanted(config)) { // else the keys come from PostgreSQL
                config.requirePolicy();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            System.err.println("qiuth-micronaut-example: " + problem);
            System.exit(2);
        }
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
