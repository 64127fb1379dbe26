package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Decision;
import dev.qiuth.Factor;
import dev.qiuth.KeyPolicy;
import dev.qiuth.KeyRotation;
import dev.qiuth.Qiuth;
import dev.qiuth.signature.Pem;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.MutableClock;
import dev.qiuth.totp.TotpAlgorithm;
import dev.qiuth.totp.TotpConfig;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rotation as stored: the admin's changes, the row, the store's lookups, the filter and the cache. */
class PostgresRotationTest {
    private static final MutableClock CLOCK = MutableClock.standard();
    private static TestDatabase db;
    private static String masterValue;
    private static MasterKey masterKey;
    private static PostgresKeyStore store;
    private static PostgresKeyAdmin admin;
    private static KeyPair otherRsa;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.start();
        masterValue = TestKeys.masterKey();
        masterKey = MasterKey.of(masterValue);
        store = PostgresKeyStore.create(db.pool(), masterKey, CLOCK);
        admin = PostgresKeyAdmin.create(db.pool(), masterKey, CLOCK);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        otherRsa = g.generateKeyPair();
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

    private static void addKeyWithEveryFactor(String id, String apiKey, String totp, String hmac) {
        admin.add(NewKey.builder().id(id).apiKey(apiKey).totp(TotpConfig.of(totp))
                .certificate(TestKeys.publicKeyPem(), Duration.ofMinutes(2)).hmac(Secret.of(hmac), Duration.ofMinutes(3))
                .build());
    }

    @Test
    void aKeyIsFoundInOneQueryAndWhileRotatingByEitherApiKeyWithItsRotation() {
        String oldKey = TestKeys.apiKey();
        String newKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("either").apiKey(oldKey).build());
        Instant until = CLOCK.instant().plus(Duration.ofDays(2));
        CountingDataSource counting = new CountingDataSource(db.pool());
        PostgresKeyStore counted = PostgresKeyStore.create(counting, masterKey, CLOCK);
        long notRotating = counting.statements();
        assertThat(counted.findByHash(ApiKeyHash.of(oldKey)).orElseThrow().rotation()).isEmpty();
        assertThat(counting.statements() - notRotating).as("a key not rotating: one query").isEqualTo(1);

        StoredKey shown = admin.startRotation("either", Rotation.builder(Duration.ofDays(2)).apiKey(newKey).build());

        assertThat(shown.rotation()).contains(new StoredKey.RotationStatus(java.util.Set.of(Factor.API_KEY), CLOCK.instant(), until));
        long before = counting.statements();
        KeyPolicy byNew = counted.findByHash(ApiKeyHash.of(newKey)).orElseThrow();
        assertThat(counting.statements() - before)
                .as("by the current API key of a rotating key: read again with the rotation's columns").isEqualTo(2);
        KeyPolicy byOld = counted.findByHash(ApiKeyHash.of(oldKey)).orElseThrow();
        assertThat(counting.statements() - before).as("by the previous one: the current tried first").isEqualTo(4);

