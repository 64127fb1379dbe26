package dev.qiuth.client;

import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.config.Variable;
import dev.qiuth.signature.Pem;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.totp.TotpConfig;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client holds to call a Qiuth-protected API: the API key and, for the factors its key
 * requires, the TOTP secret, the HMAC secret and the RSA private key. Immutable and checked when
 * built; {@link #toString()} names the factors and never a secret.
 *
 * <p>From code, from {@code QIUTH_*} variables, or from a {@code .env} file:
 *
 * <pre>{@code
 * QiuthCredentials c = QiuthCredentials.builder()
 *         .apiKey("sk_live_...")
 *         .totpSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
 *         .hmacSecret(hmacSecret)
 *         .privateKeyFile(Path.of("qiuth-private.pem"))
 *         .build();
 *
 * QiuthCredentials fromEnv = QiuthCredentials.fromEnvironment();           // System.getenv()
 * QiuthCredentials fromFile = QiuthCredentials.fromEnvFile(Path.of(".env"));
 * }</pre>
 *
 * <p>Variables, each also readable from a file named by the variable with {@code _FILE} appended
 * (for container secrets): {@code QIUTH_API_KEY}, {@code QIUTH_TOTP_SECRET},
 * {@code QIUTH_HMAC_SECRET}, {@code QIUTH_PRIVATE_KEY} (PKCS#8 PEM, with real newlines or
 * {@code \n} escapes); and {@code QIUTH_TOTP_TIME_STEP} (seconds, default 30). Each is read,
 * trimmed and checked by core's {@link Variable} and {@link EnvironmentConfig}, exactly as the
 * server reads its own {@code QIUTH_*} variables.
 */
public final class QiuthCredentials {
    // the names, and how each value is read and checked, are core's: the server reads the same way
    public static final String API_KEY = EnvironmentConfig.API_KEY;
    public static final String TOTP_SECRET = EnvironmentConfig.TOTP_SECRET;
    public static final String TOTP_TIME_STEP = EnvironmentConfig.TOTP_TIME_STEP;
    public static final String HMAC_SECRET = EnvironmentConfig.HMAC_SECRET;
    public static final String PRIVATE_KEY = EnvironmentConfig.PRIVATE_KEY;
    public static final String FILE_SUFFIX = Variable.FILE_SUFFIX;

    private final String apiKey;
    private final TotpConfig totp;
    private final String hmac;
    private final PrivateKey privateKey;

    private QiuthCredentials(String apiKey, TotpConfig totp, String hmac, PrivateKey privateKey) {
        this.apiKey = apiKey;
        this.totp = totp;
        this.hmac = hmac;
        this.privateKey = privateKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code QIUTH_*} process environment.
     *
     * @throws IllegalArgumentException naming the variable that is missing or wrong, never its value
     */
    public static QiuthCredentials fromEnvironment() {
        return builder().environment(System.getenv()).build();
    }

    /** Reads {@code QIUTH_*} entries of a map, such as {@code System.getenv()}. */
    public static QiuthCredentials fromEnvironment(Map<String, String> env) {
        return builder().environment(env).build();
    }

    /**
     * Reads a {@code .env} file of {@code QIUTH_*=value} lines (see {@link EnvFile}).
     *
     * @throws IllegalArgumentException when the file cannot be read or a value is wrong
     */
    public static QiuthCredentials fromEnvFile(Path file) {
        return builder().environment(EnvFile.read(file)).build();
    }

    /** A signer of requests with these credentials, on the system clock. */
    public RequestSigner signer() {
        return signer(Clock.systemUTC());
    }

    /** A signer of requests with these credentials; the clock gives timestamps and TOTP codes. */
    public RequestSigner signer(Clock clock) {
        RequestSigner.Builder b = RequestSigner.builder().apiKey(apiKey).clock(clock);
        if (totp != null) {
            b.totp(totp);
        }
        if (privateKey != null) {
            b.privateKey(privateKey);
        }
        if (hmac != null) {
            b.hmacSecret(hmac);
        }
        return b.build();
    }

    public boolean hasTotp() {
        return totp != null;
    }

    public boolean hasHmac() {
        return hmac != null;
    }

    public boolean hasPrivateKey() {
        return privateKey != null;
    }

    /** The TOTP parameters, when there is a TOTP secret; its secret stays inside. */
    public Optional<TotpConfig> totp() {
        return Optional.ofNullable(totp);
    }

    @Override
    public String toString() {
        return "QiuthCredentials[apiKey=<redacted>, totp=" + (totp != null) + ", hmac=" + (hmac != null)
                + ", privateKey=" + (privateKey != null) + "]";
    }

    /**
     * Collects credentials from code, variables and files; a later value replaces an earlier one,
     * so {@code builder().environment(fileVars).environment(System.getenv()).apiKey(flag)} lets a
     * flag win over the environment, and the environment over a file. Nothing is parsed before
     * {@link #build()}, whose error names where the bad value came from.
     */
    public static final class Builder {
        private Variable apiKey;
        private Variable totpSecret;
        private Variable totpStep;
        private TotpConfig totpConfig;
        private Variable hmacSecret;
        private Variable privateKeyPem;
        private Path privateKeyFile;
        private String privateKeyFileSource;
        private PrivateKey privateKey;

        private Builder() {
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = given("API key", apiKey);
            return this;
        }

        /** The base32 TOTP secret, with the default parameters (SHA1, 6 digits, 30 s). */
        public Builder totpSecret(String base32Secret) {
            this.totpSecret = given("TOTP secret", base32Secret);
            this.totpConfig = null;
            return this;
        }

        /** TOTP with other parameters than the defaults. */
        public Builder totp(TotpConfig totp) {
            this.totpConfig = totp;
            this.totpSecret = null;
            return this;
        }

        /** The HMAC secret, used as UTF-8 text (at least 32 characters). */
        public Builder hmacSecret(String secret) {
            this.hmacSecret = given("HMAC secret", secret);
            return this;
        }

        /** The RSA private key as PKCS#8 PEM, with real newlines or {@code \n} escapes. */
        public Builder privateKeyPem(String pem) {
            return usePrivateKey(given("private key", pem), null, null);
        }

        /** A file holding the RSA private key as PKCS#8 PEM; read at {@link #build()}. */
        public Builder privateKeyFile(Path file) {
            return usePrivateKey(null, file, "private key file");
        }

        /** One source of the private key replaces any other. */
        private Builder usePrivateKey(Variable pem, Path file, String fileSource) {
            this.privateKeyPem = pem;
            this.privateKeyFile = file;
            this.privateKeyFileSource = fileSource;
            this.privateKey = null;
            return this;
        }

        public Builder privateKey(PrivateKey key) {
            this.privateKey = key;
            this.privateKeyPem = null;
            this.privateKeyFile = null;
            return this;
        }

        /**
         * Takes the {@code QIUTH_*} entries present in a map, read by core's {@link Variable#read};
         * absent or blank ones leave the builder as it was.
         *
         * @throws IllegalArgumentException when both a variable and its {@code _FILE} form are set,
         *                                  or the file cannot be read
         */
        public Builder environment(Map<String, String> env) {
            Objects.requireNonNull(env, "env");
            Variable.read(env, API_KEY).ifPresent(v -> apiKey = v);
            Variable.read(env, TOTP_SECRET).ifPresent(v -> {
                totpSecret = v;
                totpConfig = null;
            });
            Variable.read(env, TOTP_TIME_STEP).ifPresent(v -> totpStep = v);
            Variable.read(env, HMAC_SECRET).ifPresent(v -> hmacSecret = v);
            Variable.read(env, PRIVATE_KEY).ifPresent(v -> usePrivateKey(v, null, null));
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException when the API key is missing or a value is not usable;
         *                                  the message names the value's source, never the value
         */
        public QiuthCredentials build() {
            if (apiKey == null || apiKey.value().isEmpty()) {
                throw new IllegalArgumentException("API key is missing (set " + API_KEY + " or pass it)");
            }
            String key = apiKey.value();
            if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(apiKey.name() + ": must be printable ASCII without spaces");
            }
            TotpConfig totp = totpConfig;
            if (totpSecret != null) {
                totp = EnvironmentConfig.totp(totpSecret, Optional.ofNullable(totpStep)).build();
            }
            String hmac = hmacSecret == null ? null : EnvironmentConfig.hmacSecret(hmacSecret);
            PrivateKey rsa = privateKey;
            if (privateKeyPem != null) {
                rsa = privateKeyPem.decode(Pem::parsePrivateKey);
            } else if (privateKeyFile != null) {
                String pem = Variable.ofFile(privateKeyFileSource, privateKeyFile).value();
                // the error names the file: the caller may have given several
                rsa = new Variable(privateKeyFileSource + " " + privateKeyFile, pem).decode(Pem::parsePrivateKey);
            }
            return new QiuthCredentials(key, totp, hmac, rsa);
        }

        /** A value given in code, labelled for error messages. */
        private static Variable given(String label, String value) {
            return value == null ? null : new Variable(label, value);
        }
    }
}
