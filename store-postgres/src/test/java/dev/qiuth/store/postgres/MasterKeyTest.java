package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.totp.TotpConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
    private static TestDatabase db;
    private static String masterValue;
    private static PostgresKeyAdmin admin;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        masterValue = TestKeys.masterKey();
        admin = PostgresKeyAdmin.create(db.pool(), MasterKey.of(masterValue));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        assertThat(LogCapture.ofRun().linesContaining(TestKeys.issued())).isEmpty();
    }

    @BeforeEach
    void emptyTable() {
        db.clearKeys();
    }

    @Test
    void aMissingMasterKeyStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> MasterKey.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_MASTER_KEY is not set");
        assertThatThrownBy(() -> MasterKey.fromEnvironment(Map.of("QIUTH_MASTER_KEY", "  ")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_MASTER_KEY is not set");
    }

    @Test
    void aMalformedMasterKeyStopsTheStartWithoutPrintingIt() {
        String notBase64 = "this-is-not-base64-but-a-secret!";
        String notAKeyset = Base64.getEncoder().encodeToString("{\"primaryKeyId\":12,\"key\":\"hunter2\"}".getBytes());
        // a real keyset cut short: its key bytes must not leak through a parser message
        String truncated = masterValue.substring(0, masterValue.length() - 12);

        for (String bad : List.of(notBase64, notAKeyset, truncated)) {
            assertThatThrownBy(() -> MasterKey.fromEnvironment(Map.of("QIUTH_MASTER_KEY", bad)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_MASTER_KEY")
                    .hasMessageNotContaining(bad).hasMessageNotContaining("hunter2")
                    .satisfies(e -> assertThat(e.getCause()).isNull());
        }
    }

    @Test
    void aWrongMasterKeyStopsTheStartNamingTheVariableNotTheValue() {
        String wrong = TestKeys.masterKey();
        MasterKey wrongKey = MasterKey.fromEnvironment(Map.of("QIUTH_MASTER_KEY", wrong));

        assertThatThrownBy(() -> PostgresKeyStore.create(db.pool(), wrongKey))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_MASTER_KEY")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(masterValue);
        assertThatThrownBy(() -> PostgresKeyAdmin.create(db.pool(), wrongKey))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_MASTER_KEY");
        assertThat(wrongKey.toString()).doesNotContain(wrong).contains("redacted");
        assertThat(PostgresKeyStore.create(db.pool(), MasterKey.of(masterValue))).isNotNull();
    }

    @Test
    void withoutACheckRowOnlyAMasterKeyThatOpensTheStoredSecretsIsRecorded() throws Exception {
        admin.add(NewKey.builder().id("sealed").apiKey(TestKeys.apiKey()).hmac(Secret.of(TestKeys.hmacSecret()), null)
                .build());
        // a database whose check row was never written (or was deleted) but that holds secrets
        db.execute("DELETE FROM qiuth_master_key_check");
        String wrong = TestKeys.masterKey();

        assertThatThrownBy(() -> PostgresKeyStore.create(db.pool(), MasterKey.of(wrong)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_MASTER_KEY")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(masterValue);
        assertThat(checkRows()).as("the wrong key was not recorded").isZero();

        assertThat(PostgresKeyStore.create(db.pool(), MasterKey.of(masterValue))).isNotNull();
        assertThat(checkRows()).isEqualTo(1);
        assertThatThrownBy(() -> PostgresKeyAdmin.create(db.pool(), MasterKey.of(wrong)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_MASTER_KEY");
    }

    @Test
    void rewrapRecordsTheCheckWhenItWasMissing() throws Exception {
        db.execute("DELETE FROM qiuth_master_key_check");
        // an admin created before the row went missing still holds the key: its rewrap writes the row again
        admin.rewrap();
        assertThat(checkRows()).isEqualTo(1);
        assertThatThrownBy(() -> PostgresKeyStore.create(db.pool(), MasterKey.of(TestKeys.masterKey())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_MASTER_KEY");
    }

    private static long checkRows() throws Exception {
        try (Connection c = db.pool().getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM qiuth_master_key_check"); java.sql.ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aCiphertextMovedToAnotherRowOrColumnDoesNotDecrypt() throws Exception {
        String victimKey = TestKeys.apiKey();
        String attackerKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("victim").apiKey(victimKey).totp(TotpConfig.of(TestKeys.totpSecret()))
                .hmac(Secret.of(TestKeys.hmacSecret()), null).build());
        admin.add(NewKey.builder().id("attacker").apiKey(attackerKey).totp(TotpConfig.of(TestKeys.totpSecret()))
                .hmac(Secret.of(TestKeys.hmacSecret()), null).build());
        PostgresKeyStore store = PostgresKeyStore.create(db.pool(), MasterKey.of(masterValue));
        assertThat(store.findByHash(ApiKeyHash.of(attackerKey))).isPresent();

        // the victim's HMAC ciphertext copied into the attacker's row
        db.execute("UPDATE qiuth_keys SET hmac_secret_enc = (SELECT hmac_secret_enc FROM qiuth_keys WHERE id = 'victim') "
                + "WHERE id = 'attacker'");
        assertThatThrownBy(() -> store.findByHash(ApiKeyHash.of(attackerKey)))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("does not decrypt");
        Qiuth qiuth = Qiuth.builder().keyStore(store).build();
        assertThat(qiuth.authenticate(Requests.withKey(attackerKey, "203.0.113.7")))
                .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.code()).isEqualTo(ErrorCode.UNAVAILABLE));

        // the victim's own HMAC ciphertext moved into its TOTP column
        db.execute("UPDATE qiuth_keys SET totp_secret_enc = hmac_secret_enc WHERE id = 'victim'");
        assertThatThrownBy(() -> store.findByHash(ApiKeyHash.of(victimKey)))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("does not decrypt");
    }

    @Test
    void rewrapUnderARotatedMasterKeyKeepsEveryKeyWorking() throws Exception {
        List<String> apiKeys = new ArrayList<>();
        List<RequestSigner> signers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String apiKey = TestKeys.apiKey();
            String totp = TestKeys.totpSecret();
            String hmac = TestKeys.hmacSecret();
            admin.add(NewKey.builder().id("k" + i).apiKey(apiKey).totp(TotpConfig.of(totp))
                    .hmac(Secret.of(hmac), Duration.ofMinutes(5)).build());
            apiKeys.add(apiKey);
            signers.add(RequestSigner.builder().apiKey(apiKey).totpSecret(totp).hmacSecret(hmac).build());
        }
        admin.add(NewKey.builder().id("plain").apiKey(TestKeys.apiKey()).build());

        String rotated = MasterKey.rotate(masterValue);
        assertThat(MasterKey.of(rotated).keyCount()).isEqualTo(2);
        assertThat(PostgresKeyAdmin.create(db.pool(), MasterKey.of(rotated)).rewrap()).isEqualTo(5);

        String newOnly = MasterKey.primaryOnly(rotated);
        assertThat(MasterKey.of(newOnly).keyCount()).isEqualTo(1);
        PostgresKeyStore store = PostgresKeyStore.create(db.pool(), MasterKey.of(newOnly));
        Qiuth qiuth = Qiuth.builder().keyStore(store).build();
        for (RequestSigner signer : signers) {
            assertThat(qiuth.authenticate(Requests.signed(signer, "203.0.113.7"))).isInstanceOf(Decision.Granted.class);
        }
        // the old key alone no longer opens anything
        assertThatThrownBy(() -> PostgresKeyStore.create(db.pool(), MasterKey.of(masterValue)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_MASTER_KEY");

        // put the database back under the class's master key for the other tests
        restoreOriginalMasterKey();
        assertThat(PostgresKeyStore.create(db.pool(), MasterKey.of(masterValue))).isNotNull();
    }

    private static void restoreOriginalMasterKey() throws Exception {
        db.clearKeys();
        try (Connection c = db.pool().getConnection();
                PreparedStatement st = c.prepareStatement("DELETE FROM qiuth_master_key_check")) {
            st.executeUpdate();
        }
        PostgresKeyAdmin.create(db.pool(), MasterKey.of(masterValue));
    }

    @Test
    void masterKeysAreFreshAndNeverPrinted() {
        String a = TestKeys.masterKey();
        String b = TestKeys.masterKey();
        assertThat(a).isNotEqualTo(b);
        assertThat(LogCapture.ofRun().linesContaining(List.of(a, b, masterValue))).isEmpty();
    }
}
