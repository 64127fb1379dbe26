package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Factor;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.ip.IpAllowlist;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.totp.TotpAlgorithm;
import dev.qiuth.totp.TotpConfig;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresKeyStoreTest {
    private static TestDatabase db;
    private static MasterKey masterKey;
    private static PostgresKeyStore store;
    private static PostgresKeyAdmin admin;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        masterKey = MasterKey.of(TestKeys.masterKey());
        store = PostgresKeyStore.create(db.pool(), masterKey);
        admin = PostgresKeyAdmin.create(db.pool(), masterKey);
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

    private static final Map<String, String> METADATA = Map.of("env", "prod", "ticket", "OPS-7",
            "note \"quoted\"", "back\\slash, tab\t, line\n, ü, 😀, \u0001, {\"not\": \"json\"}", "", "");

    private static NewKey everyField(String apiKey, String totpSecret, String hmacSecret) {
        return NewKey.builder().id("billing-service").apiKey(apiKey).name("Billing").owner("team-billing")
                .scopes("orders:read", "orders:write").metadata(METADATA)
                .expiresAt(Instant.parse("2030-01-02T03:04:05Z")).rateLimit(RateLimit.of(20, Duration.ofMinutes(1)))
                .ipAllowlist(List.of("10.0.0.0/8", "2001:db8::/32")).trustedProxies(List.of("192.168.0.0/16"))
                .totp(TotpConfig.builder(totpSecret).algorithm(TotpAlgorithm.SHA256).digits(8)
                        .step(Duration.ofSeconds(60)).window(2).singleUse(true).build())
                .certificate(TestKeys.publicKeyPem(), Duration.ofSeconds(120))
                .hmac(Secret.of(hmacSecret), Duration.ofSeconds(90)).build();
    }

    @Test
    void lookupReturnsEveryStoredField() {
        String apiKey = TestKeys.apiKey();
        String totpSecret = TestKeys.totpSecret();
        String hmacSecret = TestKeys.hmacSecret();
        admin.add(everyField(apiKey, totpSecret, hmacSecret));

        KeyPolicy p = store.findByHash(ApiKeyHash.of(apiKey)).orElseThrow();

        assertThat(p.id()).isEqualTo("billing-service");
        assertThat(p.keyHash()).isEqualTo(ApiKeyHash.of(apiKey));
        assertThat(p.name()).isEqualTo("Billing");
        assertThat(p.owner()).contains("team-billing");
        assertThat(p.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(p.metadata()).isEqualTo(METADATA);
        assertThat(p.expiresAt()).contains(Instant.parse("2030-01-02T03:04:05Z"));
        assertThat(p.revoked()).isFalse();
        assertThat(p.rateLimit()).contains(RateLimit.of(20, Duration.ofMinutes(1)));
        assertThat(p.ipAllowlist()).contains(IpAllowlist.of("10.0.0.0/8", "2001:db8::/32"));
        assertThat(p.trustedProxies().orElseThrow().toString()).isEqualTo("TrustedProxies[192.168.0.0/16]");
        TotpConfig totp = p.totp().orElseThrow();
        assertThat(totp).isEqualTo(TotpConfig.builder(totpSecret).algorithm(TotpAlgorithm.SHA256).digits(8)
                .step(Duration.ofSeconds(60)).window(2).singleUse(true).build());
        assertThat(p.certificate().orElseThrow().publicKey()).isEqualTo(TestKeys.rsa().getPublic());
        assertThat(p.certificate().orElseThrow().maxAge()).isEqualTo(Duration.ofSeconds(120));
        byte[] data = "canonical".getBytes(StandardCharsets.UTF_8);
        assertThat(p.hmac().orElseThrow().signHex(data))
                .isEqualTo(dev.qiuth.signature.HmacConfig.of(hmacSecret).signHex(data));
        assertThat(p.hmac().orElseThrow().maxAge()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.factors()).containsExactlyInAnyOrder(Factor.API_KEY, Factor.IP_ALLOWLIST, Factor.TOTP,
                Factor.CERTIFICATE, Factor.HMAC);
    }

    @Test
    void aKeyWithOnlyTheApiKeyHasNoOtherFactor() {
        String apiKey = TestKeys.apiKey();
        admin.add(NewKey.builder().apiKey(apiKey).build());

        KeyPolicy p = store.findByHash(ApiKeyHash.of(apiKey)).orElseThrow();

        assertThat(p.id()).isEqualTo(ApiKeyHash.of(apiKey).shortId());
        assertThat(p.factors()).containsExactly(Factor.API_KEY);
        assertThat(p.owner()).isEmpty();
        assertThat(p.expiresAt()).isEmpty();
        assertThat(p.rateLimit()).isEmpty();
        assertThat(p.metadata()).isEmpty();
    }

    @Test
    void anUnknownKeyIsEmpty() {
        admin.add(NewKey.builder().apiKey(TestKeys.apiKey()).build());

        assertThat(store.findByHash(ApiKeyHash.of(TestKeys.apiKey()))).isEmpty();
    }

    @Test
    void theEngineGrantsAFullySignedRequestAndRefusesRevokedAndExpiredKeys() {
        String apiKey = TestKeys.apiKey();
        String totpSecret = TestKeys.totpSecret();
        String hmacSecret = TestKeys.hmacSecret();
        admin.add(NewKey.builder().id("full").apiKey(apiKey).ipAllowlist("203.0.113.0/24").totp(TotpConfig.of(totpSecret))
                .certificate(TestKeys.publicKeyPem(), Duration.ofMinutes(5)).hmac(Secret.of(hmacSecret), Duration.ofMinutes(5))
                .build());
        String expiredKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("expired").apiKey(expiredKey)
                .expiresAt(Instant.now().minus(1, ChronoUnit.MINUTES)).build());
        Qiuth qiuth = Qiuth.builder().keyStore(store).build();
        RequestSigner signer = RequestSigner.builder().apiKey(apiKey).totpSecret(totpSecret).hmacSecret(hmacSecret)
                .privateKey(TestKeys.rsa().getPrivate()).build();

        Decision granted = qiuth.authenticate(Requests.signed(signer, "203.0.113.7"));
        assertThat(granted).isInstanceOf(Decision.Granted.class);
        assertThat(((Decision.Granted) granted).principal().factors()).contains(Factor.TOTP, Factor.CERTIFICATE, Factor.HMAC);
        assertThat(qiuth.authenticate(Requests.signed(signer, "198.51.100.1")))
                .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.code()).isEqualTo(ErrorCode.IP_NOT_ALLOWED));

        assertThat(admin.revoke("full")).isTrue();
        assertThat(qiuth.authenticate(Requests.signed(signer, "203.0.113.7")))
                .isInstanceOfSatisfying(Decision.Denied.class, d -> {
                    assertThat(d.code()).isEqualTo(ErrorCode.INVALID_API_KEY);
                    assertThat(d.detail()).isEqualTo("key revoked");
                });
        assertThat(qiuth.authenticate(Requests.withKey(expiredKey, "203.0.113.7")))
                .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.detail()).isEqualTo("key expired"));
        assertThat(qiuth.authenticate(Requests.withKey(TestKeys.apiKey(), "203.0.113.7")))
                .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.code()).isEqualTo(ErrorCode.INVALID_API_KEY));
    }

    @Test
    void adminShowsListsAndUpdatesWithoutSecrets() {
        String apiKey = TestKeys.apiKey();
        String hmacSecret = TestKeys.hmacSecret();
        String totpSecret = TestKeys.totpSecret();
        StoredKey added = admin.add(everyField(apiKey, totpSecret, hmacSecret));
        admin.add(NewKey.builder().id("another").apiKey(TestKeys.apiKey()).build());

        assertThat(added.keyHashPrefix()).isEqualTo(ApiKeyHash.of(apiKey).shortId());
        assertThat(added.totp()).contains(new StoredKey.TotpSettings(TotpAlgorithm.SHA256, 8, Duration.ofSeconds(60), 2, true));
        assertThat(added.hmac()).isTrue();
        assertThat(added.createdAt()).isNotNull().isEqualTo(added.updatedAt());
        assertThat(added.toString()).doesNotContain(apiKey, hmacSecret, totpSecret);
        assertThat(admin.list()).extracting(StoredKey::id).containsExactly("another", "billing-service");

        StoredKey updated = admin.update("billing-service", k -> k.scopes("orders:read").withoutHmac().owner("team-x"));

        assertThat(updated.scopes()).containsExactly("orders:read");
        assertThat(updated.owner()).isEqualTo("team-x");
        assertThat(updated.hmac()).isFalse();
        KeyPolicy p = store.findByHash(ApiKeyHash.of(apiKey)).orElseThrow();
        assertThat(p.hmac()).isEmpty();
        assertThat(p.totp().orElseThrow().base32Secret()).isEqualTo(TotpConfig.of(totpSecret).base32Secret());
        assertThat(admin.show("billing-service")).contains(updated);
        assertThat(admin.show("nobody")).isEmpty();
    }

    @Test
    void adminRefusesDuplicatesUnknownIdsAndKeyChanges() {
        String apiKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("one").apiKey(apiKey).build());

        assertThatThrownBy(() -> admin.add(NewKey.builder().id("one").apiKey(TestKeys.apiKey()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'one'");
        assertThatThrownBy(() -> admin.add(NewKey.builder().id("two").apiKey(apiKey).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(apiKey);
        assertThatThrownBy(() -> admin.update("nobody", k -> k))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no key with id 'nobody'");
        assertThatThrownBy(() -> admin.update("one", k -> k.apiKey(TestKeys.apiKey())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot change the API key");
        assertThatThrownBy(() -> admin.update("one", k -> k.trustedProxies(List.of("10.0.0.0/8"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no IP allowlist");
        assertThat(admin.revoke("one")).isTrue();
        assertThat(admin.revoke("one")).isFalse();
        assertThat(admin.revoke("nobody")).isFalse();
        assertThat(admin.show("one").orElseThrow().revokedAt()).isNotNull();
    }

    @Test
    void theRawTableHoldsNoSecretAndNoApiKey() throws Exception {
        String apiKey = TestKeys.apiKey();
        String totpSecret = TestKeys.totpSecret();
        String hmacSecret = TestKeys.hmacSecret();
        admin.add(everyField(apiKey, totpSecret, hmacSecret));
        byte[] totpBytes = TotpConfig.of(totpSecret).secretBytes();

        List<String> cells = new ArrayList<>();
        try (Connection c = db.pool().getConnection(); Statement st = c.createStatement()) {
            for (String table : List.of("qiuth_keys", "qiuth_master_key_check")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            byte[] raw = rs.getBytes(i);
                            if (raw != null) {
                                cells.add(rs.getString(i));
                                cells.add(new String(raw, StandardCharsets.ISO_8859_1));
                                cells.add(HexFormat.of().formatHex(raw));
                            }
                        }
                    }
                }
            }
        }

        assertThat(cells).isNotEmpty();
        String hexTotp = HexFormat.of().formatHex(totpBytes);
        String hexHmac = HexFormat.of().formatHex(hmacSecret.getBytes(StandardCharsets.UTF_8));
        String hexApiKey = HexFormat.of().formatHex(apiKey.getBytes(StandardCharsets.UTF_8));
        for (String cell : cells) {
            assertThat(cell.toLowerCase()).doesNotContain(apiKey.toLowerCase(), totpSecret.toLowerCase(),
                    hmacSecret.toLowerCase(), hexTotp, hexHmac, hexApiKey,
                    new String(totpBytes, StandardCharsets.ISO_8859_1).toLowerCase());
        }
    }

    @Test
    void newKeyRefusesBadValuesNamingThemButNoSecret() {
        String shortSecret = "too-short-hmac";
        assertThatThrownBy(() -> NewKey.builder().apiKey(TestKeys.apiKey()).hmac(Secret.of(shortSecret), null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 characters")
                .hasMessageNotContaining(shortSecret);
        assertThatThrownBy(() -> NewKey.builder().apiKey(TestKeys.apiKey()).ipAllowlist("10.0.0.0/33").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> NewKey.builder().id("x".repeat(201)).apiKey(TestKeys.apiKey()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 200");
        assertThatThrownBy(() -> NewKey.builder().build()).hasMessageContaining("API key");
        assertThat(Secret.of("s3cr3t-value").toString()).doesNotContain("s3cr3t");
    }
}
