package dev.qiuth.store.postgres;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The key that encrypts the TOTP and HMAC secrets at rest; it lives outside the database, in the
 * environment variable {@value #VARIABLE}. Its value is the standard base64 of a Tink JSON
 * keyset of AES256-GCM keys: the primary (newest) key encrypts, every key in the set decrypts,
 * so a master key is rotated by {@link #rotate(String)}, then
 * {@link PostgresKeyAdmin#rewrap()}, then {@link #primaryOnly(String)}.
 *
 * <p>Error messages name the variable, never its value. {@link #toString()} redacts.
 *
 * <pre>{@code
 * String value = MasterKey.generate();              // once; keep it in a secret manager
 * MasterKey key = MasterKey.fromEnvironment();      // reads QIUTH_MASTER_KEY
 * }</pre>
 */
public final class MasterKey {
    /** The environment variable that holds the master key. */
    public static final String VARIABLE = "QIUTH_MASTER_KEY";

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError("Tink AEAD cannot be registered: " + e.getClass().getSimpleName());
        }
    }

    private final Aead aead;
    private final int keyCount;

    private MasterKey(KeysetHandle keyset) throws GeneralSecurityException {
        this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        this.keyCount = keyset.size();
    }

    /** A new value for {@value #VARIABLE}: one fresh AES256-GCM key. */
    public static String generate() {
        try {
            return encode(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a master key: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The value with a fresh key added as the new primary; the old keys still decrypt. Run
     * {@link PostgresKeyAdmin#rewrap()} with it, then drop the old keys with {@link #primaryOnly}.
     *
     * @throws IllegalArgumentException when the value is not a master key (its text is not shown)
     */
    public static String rotate(String value) {
        KeysetHandle current = decode(value);
        try {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(current);
            // makePrimary takes the primary role from the current one
            b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId().makePrimary());
            return encode(b.build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot rotate the master key: " + e.getClass().getSimpleName());
        }
    }

    /** The value with only its primary key: what remains once every secret was rewrapped. */
    public static String primaryOnly(String value) {
        KeysetHandle current = decode(value);
        try {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(current);
            for (int i = b.size() - 1; i >= 0; i--) {
                if (!b.getAt(i).isPrimary()) {
                    b.deleteAt(i);
                }
            }
            return encode(b.build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trim the master key: " + e.getClass().getSimpleName());
        }
    }

    /** Reads {@value #VARIABLE} from the process environment. */
    public static MasterKey fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads {@value #VARIABLE} from these variables.
     *
     * @throws IllegalStateException when it is missing or not a master key; the message names
     *                               the variable, never its value
     */
    public static MasterKey fromEnvironment(Map<String, String> environment) {
        String value = Optional.ofNullable(environment.get(VARIABLE)).map(String::trim).orElse("");
        if (value.isEmpty()) {
            throw new IllegalStateException(VARIABLE + " is not set: the key store needs the master key that "
                    + "encrypts its secrets (create one with MasterKey.generate())");
        }
        try {
            return of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /**
     * Parses a value as {@link #generate()} makes it.
     *
     * @throws IllegalArgumentException when it is not one; the message never quotes it
     */
    public static MasterKey of(String value) {
        try {
            return new MasterKey(decode(value));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(VARIABLE + " holds no usable AEAD key");
        }
    }

    /** How many keys the set holds (1 unless rotating). */
    public int keyCount() {
        return keyCount;
    }

    byte[] encrypt(byte[] plaintext, String associatedData) {
        try {
            return aead.encrypt(plaintext, associatedData.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed: " + e.getClass().getSimpleName());
        }
    }

    /** The plaintext, or empty when no key of the set decrypts it under this associated data. */
    Optional<byte[]> decrypt(byte[] ciphertext, String associatedData) {
        try {
            return Optional.of(aead.decrypt(ciphertext, associatedData.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static KeysetHandle decode(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(VARIABLE + " is empty");
        }
        String json;
        try {
            json = new String(Base64.getDecoder().decode(value.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + " is not base64 (expected the value MasterKey.generate() prints)");
        }
        try {
            // Tink's own messages may quote parts of the keyset: none of them is passed on
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(VARIABLE + " is not a Tink keyset (expected the value MasterKey.generate() prints)");
        }
    }

    private static String encode(KeysetHandle keyset) throws GeneralSecurityException {
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "MasterKey[<redacted>, keys=" + keyCount + "]";
    }
}
