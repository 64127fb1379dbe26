package dev.qiuth.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * A HikariCP pool for the key store, tuned to fail fast: a request waits at most
 * {@code connectionTimeout} for a connection before the engine answers 503, rather than Hikari's
 * default of 30 seconds. Close it when the application stops.
 *
 * <pre>{@code
 * HikariDataSource pool = PostgresPool.create("jdbc:postgresql://db:5432/app", "qiuth", password);
 * }</pre>
 */
public final class PostgresPool {
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_SIZE = 10;

    private PostgresPool() {
    }

    public static HikariDataSource create(String jdbcUrl, String user, String password) {
        return create(jdbcUrl, user, password, DEFAULT_MAX_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * @throws IllegalArgumentException for a URL that is not {@code jdbc:postgresql:}
     */
    public static HikariDataSource create(String jdbcUrl, String user, String password, int maxSize,
            Duration connectionTimeout) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            // the URL may carry a password: do not quote it
            throw new IllegalArgumentException("the JDBC URL must start with jdbc:postgresql:");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("qiuth-keys");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxSize);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        // do not fail the application's start when the database is down: lookups answer 503 until it is back
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