        for (KeyPolicy policy : List.of(byOld, byNew)) {
            assertThat(policy.id()).isEqualTo("either");
            assertThat(policy.keyHash()).isEqualTo(ApiKeyHash.of(newKey));
            KeyRotation rotation = policy.rotation().orElseThrow();
            assertThat(rotation.factors()).containsExactly(Factor.API_KEY);
            assertThat(rotation.previousKeyHash()).contains(ApiKeyHash.of(oldKey));
            assertThat(rotation.startedAt()).isEqualTo(CLOCK.instant());
            assertThat(rotation.until()).isEqualTo(until);
        }
        assertThat(store.findByHash(ApiKeyHash.of(TestKeys.apiKey()))).isEmpty();
    }

    @Test
    void eachLookupUsesItsIndex() throws Exception {
        assertThat(plan(PostgresKeyStore.BY_API_KEY)).contains("qiuth_keys_api_key_sha256").doesNotContain("Seq Scan");
        assertThat(plan(PostgresKeyStore.ROTATING_BY_API_KEY)).contains("qiuth_keys_api_key_sha256")
                .doesNotContain("Seq Scan");
        assertThat(plan(PostgresKeyStore.BY_PREVIOUS_API_KEY)).contains("qiuth_keys_previous_api_key_sha256")
                .doesNotContain("Seq Scan");
    }

    private static String plan(String query) throws Exception {
        try (Connection c = db.pool().getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL enable_seqscan = off"); // the table is tiny: without this any plan is a scan
            String hash = "'\\x" + ApiKeyHash.of("x").hex() + "'::bytea";
            StringBuilder lines = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN " + query.replace("?", hash))) {
                while (rs.next()) {
                    lines.append(rs.getString(1)).append('\n');
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
            return lines.toString();
        }
    }

    @Test
    void everyFactorRotatesAndTheEngineGrantsBothGenerationsUntilTheDeadline() {
        String oldKey = TestKeys.apiKey();
        String oldTotp = TestKeys.totpSecret();
        String oldHmac = TestKeys.hmacSecret();
        addKeyWithEveryFactor("all", oldKey, oldTotp, oldHmac);
        String newKey = TestKeys.apiKey();
        String newTotp = TestKeys.totpSecret();
        String newHmac = TestKeys.hmacSecret();
        String newPem = Pem.encodePublicKey(otherRsa.getPublic());

        admin.startRotation("all", Rotation.builder(Duration.ofHours(8)).apiKey(newKey)
                .totp(TotpConfig.builder(newTotp).algorithm(TotpAlgorithm.SHA256).digits(8).build())
                .hmac(Secret.of(newHmac)).certificate(newPem).build());

        KeyPolicy policy = store.findByHash(ApiKeyHash.of(oldKey)).orElseThrow();
        assertThat(policy.rotation().orElseThrow().factors())
                .containsExactly(Factor.API_KEY, Factor.TOTP, Factor.CERTIFICATE, Factor.HMAC);
        assertThat(policy.totp().orElseThrow().digits()).isEqualTo(8);
        assertThat(policy.hmac().orElseThrow().maxAge()).as("the key's max age stays").isEqualTo(Duration.ofMinutes(3));
        assertThat(policy.certificate().orElseThrow().maxAge()).isEqualTo(Duration.ofMinutes(2));

        Qiuth qiuth = Qiuth.builder().clock(CLOCK).keyStore(store).build();
        RequestSigner allOld = RequestSigner.builder().apiKey(oldKey).totpSecret(oldTotp).hmacSecret(oldHmac).clock(CLOCK)
                .privateKey(TestKeys.rsa().getPrivate()).build();
        RequestSigner allNew = RequestSigner.builder().apiKey(newKey)
                .totp(TotpConfig.builder(newTotp).algorithm(TotpAlgorithm.SHA256).digits(8).build()).hmacSecret(newHmac)
                .clock(CLOCK).privateKey(otherRsa.getPrivate()).build();
        assertThat(((Decision.Granted) qiuth.authenticate(Requests.signed(allOld, "203.0.113.7"))).principal()
                .previousCredentials()).containsExactly(Factor.API_KEY, Factor.TOTP, Factor.CERTIFICATE, Factor.HMAC);
        assertThat(((Decision.Granted) qiuth.authenticate(Requests.signed(allNew, "203.0.113.7"))).principal()
                .previousCredentials()).isEmpty();

        CLOCK.advance(Duration.ofHours(8));
        // an ended rotation is still returned: the engine refuses its previous credentials
        assertThat(store.findByHash(ApiKeyHash.of(oldKey))).isPresent();
        assertThat(qiuth.authenticate(Requests.signed(allOld, "203.0.113.7")).granted()).isFalse();
        assertThat(qiuth.authenticate(Requests.signed(allNew, "203.0.113.7")).granted()).isTrue();
        assertThat(admin.show("all").orElseThrow().rotationOpenAt(CLOCK.instant())).isFalse();
    }

    @Test
    void cancellingRestoresThePreviousCredentialsWithTheirParameters() {
        String oldKey = TestKeys.apiKey();
        String oldTotp = TestKeys.totpSecret();
        addKeyWithEveryFactor("undo", oldKey, oldTotp, TestKeys.hmacSecret());
        String newKey = TestKeys.apiKey();
        admin.startRotation("undo", Rotation.builder(Duration.ofHours(1)).apiKey(newKey)
                .totp(TotpConfig.builder(TestKeys.totpSecret()).digits(8).build())
                .certificate(Pem.encodePublicKey(otherRsa.getPublic())).build());

        StoredKey after = admin.cancelRotation("undo");

        assertThat(after.rotation()).isEmpty();
        assertThat(after.totp().orElseThrow().digits()).isEqualTo(6);
        assertThat(after.certificatePem()).isEqualTo(TestKeys.publicKeyPem());
        assertThat(after.keyHashPrefix()).isEqualTo(ApiKeyHash.of(oldKey).shortId());
        assertThat(store.findByHash(ApiKeyHash.of(newKey))).isEmpty();
        KeyPolicy restored = store.findByHash(ApiKeyHash.of(oldKey)).orElseThrow();
        assertThat(restored.rotation()).isEmpty();
        assertThat(restored.totp().orElseThrow().base32Secret()).isEqualTo(TotpConfig.of(oldTotp).base32Secret());
    }

    @Test
    void completingDropsThePreviousCredentials() {
        String oldKey = TestKeys.apiKey();
        String newKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("done").apiKey(oldKey).hmac(Secret.of(TestKeys.hmacSecret()), null).build());
        admin.startRotation("done", Rotation.builder(Duration.ofHours(1)).apiKey(newKey)
                .hmac(Secret.of(TestKeys.hmacSecret())).build());

        StoredKey after = admin.completeRotation("done");

        assertThat(after.rotation()).isEmpty();
        assertThat(store.findByHash(ApiKeyHash.of(oldKey))).isEmpty();
        assertThat(store.findByHash(ApiKeyHash.of(newKey)).orElseThrow().rotation()).isEmpty();
        assertThat(rawRow("done")).doesNotContain("previous_api_key_sha256=\\x");
    }

    @Test
    void theRawTableHoldsNoSecretOldOrNew() throws Exception {
        String oldKey = TestKeys.apiKey();
        String oldTotp = TestKeys.totpSecret();
        String oldHmac = TestKeys.hmacSecret();
        addKeyWithEveryFactor("raw", oldKey, oldTotp, oldHmac);
        String newKey = TestKeys.apiKey();
        String newTotp = TestKeys.totpSecret();
        String newHmac = TestKeys.hmacSecret();
        admin.startRotation("raw", Rotation.builder(Duration.ofHours(1)).apiKey(newKey).totp(TotpConfig.of(newTotp))
                .hmac(Secret.of(newHmac)).build());

        List<String> cells = new ArrayList<>();
        try (Connection c = db.pool().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM qiuth_keys")) {
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

        assertThat(cells).anyMatch(cell -> cell.contains(ApiKeyHash.of(oldKey).hex())).as("the previous hash is stored");
        List<String> forbidden = new ArrayList<>();
        for (String secret : List.of(oldKey, newKey, oldTotp, newTotp, oldHmac, newHmac)) {
            forbidden.add(secret.toLowerCase(Locale.ROOT));
            forbidden.add(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
        }
        for (String totp : List.of(oldTotp, newTotp)) {
            byte[] bytes = TotpConfig.of(totp).secretBytes();
            forbidden.add(HexFormat.of().formatHex(bytes));
            forbidden.add(new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
        }
        for (String cell : cells) {
            assertThat(cell.toLowerCase(Locale.ROOT)).doesNotContain(forbidden);
        }
    }

    @Test
    void aPreviousCiphertextIsBoundToItsColumn() {
        String oldHmac = TestKeys.hmacSecret();
        String apiKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("bound").apiKey(apiKey).hmac(Secret.of(oldHmac), null).build());
        admin.startRotation("bound", Rotation.builder(Duration.ofHours(1)).hmac(Secret.of(TestKeys.hmacSecret())).build());
        // the current ciphertext copied over the previous one does not decrypt there
        db.execute("UPDATE qiuth_keys SET previous_hmac_secret_enc = hmac_secret_enc WHERE id = 'bound'");

        assertThatThrownBy(() -> store.findByHash(ApiKeyHash.of(apiKey)))
                .isInstanceOf(dev.qiuth.StoreUnavailableException.class).hasMessageContaining("does not decrypt");
    }

    @Test
    void refusalsAreClearAndChangeNothing() {
        String apiKey = TestKeys.apiKey();
        String otherKey = TestKeys.apiKey();
        String hmac = TestKeys.hmacSecret();
        admin.add(NewKey.builder().id("plain").apiKey(apiKey).hmac(Secret.of(hmac), null).build());
        admin.add(NewKey.builder().id("other").apiKey(otherKey).build());
        String newKey = TestKeys.apiKey();
        admin.startRotation("plain", Rotation.builder(Duration.ofHours(1)).apiKey(newKey).build());
        List<String> messages = new ArrayList<>();

        messages.add(refused(() -> admin.startRotation("plain", Rotation.builder(Duration.ofHours(1))
                .hmac(Secret.of(TestKeys.hmacSecret())).build()), "key 'plain' already has a rotation open ([API_KEY] until "));
        messages.add(refused(() -> admin.startRotation("other", Rotation.builder(Duration.ofHours(1))
                .totp(TotpConfig.of(TestKeys.totpSecret())).build()), "key 'other' has no TOTP: a rotation changes credentials"));
        messages.add(refused(() -> admin.startRotation("other", Rotation.builder(Duration.ofHours(1))
                .hmac(Secret.of(TestKeys.hmacSecret())).build()), "key 'other' has no HMAC"));
        messages.add(refused(() -> admin.startRotation("other", Rotation.builder(Duration.ofHours(1))
                .certificate(TestKeys.publicKeyPem()).build()), "key 'other' has no certificate"));
        messages.add(refused(() -> admin.startRotation("ghost", Rotation.builder(Duration.ofHours(1)).apiKey(TestKeys.apiKey())
                .build()), "no key with id 'ghost'"));
        messages.add(refused(() -> admin.completeRotation("ghost"), "no key with id 'ghost'"));
        messages.add(refused(() -> admin.cancelRotation("ghost"), "no key with id 'ghost'"));
        messages.add(refused(() -> admin.completeRotation("other"), "key 'other' has no rotation to complete"));
        messages.add(refused(() -> admin.cancelRotation("other"), "key 'other' has no rotation to cancel"));
        messages.add(refused(() -> admin.startRotation("other", Rotation.builder(Duration.ofHours(1)).apiKey(apiKey).build()),
                "already in use"));
        messages.add(refused(() -> admin.startRotation("other", Rotation.builder(Duration.ofHours(1)).apiKey(otherKey).build()),
                "is its current one"));
        messages.add(refused(() -> admin.add(NewKey.builder().id("thief").apiKey(apiKey).build()), "already exists"));
        messages.add(refused(() -> Rotation.builder(Duration.ZERO).apiKey(TestKeys.apiKey()).build(),
                "transition must be positive"));
        messages.add(refused(() -> Rotation.builder(Duration.ofHours(1)).build(), "at least one new credential"));
        messages.add(refused(() -> admin.startRotation("other", Rotation.builder(Duration.ofHours(1)).apiKey(newKey).build()),
                "already in use"));

        assertThat(admin.show("other").orElseThrow().rotation()).isEmpty();
        assertThat(admin.show("plain").orElseThrow().rotation().orElseThrow().factors()).containsExactly(Factor.API_KEY);
        assertThat(String.join("\n", messages)).doesNotContain(apiKey, otherKey, newKey, hmac);
        admin.revoke("other");
        refused(() -> admin.startRotation("other", Rotation.builder(Duration.ofHours(1)).apiKey(TestKeys.apiKey()).build()),
                "key 'other' is revoked");
    }

    private static String refused(Runnable change, String expected) {
        try {
            change.run();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains(expected);
            return e.getMessage();
        }
        throw new AssertionError("not refused, expected: " + expected);
    }

    @Test
    void anUpdateCannotRemoveARotatingFactorButMayChangeTheRest() {
        admin.add(NewKey.builder().id("busy").apiKey(TestKeys.apiKey()).hmac(Secret.of(TestKeys.hmacSecret()), null).build());
        admin.startRotation("busy", Rotation.builder(Duration.ofHours(1)).hmac(Secret.of(TestKeys.hmacSecret())).build());

        assertThatThrownBy(() -> admin.update("busy", NewKey.Builder::withoutHmac))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 'busy' is rotating [HMAC]");
        StoredKey changed = admin.update("busy", k -> k.scopes("orders:read"));

        assertThat(changed.scopes()).containsExactly("orders:read");
        assertThat(changed.rotation().orElseThrow().factors()).containsExactly(Factor.HMAC);
    }

    @Test
    void aRotationAfterAnEndedOneReplacesIt() {
        String first = TestKeys.apiKey();
        admin.add(NewKey.builder().id("again").apiKey(first).build());
        admin.startRotation("again", Rotation.builder(Duration.ofMinutes(10)).apiKey(TestKeys.apiKey()).build());
        CLOCK.advance(Duration.ofMinutes(10));
        String third = TestKeys.apiKey();

        StoredKey second = admin.startRotation("again", Rotation.builder(Duration.ofMinutes(10)).apiKey(third).build());

        assertThat(second.rotation().orElseThrow().startedAt()).isEqualTo(CLOCK.instant());
        assertThat(store.findByHash(ApiKeyHash.of(first))).as("two generations ago").isEmpty();
        assertThat(store.findByHash(ApiKeyHash.of(third))).isPresent();
    }

    @Test
    void theHashFilterHoldsPreviousHashesAndTheCacheDropsBothEntriesOfAKey() {
        String oldKey = TestKeys.apiKey();
        String newKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("cached").apiKey(oldKey).build());
        admin.add(NewKey.builder().id("bystander").apiKey(TestKeys.apiKey()).build());
        admin.startRotation("cached", Rotation.builder(Duration.ofHours(1)).apiKey(newKey).build());

        PostgresKeyHashes hashes = PostgresKeyHashes.load(db.pool(), CLOCK);
        assertThat(hashes.size()).isEqualTo(3);
        assertThat(hashes.mayExist(ApiKeyHash.of(oldKey))).isTrue();
        assertThat(hashes.mayExist(ApiKeyHash.of(newKey))).isTrue();

        CachingKeyStore cache = CachingKeyStore.builder(store).filter(hashes).build();
        assertThat(cache.findByHash(ApiKeyHash.of(oldKey))).isPresent();
        assertThat(cache.findByHash(ApiKeyHash.of(newKey))).isPresent();
        assertThat(cache.cachedKeys()).isEqualTo(2);

        cache.invalidate("cached");

        assertThat(cache.cachedKeys()).isZero();
    }

    @Test
    void rewrapReencryptsThePreviousSecretsToo() {
        TestDatabase own = TestDatabase.start();
        try {
            PostgresKeyAdmin ownAdmin = PostgresKeyAdmin.create(own.pool(), masterKey, CLOCK);
            String apiKey = TestKeys.apiKey();
            String oldTotp = TestKeys.totpSecret();
            String oldHmac = TestKeys.hmacSecret();
            ownAdmin.add(NewKey.builder().id("wrapped").apiKey(apiKey).totp(TotpConfig.of(oldTotp))
                    .hmac(Secret.of(oldHmac), null).build());
            ownAdmin.startRotation("wrapped", Rotation.builder(Duration.ofHours(1)).totp(TotpConfig.of(TestKeys.totpSecret()))
                    .hmac(Secret.of(TestKeys.hmacSecret())).build());

            String rotated = MasterKey.rotate(masterValue);
            assertThat(PostgresKeyAdmin.create(own.pool(), MasterKey.of(rotated)).rewrap()).isEqualTo(1);

            PostgresKeyStore newOnly = PostgresKeyStore.create(own.pool(), MasterKey.of(MasterKey.primaryOnly(rotated)), CLOCK);
            Qiuth qiuth = Qiuth.builder().clock(CLOCK).keyStore(newOnly).build();
            RequestSigner old = RequestSigner.builder().apiKey(apiKey).totpSecret(oldTotp).hmacSecret(oldHmac).clock(CLOCK).build();
            Decision d = qiuth.authenticate(Requests.signed(old, "203.0.113.7"));
            assertThat(((Decision.Granted) d).principal().previousCredentials()).containsExactly(Factor.TOTP, Factor.HMAC);
        } finally {
            try {
                own.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static String rawRow(String id) {
        try (Connection c = db.pool().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM qiuth_keys WHERE id = '" + id + "'")) {
            StringBuilder row = new StringBuilder();
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
            }
            return row.toString();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
