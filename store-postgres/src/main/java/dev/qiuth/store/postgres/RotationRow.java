package dev.qiuth.store.postgres;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Factor;
import dev.qiuth.KeyRotation;
import dev.qiuth.signature.CertificateConfig;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.totp.TotpAlgorithm;
import dev.qiuth.totp.TotpConfig;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * The previous credentials of a rotating key as read from its row (secrets still encrypted), with
 * the period they stay accepted in; the one place that knows the {@code previous_*} columns.
 */
record RotationRow(byte[] previousApiKeySha256, byte[] previousTotpSecretEnc, String previousTotpAlgorithm,
        Integer previousTotpDigits, Integer previousTotpStepSeconds, Integer previousTotpWindow,
        Boolean previousTotpSingleUse, String previousCertificatePem, Long previousCertificateMaxAgeSeconds,
        byte[] previousHmacSecretEnc, Long previousHmacMaxAgeSeconds, Instant startedAt, Instant until) {

    static final String PREVIOUS_TOTP_SECRET = "previous_totp_secret_enc";
    static final String PREVIOUS_HMAC_SECRET = "previous_hmac_secret_enc";

    /** Null unless the key is rotating; the first of {@link #COLUMNS}. */
    static final String STARTED_AT = "rotation_started_at";
    /**
     * Follow the key's own columns in {@link KeyRow#POLICY_COLUMNS}, in the order {@link #read}
     * reads and {@link #bind} binds them.
     */
    static final String COLUMNS = STARTED_AT + ", rotation_until, previous_api_key_sha256, previous_totp_secret_enc, "
            + "previous_totp_algorithm, previous_totp_digits, previous_totp_step_seconds, previous_totp_window, "
            + "previous_totp_single_use, previous_certificate_pem, previous_certificate_max_age_seconds, "
            + "previous_hmac_secret_enc, previous_hmac_max_age_seconds";
    /** How many {@link #COLUMNS} there are. */
    static final int COLUMN_COUNT = COLUMNS.split(", ").length;

    /** Sets every rotation column to NULL: the rotation ends, its previous credentials are dropped. */
    static final String CLEARED = String.join(" = NULL, ", COLUMNS.split(", ")) + " = NULL";

    /** What {@link #bind} writes, in its order; binding a null rotation clears them all. */
    static final String WRITTEN = COLUMNS;
    static final String WRITTEN_PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    /** Whether the current result row's key is rotating: its {@link #STARTED_AT}, at {@code index}, is set. */
    static boolean isRotating(ResultSet rs, int index) throws SQLException {
        return rs.getObject(index) != null;
    }

    /**
     * The rotation of the current result row, its {@link #COLUMNS} from index {@code first} on (read
     * by index: by name, the driver looks each up), or null when the key is not rotating; then only
     * the first, {@link #STARTED_AT}, needs to be selected.
     */
    static RotationRow read(ResultSet rs, int first) throws SQLException {
        OffsetDateTime started = rs.getObject(first, OffsetDateTime.class);
        if (started == null) {
            return null;
        }
        Instant until = rs.getObject(first + 1, OffsetDateTime.class).toInstant();
        int i = first + 2;
        return new RotationRow(rs.getBytes(i++), rs.getBytes(i++), rs.getString(i++),
                rs.getObject(i++, Integer.class), rs.getObject(i++, Integer.class), rs.getObject(i++, Integer.class),
                rs.getObject(i++, Boolean.class), rs.getString(i++), rs.getObject(i++, Long.class), rs.getBytes(i++),
                rs.getObject(i, Long.class), started.toInstant(), until);
    }

    /**
     * Binds the {@link #WRITTEN} columns from {@code first}, the previous secrets encrypted under
     * the key's id and their own column names; null clears the rotation. Returns the next index.
     */
    static int bind(PreparedStatement st, String keyId, Previous previous, Instant startedAt, Instant until,
            MasterKey masterKey, int first) throws SQLException {
        int i = first;
        KeyRow.setInstant(st, i++, previous == null ? null : startedAt);
        KeyRow.setInstant(st, i++, previous == null ? null : until);
        Previous p = previous == null ? Previous.NONE : previous;
        st.setBytes(i++, p.apiKeyHash() == null ? null : p.apiKeyHash().toBytes());
        TotpConfig totp = p.totp();
        st.setBytes(i++, totp == null ? null : masterKey.encrypt(totp.base32Secret().getBytes(StandardCharsets.UTF_8),
                KeyRow.associatedData(keyId, PREVIOUS_TOTP_SECRET)));
        st.setString(i++, totp == null ? null : totp.algorithm().name());
        setNullable(st, i++, totp == null ? null : totp.digits(), Types.INTEGER);
        setNullable(st, i++, totp == null ? null : (int) totp.step().toSeconds(), Types.INTEGER);
        setNullable(st, i++, totp == null ? null : totp.window(), Types.INTEGER);
        setNullable(st, i++, totp == null ? null : totp.singleUse(), Types.BOOLEAN);
        st.setString(i++, p.certificatePem());
        setNullable(st, i++, p.certificatePem() == null ? null : p.certificateMaxAge().toSeconds(), Types.BIGINT);
        st.setBytes(i++, p.hmacSecret() == null ? null
                : masterKey.encrypt(p.hmacSecret().utf8(), KeyRow.associatedData(keyId, PREVIOUS_HMAC_SECRET)));
        setNullable(st, i++, p.hmacSecret() == null ? null : p.hmacMaxAge().toSeconds(), Types.BIGINT);
        return i;
    }

    /** The factors with a previous credential. */
    Set<Factor> factors() {
        EnumSet<Factor> f = EnumSet.noneOf(Factor.class);
        if (previousApiKeySha256 != null) {
            f.add(Factor.API_KEY);
        }
        if (previousTotpSecretEnc != null) {
            f.add(Factor.TOTP);
        }
        if (previousCertificatePem != null) {
            f.add(Factor.CERTIFICATE);
        }
        if (previousHmacSecretEnc != null) {
            f.add(Factor.HMAC);
        }
        return f;
    }

    ApiKeyHash previousHash() {
        return previousApiKeySha256 == null ? null : ApiKeyHash.fromBytes(previousApiKeySha256);
    }

    /** The previous credentials in plain form, decrypted and checked. */
    Previous decrypt(String keyId, MasterKey masterKey) {
        TotpConfig totp = null;
        if (previousTotpSecretEnc != null) {
            String base32 = new String(open(keyId, masterKey, previousTotpSecretEnc, PREVIOUS_TOTP_SECRET),
                    StandardCharsets.UTF_8);
            totp = TotpConfig.builder(base32).algorithm(TotpAlgorithm.valueOf(previousTotpAlgorithm))
                    .digits(previousTotpDigits).step(Duration.ofSeconds(previousTotpStepSeconds))
                    .window(previousTotpWindow).singleUse(Boolean.TRUE.equals(previousTotpSingleUse)).build();
        }
        Secret hmac = previousHmacSecretEnc == null ? null
                : Secret.of(new String(open(keyId, masterKey, previousHmacSecretEnc, PREVIOUS_HMAC_SECRET),
                        StandardCharsets.UTF_8));
        return new Previous(previousHash(), totp, previousCertificatePem,
                previousCertificateMaxAgeSeconds == null ? null : Duration.ofSeconds(previousCertificateMaxAgeSeconds),
                hmac, previousHmacMaxAgeSeconds == null ? null : Duration.ofSeconds(previousHmacMaxAgeSeconds));
    }

    /** The engine's view of this rotation. */
    KeyRotation toKeyRotation(String keyId, MasterKey masterKey) {
        Previous p = decrypt(keyId, masterKey);
        KeyRotation.Builder b = KeyRotation.builder(startedAt, until).previousApiKeyHash(p.apiKeyHash())
                .previousTotp(p.totp());
        if (p.certificatePem() != null) {
            b.previousCertificate(CertificateConfig.of(p.certificatePem(), p.certificateMaxAge()));
        }
        if (p.hmacSecret() != null) {
            b.previousHmac(HmacConfig.of(p.hmacSecret().reveal(), p.hmacMaxAge()));
        }
        return b.build();
    }

    StoredKey.RotationStatus toStatus() {
        return new StoredKey.RotationStatus(factors(), startedAt, until);
    }

    /** The previous TOTP ciphertext encrypted again under the master key's primary key, or null. */
    byte[] rewrappedTotp(String keyId, MasterKey masterKey) {
        return rewrapped(keyId, masterKey, previousTotpSecretEnc, PREVIOUS_TOTP_SECRET);
    }

    /** The previous HMAC ciphertext encrypted again under the master key's primary key, or null. */
    byte[] rewrappedHmac(String keyId, MasterKey masterKey) {
        return rewrapped(keyId, masterKey, previousHmacSecretEnc, PREVIOUS_HMAC_SECRET);
    }

    private static byte[] rewrapped(String keyId, MasterKey masterKey, byte[] ciphertext, String column) {
        if (ciphertext == null) {
            return null;
        }
        String associatedData = KeyRow.associatedData(keyId, column);
        return masterKey.encrypt(open(keyId, masterKey, ciphertext, column), associatedData);
    }

    private static byte[] open(String keyId, MasterKey masterKey, byte[] ciphertext, String column) {
        return masterKey.decrypt(ciphertext, KeyRow.associatedData(keyId, column))
                .orElseThrow(() -> new KeyRow.SecretDoesNotDecryptException(keyId, column));
    }

    private static void setNullable(PreparedStatement st, int index, Object value, int type) throws SQLException {
        if (value == null) {
            st.setNull(index, type);
        } else {
            st.setObject(index, value, type);
        }
    }

    /** Previous credentials in plain form, any of them null; {@link #toString()} shows no secret. */
    record Previous(ApiKeyHash apiKeyHash, TotpConfig totp, String certificatePem, Duration certificateMaxAge,
            Secret hmacSecret, Duration hmacMaxAge) {
        static final Previous NONE = new Previous(null, null, null, null, null, null);

        @Override
        public String toString() {
            return "Previous[apiKey=" + (apiKeyHash != null) + ", totp=" + (totp != null) + ", certificate="
                    + (certificatePem != null) + ", hmac=" + (hmacSecret != null) + "]";
        }
    }
}
