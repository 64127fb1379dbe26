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
import java.util.HexFormat;
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

    /** The select list. */
    static final String COLUMNS = "id, api_key_sha256, name, owner, scopes, metadata, expires_at, revoked, revoked_at, rate_limit, rate_limit_window_ms, ip_allowlist, trusted_proxies, "
            + "trusted_proxies_one_hop, totp_secret_enc, totp_algorithm, totp_digits, totp_step_seconds, totp_window, totp_single_use, "
            + "certificate_pem, certificate_max_age_seconds, hmac_secret_enc, hmac_max_age_seconds, "
            + "created_at, updated_at, last_used_at, " + RotationRow.COLUMNS;

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

    static KeyRow read(ResultSet rs) throws SQLException {
        Map<String, String> metadata = MetadataJson.parse(rs.getString("metadata"));
        return new KeyRow(rs.getString("id"), rs.getBytes("api_key_sha256"), rs.getString("name"),
                rs.getString("owner"), List.of(strings(rs.getArray("scopes"))), metadata, instant(rs, "expires_at"),
                rs.getBoolean("revoked"), instant(rs, "revoked_at"), rs.getObject("rate_limit", Integer.class),
                rs.getObject("rate_limit_window_ms", Long.class), list(rs.getArray("ip_allowlist")),
                list(rs.getArray("trusted_proxies")), rs.getBoolean("trusted_proxies_one_hop"), rs.getBytes("totp_secret_enc"), rs.getString("totp_algorithm"),
                rs.getObject("totp_digits", Integer.class), rs.getObject("totp_step_seconds", Integer.class),
                rs.getObject("totp_window", Integer.class), rs.getObject("totp_single_use", Boolean.class),
                rs.getString("certificate_pem"), rs.getObject("certificate_max_age_seconds", Long.class),
                rs.getBytes("hmac_secret_enc"), rs.getObject("hmac_max_age_seconds", Long.class),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "last_used_at"), RotationRow.read(rs));
    }

    /**
     * Binds the {@link #WRITTEN} columns from {@code first}; returns the next index. Secrets are encrypted
     * here, under the row's id, with the master key's primary key.
     */
    static int bind(PreparedStatement st, Connection c, NewKey key, MasterKey masterKey, Instant now, int first)
            throws SQLException {
        int i = first;
        st.setBytes(i++, HexFormat.of().parseHex(key.apiKeyHash().hex()));
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
        return ApiKeyHash.fromHex(HexFormat.of().formatHex(apiKeySha256));
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

    private static Instant instant(ResultSet rs, String column) throws SQLException {
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
