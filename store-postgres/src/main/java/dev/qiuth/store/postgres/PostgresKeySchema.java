package dev.qiuth.store.postgres;

import dev.qiuth.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and upgrades the Qiuth tables with the Flyway migrations shipped in this jar
 * ({@code db/migration/qiuth}), recording them in their own history table
 * {@value #HISTORY_TABLE}, so an application's own Flyway history is never touched. Runs only
 * when called: a store never changes the schema by itself.
 *
 * <pre>{@code
 * int applied = PostgresKeySchema.migrate(pool);   // 0 when up to date
 * PostgresKeySchema.migrate(pool, MasterKey.fromEnvironment());   // and bind the database to QIUTH_MASTER_KEY
 * }</pre>
 */
public final class PostgresKeySchema {
    public static final String LOCATION = "classpath:db/migration/qiuth";
    public static final String HISTORY_TABLE = "qiuth_schema_history";

    private PostgresKeySchema() {
    }

    /**
     * Applies every migration not yet applied, in the connection's current schema.
     *
     * @return how many were applied
     */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure(PostgresKeySchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                // the schema usually holds the application's own tables: start our history at 0 beside them
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }

    /**
     * {@link #migrate(DataSource)}, then records which master key the database's secrets are
     * encrypted with (a ciphertext of a known text, never the key or a hash of it), or checks it
     * when it is already recorded: a deploy step that fails here fails before any node starts.
     *
     * @return how many migrations were applied
     * @throws IllegalStateException naming {@value MasterKey#VARIABLE} when it is not the
     *                               database's master key
     */
    public static int migrate(DataSource dataSource, MasterKey masterKey) {
        int applied = migrate(dataSource);
        try (Connection c = dataSource.getConnection()) {
            MasterKeyCheck.verify(c, masterKey);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot check " + MasterKey.VARIABLE + ": PostgreSQL did not answer ("
                    + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState() + ")");
        }
        return applied;
    }

    /**
     * Stops a store or admin that starts on tables older than its code (a column it reads is
     * missing), with a message saying to migrate, instead of failing every lookup.
     */
    static void requireCurrent(Connection c) throws SQLException {
        // the newest migration's column (V3)
        try (PreparedStatement probe = c.prepareStatement("SELECT trusted_proxies_one_hop FROM qiuth_keys WHERE false")) {
            probe.executeQuery().close();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new IllegalStateException("the Qiuth tables are missing: run PostgresKeySchema.migrate() first");
            }
            if ("42703".equals(e.getSQLState())) {
                throw new IllegalStateException("the Qiuth tables are older than this version: run "
                        + "PostgresKeySchema.migrate() first");
            }
            throw e;
        }
    }
}
