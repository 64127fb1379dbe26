package dev.qiuth.store.postgres;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.totp.TotpAlgorithm;
import dev.qiuth.totp.TotpConfig;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One row of {@code qiuth_keys} as read, secrets still encrypted; the one place that knows the
 * columns. Turns into the engine's {@link KeyPolicy}, the admin's {@link StoredKey}, or (for an
 * update) a {@link NewKey} with its secrets decrypted.
 */
record KeyRow(String id, byte[] apiKeySha256, String name, String owner, List<String> scopes,
        Map<String, String> metadata, Instant expiresAt, boolean revoked, Instant revokedAt, Integer rateLimit,
        Long rateLimitWindowMs, List<String> ipAllowlist, List<String> trustedProxies, boolean trustedProxiesOneHop, byte[] totpSecretEnc,
        String totpAlgorithm, Integer totpDigits, Integer totpStepSeconds, Integer totpWindow, Boolean totpSingleUse,
        String certificatePem, Long certificateMaxAgeSeconds, byte[] hmacSecretEnc, Long hmacMaxAgeSeconds,
        Instant createdAt, Instant updatedAt, Instant lastUsedAt, RotationRow rotation) {

    static final String TOTP_SECRET = "totp_secret_enc";
    static final String HMAC_SECRET = "hmac_secret_enc";

    private static final String OWN_POLICY_COLUMNS = "id, api_key_sha256, name, owner, scopes, metadata, expires_at, "
            + "revoked, rate_limit, rate_limit_window_ms, ip_allowlist, trusted_proxies, trusted_proxies_one_hop, "
            + "totp_secret_enc, totp_algorithm, totp_digits, totp_step_seconds, totp_window, totp_single_use, "
            + "certificate_pem, certificate_max_age_seconds, hmac_secret_enc, hmac_max_age_seconds";
    /** The index of the rotation's first column, {@link RotationRow#STARTED_AT}, in every select list here. */
    private static final int ROTATION = OWN_POLICY_COLUMNS.split(", ").length + 1;
    /**
     * What a {@link KeyPolicy} is made of, in the order {@link #readPolicy} reads it: the key's own
     * columns, then its rotation's.
     */
    static final String POLICY_COLUMNS = OWN_POLICY_COLUMNS + ", " + RotationRow.COLUMNS;
    /**
     * The engine's usual select list: {@link #POLICY_COLUMNS} but of the rotation only its start,
     * enough to read a key that is not rotating ({@link #isRotating}). Each column costs the server
     * its output setup on every lookup; the dozen a rotation adds are set for a few keys at a time.
     */
    static final String POLICY_COLUMNS_UNLESS_ROTATING = OWN_POLICY_COLUMNS + ", " + RotationRow.STARTED_AT;
    /**
     * The admin's select list: the policy's, then when the key was revoked, created, updated and last
     * used (four timestamps the engine has no use for, and whose parsing a lookup would pay for).
     */
    static final String COLUMNS = POLICY_COLUMNS + ", revoked_at, created_at, updated_at, last_used_at";

    /** The columns an add or update writes, in the order {@link #bind} binds them. */
    static final String WRITTEN = "api_key_sha256, name, owner, scopes, metadata, expires_at, rate_limit, "
            + "rate_limit_window_ms, ip_allowlist, trusted_proxies, trusted_proxies_one_hop, totp_secret_enc, "
            + "totp_algorithm, totp_digits, totp_step_seconds, totp_window, totp_single_use, certificate_pem, certificate_max_age_seconds, "
            + "hmac_secret_enc, hmac_max_age_seconds, updated_at";
    static final String WRITTEN_PLACEHOLDERS = "?, ?, ?, ?, jsonb_object(?::text[], ?::text[]), ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?";

    /** Associated data of a ciphertext: its table, row and column, so it decrypts nowhere else. */
    static String associatedData(String keyId, String column) {
        return "qiuth_keys/" + keyId.length() + ":" + keyId + "/" + column;
    }

    /** The current result row of a select of {@link #COLUMNS}. */
    static KeyRow read(ResultSet rs) throws SQLException {
        return read(rs, true);
    }

    /**
     * The current result row of a select of {@link #POLICY_COLUMNS}, or of {@link
     * #POLICY_COLUMNS_UNLESS_ROTATING} when the key is not {@link #isRotating}: the admin's four
     * timestamps null.
     */
    static KeyRow readPolicy(ResultSet rs) throws SQLException {
        return read(rs, false);
    }

    /** Whether the current result row's key is rotating: read it with {@link #POLICY_COLUMNS}. */
    static boolean isRotating(ResultSet rs) throws SQLException {
        return RotationRow.isRotating(rs, ROTATION);
    }

    // by index: by name, the driver looks each column up
    private static KeyRow read(ResultSet rs, boolean withAdmin) throws SQLException {
        String id = rs.getString(1);
        byte[] apiKeySha256 = rs.getBytes(2);
        String name = rs.getString(3);
        String owner = rs.getString(4);
        List<String> scopes = List.of(strings(rs.getArray(5)));
        Map<String, String> metadata = MetadataJson.parse(rs.getString(6));
        Instant expiresAt = instant(rs, 7);
        boolean revoked = rs.getBoolean(8);
        Integer rateLimit = rs.getObject(9, Integer.class);
        Long rateLimitWindowMs = rs.getObject(10, Long.class);
        List<String> ipAllowlist = list(rs.getArray(11));
        List<String> trustedProxies = list(rs.getArray(12));
        boolean trustedProxiesOneHop = rs.getBoolean(13);
        byte[] totpSecretEnc = rs.getBytes(14);
        String totpAlgorithm = rs.getString(15);
        Integer totpDigits = rs.getObject(16, Integer.class);
        Integer totpStepSeconds = rs.getObject(17, Integer.class);
        Integer totpWindow = rs.getObject(18, Integer.class);
        Boolean totpSingleUse = rs.getObject(19, Boolean.class);
        String certificatePem = rs.getString(20);
        Long certificateMaxAgeSeconds = rs.getObject(21, Long.class);
        byte[] hmacSecretEnc = rs.getBytes(22);
        Long hmacMaxAgeSeconds = rs.getObject(23, Long.class);
        RotationRow rotation = RotationRow.read(rs, ROTATION);
        int admin = ROTATION + RotationRow.COLUMN_COUNT;
        return new KeyRow(id, apiKeySha256, name, owner, scopes, metadata, expiresAt, revoked,
                withAdmin ? instant(rs, admin) : null, rateLimit, rateLimitWindowMs, ipAllowlist, trustedProxies,
                trustedProxiesOneHop, totpSecretEnc, totpAlgorithm, totpDigits, totpStepSeconds, totpWindow,
                totpSingleUse, certificatePem, certificateMaxAgeSeconds, hmacSecretEnc, hmacMaxAgeSeconds,
                withAdmin ? instant(rs, admin + 1) : null, withAdmin ? instant(rs, admin + 2) : null,
                withAdmin ? instant(rs, admin + 3) : null, rotation);
    }

    /**
     * Binds the {@link #WRITTEN} columns from {@code first}; returns the next index. Secrets are encrypted
     * here, under the row's id, with the master key's primary key.
     */
    static int bind(PreparedStatement st, Connection c, NewKey key, MasterKey masterKey, Instant now, int first)
            throws SQLException {
        int i = first;
        st.setBytes(i++, key.apiKeyHash().toBytes());
        st.setString(i++, key.name());
        st.setString(i++, key.owner());
        st.setArray(i++, c.createArrayOf("text", key.scopes().stream().sorted().toArray()));
        List<String> metaKeys = key.metadata().keySet().stream().sorted().toList();
        st.setArray(i++, c.createArrayOf("text", metaKeys.toArray()));
        st.setArray(i++, c.createArrayOf("text", metaKeys.stream().map(key.metadata()::get).toArray()));
        setInstant(st, i++, key.expiresAt());
        setNullable(st, i++, key.rateLimit() == null ? null : key.rateLimit().limit(), Types.INTEGER);
        setNullable(st, i++, key.rateLimit() == null ? null : key.rateLimit().window().toMillis(), Types.BIGINT);
        st.setArray(i++, key.ipAllowlist() == null ? null : c.createArrayOf("text", key.ipAllowlist().toArray()));
        st.setArray(i++, key.trustedProxies() == null ? null : c.createArrayOf("text", key.trustedProxies().toArray()));
        st.setBoolean(i++, key.trustedProxiesOneHop());
        TotpConfig totp = key.totp();
        st.setBytes(i++, totp == null ? null : masterKey.encrypt(totp.base32Secret().getBytes(StandardCharsets.UTF_8),
                associatedData(key.id(), TOTP_SECRET)));
        st.setString(i++, totp == null ? null : totp.algorithm().name());
        setNullable(st, i++, totp == null ? null : totp.digits(), Types.INTEGER);
        setNullable(st, i++, totp == null ? null : (int) totp.step().toSeconds(), Types.INTEGER);
        setNullable(st, i++, totp == null ? null : totp.window(), Types.INTEGER);
        setNullable(st, i++, totp == null ? null : totp.singleUse(), Types.BOOLEAN);
        st.setString(i++, key.certificatePem());
        setNullable(st, i++, key.certificateMaxAge() == null ? null : key.certificateMaxAge().toSeconds(), Types.BIGINT);
        st.setBytes(i++, key.hmacSecret() == null ? null
                : masterKey.encrypt(key.hmacSecret().utf8(), associatedData(key.id(), HMAC_SECRET)));
        setNullable(st, i++, key.hmacMaxAge() == null ? null : key.hmacMaxAge().toSeconds(), Types.BIGINT);
        setInstant(st, i++, now);
        return i;
    }

    /**
     * The engine's policy, with its rotation (an ended one too: the engine refuses previous
     * credentials after {@code until}); the secrets are decrypted on the way, the values checked once.
     */
    KeyPolicy toPolicy(MasterKey masterKey) {
        NewKey key = toBuilder(masterKey).buildUnchecked();
        return key.policyBuilder(revoked).rotation(rotation == null ? null : rotation.toKeyRotation(id, masterKey))
                .build();
    }

    /** Every stored value, secrets decrypted and checked: what an update starts from. */
    NewKey toNewKey(MasterKey masterKey) {
        return toBuilder(masterKey).build();
    }

    private NewKey.Builder toBuilder(MasterKey masterKey) {
        NewKey.Builder b = NewKey.builder().id(id).apiKeyHash(hash()).name(name).owner(owner).scopes(scopes)
                .metadata(metadata).expiresAt(expiresAt).ipAllowlist(ipAllowlist).trustedProxies(trustedProxies);
        if (trustedProxiesOneHop) {
            b.trustedProxiesOneHop();
        }
        if (rateLimit != null) {
            b.rateLimit(RateLimit.of(rateLimit, Duration.ofMillis(rateLimitWindowMs)));
        }
        if (totpSecretEnc != null) {
            String base32 = new String(decrypt(masterKey, totpSecretEnc, TOTP_SECRET), StandardCharsets.UTF_8);
            b.totp(TotpConfig.builder(base32).algorithm(TotpAlgorithm.valueOf(totpAlgorithm)).digits(totpDigits)
                    .step(Duration.ofSeconds(totpStepSeconds)).window(totpWindow)
                    .singleUse(Boolean.TRUE.equals(totpSingleUse)).build());
        }
        if (certificatePem != null) {
            b.certificate(certificatePem, Duration.ofSeconds(certificateMaxAgeSeconds));
        }
        if (hmacSecretEnc != null) {
            String secret = new String(decrypt(masterKey, hmacSecretEnc, HMAC_SECRET), StandardCharsets.UTF_8);
            b.hmac(Secret.of(secret), Duration.ofSeconds(hmacMaxAgeSeconds));
        }
        return b;
    }

    StoredKey toStoredKey() {
        Optional<StoredKey.TotpSettings> totp = totpAlgorithm == null ? Optional.empty()
                : Optional.of(new StoredKey.TotpSettings(TotpAlgorithm.valueOf(totpAlgorithm), totpDigits,
                        Duration.ofSeconds(totpStepSeconds), totpWindow, Boolean.TRUE.equals(totpSingleUse)));
        return new StoredKey(id, hash().shortId(), name, owner, Set.copyOf(scopes), metadata, expiresAt, revoked,
                revokedAt, rateLimit == null ? null : RateLimit.of(rateLimit, Duration.ofMillis(rateLimitWindowMs)),
                ipAllowlist, trustedProxies, trustedProxiesOneHop, totp, certificatePem,
                certificateMaxAgeSeconds == null ? null : Duration.ofSeconds(certificateMaxAgeSeconds),
                hmacMaxAgeSeconds == null ? null : Duration.ofSeconds(hmacMaxAgeSeconds), createdAt, updatedAt,
                lastUsedAt, Optional.ofNullable(rotation).map(RotationRow::toStatus));
    }

    ApiKeyHash hash() {
        return ApiKeyHash.fromBytes(apiKeySha256);
    }

    private byte[] decrypt(MasterKey masterKey, byte[] ciphertext, String column) {
        return masterKey.decrypt(ciphertext, associatedData(id, column))
                .orElseThrow(() -> new SecretDoesNotDecryptException(id, column));
    }

    /** A stored secret that the master key does not open: wrong key, or a ciphertext moved from elsewhere. */
    static final class SecretDoesNotDecryptException extends RuntimeException {
        SecretDoesNotDecryptException(String keyId, String column) {
            super("the " + column + " of key '" + keyId + "' does not decrypt with " + MasterKey.VARIABLE
                    + " (wrong master key, or a ciphertext copied from another row or column)");
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static void setInstant(PreparedStatement st, int index, Instant instant) throws SQLException {
        if (instant == null) {
            st.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            st.setObject(index, instant.atOffset(ZoneOffset.UTC));
        }
    }

    private static void setNullable(PreparedStatement st, int index, Object value, int type) throws SQLException {
        if (value == null) {
            st.setNull(index, type);
        } else {
            st.setObject(index, value, type);
        }
    }

    private static String[] strings(Array array) throws SQLException {
        if (array == null) {
            return new String[0];
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.copyOf(values, values.length, String[].class);
    }

    private static List<String> list(Array array) throws SQLException {
        return array == null ? null : List.of(strings(array));
    }
}
