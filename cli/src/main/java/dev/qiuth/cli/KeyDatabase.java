package dev.qiuth.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.config.DatabaseSettings;
import dev.qiuth.store.postgres.PostgresKeyAdmin;
import dev.qiuth.store.postgres.PostgresKeySchema;
import dev.qiuth.store.postgres.PostgresKeys;
import dev.qiuth.store.postgres.PostgresPool;
import dev.qiuth.store.postgres.MasterKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;

/**
 * One command's connection to the key database: a small pool that gives up after a few seconds,
 * and failures turned into what {@link QiuthCli} reports. A database that cannot be reached
 * becomes {@link StoreUnavailableException} (exit 3); a missing or wrong master key, or a schema
 * not migrated, becomes {@link IllegalArgumentException} (exit 2). No driver message is shown: it
 * may quote the connection string.
 */
final class KeyDatabase implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final DatabaseSettings settings;
    private final HikariDataSource pool;

    private KeyDatabase(DatabaseSettings settings) {
        this.settings = settings;
        try {
            this.pool = PostgresPool.create(settings.jdbcUrl(), settings.user(), settings.password(), 2, CONNECT_TIMEOUT);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the database settings are not usable ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static KeyDatabase open(DatabaseSettings settings) {
        return new KeyDatabase(settings);
    }

    /** Applies the schema's pending migrations; returns how many ran. */
    int migrate() {
        reachable();
        try {
            return PostgresKeySchema.migrate(pool);
        } catch (RuntimeException e) {
            throw translate(e, "migration failed");
        }
    }

    /** Whether {@code QIUTH_MASTER_KEY} is set, so a migration can record or check it. */
    boolean hasMasterKey() {
        return settings.masterKeyValue().isPresent();
    }

    /**
     * Applies the pending migrations, then records which master key the secrets are encrypted with
     * (or checks it when recorded); returns how many migrations ran.
     */
    int migrateWithMasterKey() {
        reachable();
        MasterKey masterKey = masterKey(); // before any migration runs: a malformed key changes nothing
        try {
            return PostgresKeySchema.migrate(pool, masterKey);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage()); // names QIUTH_MASTER_KEY, never its value
        } catch (RuntimeException e) {
            throw translate(e, "migration failed");
        }
    }

    /** The admin API, after checking the master key against the database. */
    PostgresKeyAdmin admin(Clock clock) {
        MasterKey masterKey = masterKey();
        reachable();
        try {
            return PostgresKeyAdmin.create(pool, masterKey, clock);
        } catch (IllegalStateException e) {
            // messages name QIUTH_MASTER_KEY or the missing schema, never a value
            throw new IllegalArgumentException(e.getMessage().replace("PostgresKeySchema.migrate()", "qiuth keys migrate"));
        }
    }

    private MasterKey masterKey() {
        try {
            return PostgresKeys.masterKey(settings);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Fails with exit code 3 when no connection can be had, before anything else is tried. */
    private void reachable() {
        try (Connection c = pool.getConnection()) {
            c.isValid(1);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to the database (" + e.getClass().getSimpleName()
                    + ", SQLState " + e.getSQLState() + ")");
        }
    }

    private static RuntimeException translate(RuntimeException e, String what) {
        if (e instanceof StoreUnavailableException) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return new StoreUnavailableException("cannot connect to the database (" + t.getClass().getSimpleName() + ")");
            }
        }
        SQLException sql = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        return new IllegalStateException(what + " (" + e.getClass().getSimpleName()
                + (sql == null ? "" : ", SQLState " + sql.getSQLState()) + ")");
    }

    @Override
    public void close() {
        pool.close();
    }
}
