package dev.qiuth.examples.micronaut;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.config.EnvironmentConfig;
import io.micronaut.context.env.Environment;
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
        new OneLineWhenAStoreIsDown().args(args).mainClass(Application.class).banner(false).start();
    }

    /**
     * Micronaut, except that a store it cannot reach while creating the beans (the Redis of
     * {@code QIUTH_REDIS_URL}, {@link SharedState}) stops the app with the store's one-line message
     * (URL masked, cause named) and exit code 1, where Micronaut would log the bean path and a long
     * stack trace. Any other startup failure is Micronaut's to report.
     */
    static final class OneLineWhenAStoreIsDown extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            StoreUnavailableException down = storeUnavailable(exception);
            if (down != null) {
                System.err.println("qiuth-micronaut-example: " + down.getMessage());
                System.exit(1);
            }
            super.handleStartupException(environment, exception);
        }

        /** The StoreUnavailableException among the causes (Micronaut wraps it in bean exceptions), or null. */
        static StoreUnavailableException storeUnavailable(Throwable exception) {
            for (Throwable t = exception; t != null && t != t.getCause(); t = t.getCause()) {
                if (t instanceof StoreUnavailableException down) {
                    return down;
                }
            }
            return null;
        }
    }
}
