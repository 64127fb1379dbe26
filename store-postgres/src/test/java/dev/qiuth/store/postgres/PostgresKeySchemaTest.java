package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema is applied on request only, beside the application's own tables and Flyway history. */
class PostgresKeySchemaTest {
    private static EmbeddedPostgres postgres;
    private static int database;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** A fresh database of the one server for each test. */
    private static DataSource freshDatabase() throws Exception {
        String name = "schema_" + (++database);
        execute(postgres.getPostgresDatabase(), "CREATE DATABASE " + name);
        return postgres.getDatabase("postgres", name);
    }

    @Test
    void nothingIsCreatedUntilMigrateIsCalledAndTheStoreSaysSo() throws Exception {
        DataSource ds = freshDatabase();
        MasterKey masterKey = MasterKey.of(TestKeys.masterKey());

        assertThatThrownBy(() -> PostgresKeyStore.create(ds, masterKey))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PostgresKeySchema.migrate()");
        assertThat(tables(ds)).doesNotContain("qiuth_keys");

        assertThat(PostgresKeySchema.migrate(ds)).as("V1, V2 and V3").isEqualTo(3);
        assertThat(PostgresKeySchema.migrate(ds)).isZero();
        assertThat(tables(ds)).contains("qiuth_keys", "qiuth_master_key_check", "qiuth_schema_history");
        assertThat(PostgresKeyStore.create(ds, masterKey)).isNotNull();
    }

    @Test
    void migrateWorksBesideTheApplicationsOwnTablesAndFlywayHistory() throws Exception {
        DataSource ds = freshDatabase();
        execute(ds, "CREATE TABLE orders (id bigint PRIMARY KEY)");
        execute(ds, "CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version text)");
        execute(ds, "INSERT INTO flyway_schema_history VALUES (1, '7')");

        assertThat(PostgresKeySchema.migrate(ds)).isEqualTo(3);

        assertThat(tables(ds)).contains("orders", "qiuth_keys", "qiuth_schema_history");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseAtVersionOneKeepsItsKeysThroughTheRotationMigration() throws Exception {
        DataSource ds = freshDatabase();
        migrateTo(ds, "1");
        String apiKey = TestKeys.apiKey();
        insertKey(ds, "from-v1", apiKey, "", "");

        assertThat(PostgresKeySchema.migrate(ds)).isEqualTo(2);

        MasterKey masterKey = MasterKey.of(TestKeys.masterKey());
        PostgresKeyStore store = PostgresKeyStore.create(ds, masterKey);
        assertThat(store.findByHash(dev.qiuth.ApiKeyHash.of(apiKey)).orElseThrow().rotation()).isEmpty();
        String newKey = TestKeys.apiKey();
        PostgresKeyAdmin.create(ds, masterKey).startRotation("from-v1",
                Rotation.builder(java.time.Duration.ofHours(1)).apiKey(newKey).build());
        assertThat(store.findByHash(dev.qiuth.ApiKeyHash.of(apiKey)).orElseThrow().id()).isEqualTo("from-v1");
        assertThat(store.findByHash(dev.qiuth.ApiKeyHash.of(newKey)).orElseThrow().rotation()).isPresent();
    }

    @Test
    void aStoreOnTablesOlderThanItsCodeSaysToMigrateAndAKeyFromVersionTwoKeepsItsProxies() throws Exception {
        DataSource ds = freshDatabase();
        migrateTo(ds, "2");
        String apiKey = TestKeys.apiKey();
        insertKey(ds, "from-v2", apiKey, ", ip_allowlist, trusted_proxies", ", '{198.51.100.0/24}', '{10.0.0.0/8}'");
        MasterKey masterKey = MasterKey.of(TestKeys.masterKey());

        assertThatThrownBy(() -> PostgresKeyStore.create(ds, masterKey)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("older than this version").hasMessageContaining("PostgresKeySchema.migrate()");
        assertThatThrownBy(() -> PostgresKeyAdmin.create(ds, masterKey)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("older than this version");

        assertThat(PostgresKeySchema.migrate(ds)).isEqualTo(1);
        StoredKey key = PostgresKeyAdmin.create(ds, masterKey).show("from-v2").orElseThrow();
        assertThat(key.trustedProxies()).containsExactly("10.0.0.0/8");
        assertThat(key.trustedProxiesOneHop()).isFalse();
        assertThat(PostgresKeyStore.create(ds, masterKey).findByHash(dev.qiuth.ApiKeyHash.of(apiKey)).orElseThrow()
                .trustedProxies().orElseThrow().toString()).isEqualTo("TrustedProxies[10.0.0.0/8]");
    }

    @Test
    void migrateWithAMasterKeyRecordsItsCheckSoANodeWithAnotherKeyStopsAtStart() throws Exception {
        DataSource ds = freshDatabase();
        String value = TestKeys.masterKey();
        String other = TestKeys.masterKey();

        assertThat(PostgresKeySchema.migrate(ds, MasterKey.of(value))).isEqualTo(3);
        assertThat(count(ds, "SELECT count(*) FROM qiuth_master_key_check")).isEqualTo(1);
        // up to date, the same key: verified, nothing to apply
        assertThat(PostgresKeySchema.migrate(ds, MasterKey.of(value))).isZero();
        for (Runnable start : List.<Runnable>of(() -> PostgresKeySchema.migrate(ds, MasterKey.of(other)),
                () -> PostgresKeyStore.create(ds, MasterKey.of(other)),
                () -> PostgresKeyAdmin.create(ds, MasterKey.of(other)))) {
            assertThatThrownBy(start::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("QIUTH_MASTER_KEY").hasMessageNotContaining(other).hasMessageNotContaining(value);
        }
        assertThat(PostgresKeyStore.create(ds, MasterKey.of(value))).isNotNull();
    }

    private static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A key written as an older version's admin wrote it: the columns of that version only. */
    private static void insertKey(DataSource ds, String id, String apiKey, String moreColumns, String moreValues)
            throws Exception {
        execute(ds, "INSERT INTO qiuth_keys (id, api_key_sha256, name, created_at, updated_at" + moreColumns
                + ") VALUES ('" + id + "', '\\x" + dev.qiuth.ApiKeyHash.of(apiKey).hex() + "', '" + id + "', now(), now()"
                + moreValues + ")");
    }

    private static void migrateTo(DataSource ds, String version) {
        org.flywaydb.core.Flyway.configure(PostgresKeySchema.class.getClassLoader()).dataSource(ds)
                .locations(PostgresKeySchema.LOCATION).table(PostgresKeySchema.HISTORY_TABLE).baselineOnMigrate(true)
                .baselineVersion("0").target(version).load().migrate();
    }

    private static List<String> tables(DataSource ds) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void execute(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
