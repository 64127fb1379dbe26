package dev.qiuth.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.qiuth.testing.FreePort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL for one test class, on a fixed free loopback port and a kept data directory
 * so that a test can stop it and start it again where it was; plus a fast-failing pool on it.
 */
final class TestDatabase implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;
    private final HikariDataSource pool;

    private TestDatabase() throws IOException {
        this.dataDirectory = Files.createTempDirectory("qiuth-pg");
        this.port = FreePort.onLoopback();
        this.postgres = startPostgres();
        this.pool = PostgresPool.create(jdbcUrl(), "postgres", "postgres", 8, Duration.ofMillis(500));
    }

    /** Starts PostgreSQL and migrates the schema. */
    static TestDatabase start() {
        try {
            TestDatabase db = new TestDatabase();
            PostgresKeySchema.migrate(db.pool);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    HikariDataSource pool() {
        return pool;
    }

    /** Stops the server, keeping its data; connections in the pool break. */
    void stop() throws IOException {
        postgres.close();
        postgres = null;
    }

    /** Starts it again on the same port with the same data. */
    void restart() throws IOException {
        postgres = startPostgres();
    }

    /** Empties the key table between tests (the master key check stays). */
    void clearKeys() {
        execute("TRUNCATE qiuth_keys");
    }

    void execute(String sql) {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    @Override
    public void close() throws IOException {
        pool.close();
        if (postgres != null) {
            postgres.close();
        }
    }
}
