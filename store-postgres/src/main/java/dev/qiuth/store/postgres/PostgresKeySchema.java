package dev.qiuth.store.postgres;

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
}
