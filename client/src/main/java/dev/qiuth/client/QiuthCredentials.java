package dev.qiuth.client;

import dev.qiuth.signature.HmacConfig;
import dev.qiuth.signature.Pem;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.totp.TotpConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

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
 * {@code \n} escapes); and {@code QIUTH_TOTP_TIME_STEP} (seconds, default 30), as the server reads it.
 */
public final class QiuthCredentials {
    public static final String API_KEY = "QIUTH_API_KEY";
    public static final String TOTP_SECRET = "QIUTH_TOTP_SECRET";
    public static final String TOTP_TIME_STEP = "QIUTH_TOTP_TIME_STEP";
    public static final String HMAC_SECRET = "QIUTH_HMAC_SECRET";
    public static final String PRIVATE_KEY = "QIUTH_PRIVATE_KEY";
    public static final String FILE_SUFFIX = "_FILE";

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
    public java.util.Optional<TotpConfig> totp() {
        return java.util.Optional.ofNullable(totp);
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
        private Value apiKey;
        private Value totpSecret;
        private Value totpStep;
        private TotpConfig totpConfig;
        private Value hmacSecret;
        private Value privateKeyPem;
        private Path privateKeyFile;
        private String privateKeyFileSource;
        private PrivateKey privateKey;

        private Builder() {
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = Value.of(apiKey, "API key");
            return this;
        }

        /** The base32 TOTP secret, with the default parameters (SHA1, 6 digits, 30 s). */
        public Builder totpSecret(String base32Secret) {
            this.totpSecret = Value.of(base32Secret, "TOTP secret");
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
            this.hmacSecret = Value.of(secret, "HMAC secret");
            return this;
        }

        /** The RSA private key as PKCS#8 PEM, with real newlines or {@code \n} escapes. */
        public Builder privateKeyPem(String pem) {
            return usePrivateKey(Value.of(pem, "private key"), null, null);
        }

        /** A file holding the RSA private key as PKCS#8 PEM; read at {@link #build()}. */
        public Builder privateKeyFile(Path file) {
            return usePrivateKey(null, file, "private key file");
        }

        /** One source of the private key replaces any other. */
        private Builder usePrivateKey(Value pem, Path file, String fileSource) {
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
         * Takes the {@code QIUTH_*} entries present in a map; absent or blank ones leave the
         * builder as it was.
         *
         * @throws IllegalArgumentException when both a variable and its {@code _FILE} form are set
         */
        public Builder environment(Map<String, String> env) {
            Objects.requireNonNull(env, "env");
            Value v = variable(env, API_KEY);
            if (v != null) {
                apiKey = v;
            }
            v = variable(env, TOTP_SECRET);
            if (v != null) {
                totpSecret = v;
                totpConfig = null;
            }
            String step = env.get(TOTP_TIME_STEP);
            if (step != null && !step.isBlank()) {
                totpStep = new Value(step.trim(), TOTP_TIME_STEP);
            }
            v = variable(env, HMAC_SECRET);
            if (v != null) {
                hmacSecret = v;
            }
            String pem = env.get(PRIVATE_KEY);
            String pemFile = env.get(PRIVATE_KEY + FILE_SUFFIX);
            requireOne(pem, pemFile, PRIVATE_KEY);
            if (pem != null && !pem.isBlank()) {
                usePrivateKey(new Value(pem, PRIVATE_KEY), null, null);
            } else if (pemFile != null && !pemFile.isBlank()) {
                usePrivateKey(null, Path.of(pemFile.trim()), PRIVATE_KEY + FILE_SUFFIX);
            }
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException when the API key is missing or a value is not usable;
         *                                  the message names the value's source, never the value
         */
        public QiuthCredentials build() {
            if (apiKey == null || apiKey.text.isBlank()) {
                throw new IllegalArgumentException("API key is missing (set " + API_KEY + " or pass it)");
            }
            String key = apiKey.text.strip();
            if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(apiKey.source + ": must be printable ASCII without spaces");
            }
            TotpConfig totp = totpConfig;
            if (totpSecret != null) {
                totp = named(totpSecret.source, () -> {
                    TotpConfig.Builder t = TotpConfig.builder(totpSecret.text.strip());
                    if (totpStep != null) {
                        t.step(Duration.ofSeconds(seconds(totpStep)));
                    }
                    return t.build();
                });
            }
            String hmac = null;
            if (hmacSecret != null) {
                hmac = hmacSecret.text.strip();
                String checked = hmac;
                named(hmacSecret.source, () -> HmacConfig.of(checked));
            }
            PrivateKey rsa = privateKey;
            if (privateKeyPem != null) {
                rsa = named(privateKeyPem.source, () -> Pem.parsePrivateKey(privateKeyPem.text));
            } else if (privateKeyFile != null) {
                String pem = readFile(privateKeyFile, privateKeyFileSource);
                rsa = named(privateKeyFileSource + " " + privateKeyFile, () -> Pem.parsePrivateKey(pem));
            }
            return new QiuthCredentials(key, totp, hmac, rsa);
        }

        private static long seconds(Value v) {
            try {
                long s = Long.parseLong(v.text);
                if (s > 0) {
                    return s;
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException(v.source + ": must be a positive whole number of seconds");
        }

        private static Value variable(Map<String, String> env, String name) {
            String value = env.get(name);
            String file = env.get(name + FILE_SUFFIX);
            requireOne(value, file, name);
            if (value != null && !value.isBlank()) {
                return new Value(value, name);
            }
            if (file != null && !file.isBlank()) {
                String source = name + FILE_SUFFIX;
                return new Value(readFile(Path.of(file.trim()), source).strip(), source);
            }
            return null;
        }

        private static void requireOne(String value, String file, String name) {
            if (value != null && !value.isBlank() && file != null && !file.isBlank()) {
                throw new IllegalArgumentException("set only one of " + name + " and " + name + FILE_SUFFIX);
            }
        }

        private static String readFile(Path file, String source) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new IllegalArgumentException(source + ": cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }

        private static <T> T named(String source, java.util.function.Supplier<T> parse) {
            try {
                return parse.get();
            } catch (IllegalArgumentException e) {
                // core's messages never quote the secret; the source tells the user where to look
                throw new IllegalArgumentException(source + ": " + e.getMessage());
            }
        }
    }

    /** A value and where it came from, for error messages. */
    private record Value(String text, String source) {
        static Value of(String text, String source) {
            return text == null ? null : new Value(text, source);
        }

        @Override
        public String toString() {
            return "Value[" + source + "]";
        }
    }
}
