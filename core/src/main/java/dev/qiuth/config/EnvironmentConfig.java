package dev.qiuth.config;

import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.totp.TotpConfig;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One key's policy and the proxy settings from {@code QIUTH_*} environment variables, with the
 * Node library's names so that one {@code .env} file serves both.
 *
 * <table>
 * <caption>Variables</caption>
 * <tr><td>{@code QIUTH_API_KEY} / {@code QIUTH_HASHED_API_KEY}</td><td>the key, or its SHA-256 hex</td></tr>
 * <tr><td>{@code QIUTH_IP_ALLOWLIST}</td><td>comma-separated addresses and CIDR ranges</td></tr>
 * <tr><td>{@code QIUTH_IP_TRUST_PROXY}</td><td>{@code true}: believe {@code X-Forwarded-For}
 *     (one hop unless {@code QIUTH_TRUSTED_PROXIES} lists the proxies)</td></tr>
 * <tr><td>{@code QIUTH_TRUSTED_PROXIES}</td><td>comma-separated CIDR ranges of trusted proxies</td></tr>
 * <tr><td>{@code QIUTH_TOTP_SECRET}, {@code QIUTH_TOTP_TIME_STEP} (s), {@code QIUTH_TOTP_WINDOW}</td><td>TOTP</td></tr>
 * <tr><td>{@code QIUTH_CERTIFICATE_PUBLIC_KEY}, {@code QIUTH_CERTIFICATE_MAX_AGE} (s)</td><td>RSA signature</td></tr>
 * <tr><td>{@code QIUTH_HMAC_SECRET}, {@code QIUTH_HMAC_MAX_AGE} (s)</td><td>HMAC signature</td></tr>
 * <tr><td>{@code QIUTH_JDBC_URL}, {@code QIUTH_JDBC_USER}, {@code QIUTH_JDBC_PASSWORD},
 *     {@code QIUTH_MASTER_KEY}</td><td>keys in PostgreSQL ({@link #database()})</td></tr>
 * <tr><td>{@code QIUTH_REDIS_URL}, {@code QIUTH_REDIS_CLUSTER}, {@code QIUTH_REDIS_TIMEOUT} (ms),
 *     {@code QIUTH_REDIS_KEY_PREFIX}, {@code QIUTH_REDIS_RATE_LIMIT_FAIL_OPEN},
 *     {@code QIUTH_REDIS_TRUSTED_CERTIFICATES} (PEM file, {@code rediss://} only)</td><td>replay memory and
 *     counters shared by every node ({@link #redis()})</td></tr>
 * <tr><td>{@code QIUTH_PRIVATE_KEY}</td><td>the calling side's RSA private key (PKCS#8 PEM), read by
 *     the client's {@code QiuthCredentials}, not here</td></tr>
 * <tr><td>{@code QIUTH_FAILURE_LIMIT} / {@code QIUTH_FAILURE_WINDOW} (s), {@code QIUTH_KEY_FAILURE_LIMIT} /
 *     {@code QIUTH_KEY_FAILURE_WINDOW} (s)</td><td>lockout per client address and per key id
 *     ({@link #failureLimits()}; window default 60 s)</td></tr>
 * </table>
 *
 * <p>Each variable is read by {@link Variable#read}: trimmed, blank means unset, and
 * {@code QIUTH_X_FILE} may name a file holding the value of {@code QIUTH_X} instead (for container
 * secrets). The client reads its own variables through the same reader and decoders
 * ({@link #totp(Variable, Optional)}, {@link #hmacSecret(Variable)}), so that one {@code .env}
 * file means the same to both sides.
 *
 * <pre>{@code
 * EnvironmentConfig env = EnvironmentConfig.from(System.getenv());
 * Qiuth qiuth = Qiuth.builder().keys(env.policy().orElseThrow())
 *         .trustedProxies(env.trustedProxies()).build();
 * }</pre>
 */
public record EnvironmentConfig(Optional<KeyPolicy> policy, TrustedProxies trustedProxies,
        Optional<DatabaseSettings> database, Optional<RedisSettings> redis, FailureLimits failureLimits) {
    public static final String PREFIX = "QIUTH_";
    public static final String API_KEY = PREFIX + "API_KEY";
    public static final String TOTP_SECRET = PREFIX + "TOTP_SECRET";
    public static final String TOTP_TIME_STEP = PREFIX + "TOTP_TIME_STEP";
    public static final String HMAC_SECRET = PREFIX + "HMAC_SECRET";
    /** The calling side's RSA private key: read by the client, named here with the others. */
    public static final String PRIVATE_KEY = PREFIX + "PRIVATE_KEY";
    /** A lockout window when only the limit is set. */
    private static final long DEFAULT_FAILURE_WINDOW_SECONDS = 60;

    public EnvironmentConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(failureLimits, "failureLimits");
    }

    /** A configuration with state in memory and no lockout. */
    public EnvironmentConfig(Optional<KeyPolicy> policy, TrustedProxies trustedProxies) {
        this(policy, trustedProxies, Optional.empty(), Optional.empty(), FailureLimits.none());
    }

    /**
     * The configured key, for apps that cannot run without one.
     *
     * @throws IllegalStateException with a one-line message naming the variables to set
     */
    public KeyPolicy requirePolicy() {
        return policy.orElseThrow(() -> new IllegalStateException("no API key configured: set " + PREFIX
                + "API_KEY (or " + PREFIX + "HASHED_API_KEY) and the " + PREFIX + "* variables of the other factors"));
    }

    /**
     * An engine builder for the configured key, proxies and lockout ({@link #failureLimits()}), for
     * apps that cannot run without a key; add a realm, stores (Redis: {@link #redis()}) or a clock,
     * then {@code build()}.
     *
     * <pre>{@code
     * Qiuth qiuth = EnvironmentConfig.from(System.getenv()).engineBuilder().build();
     * }</pre>
     *
     * @throws IllegalStateException as {@link #requirePolicy()}
     */
    public Qiuth.Builder engineBuilder() {
        return engineBuilder(InMemoryKeyStore.of(requirePolicy()));
    }

    /**
     * An engine builder for the keys of {@code store} (the keys in PostgreSQL, say), with the
     * configured proxies and lockout.
     */
    public Qiuth.Builder engineBuilder(KeyStore store) {
        return failureLimits.applyTo(Qiuth.builder().keyStore(store).trustedProxies(trustedProxies));
    }

    /**
     * Reads the variables.
     *
     * @throws IllegalArgumentException naming the variable that is wrong (never its value)
     */
    public static EnvironmentConfig from(Map<String, String> env) {
        TrustedProxies proxies = proxies(env);
        Optional<DatabaseSettings> database = database(env);
        Optional<RedisSettings> redis = redis(env);
        FailureLimits failureLimits = new FailureLimits(failureLimit(env, "FAILURE_LIMIT", "FAILURE_WINDOW"),
                failureLimit(env, "KEY_FAILURE_LIMIT", "KEY_FAILURE_WINDOW"));
        String apiKey = get(env, "API_KEY");
        String hashed = get(env, "HASHED_API_KEY");
        if (apiKey == null && hashed == null) {
            for (String name : List.of("IP_ALLOWLIST", "TOTP_SECRET", "CERTIFICATE_PUBLIC_KEY", "HMAC_SECRET")) {
                if (get(env, name) != null) {
                    throw new IllegalArgumentException(PREFIX + name + " is set but neither " + PREFIX
                            + "API_KEY nor " + PREFIX + "HASHED_API_KEY is");
                }
            }
            return new EnvironmentConfig(Optional.empty(), proxies, database, redis, failureLimits);
        }
        if (apiKey != null && hashed != null) {
            throw new IllegalArgumentException("set only one of " + PREFIX + "API_KEY and " + PREFIX + "HASHED_API_KEY");
        }
        KeyPolicy.Builder b = KeyPolicy.builder();
        guard("API_KEY", () -> {
            if (apiKey != null) {
                b.apiKey(apiKey);
            }
        });
        guard("HASHED_API_KEY", () -> {
            if (hashed != null) {
                b.apiKeyHash(hashed);
            }
        });
        String allowlist = get(env, "IP_ALLOWLIST");
        if (allowlist != null) {
            guard("IP_ALLOWLIST", () -> b.ipAllowlist(list(allowlist)));
        }
        Optional<Variable> totpSecret = Variable.read(env, TOTP_SECRET);
        if (totpSecret.isPresent()) {
            TotpConfig.Builder t = totp(totpSecret.get(), Variable.read(env, TOTP_TIME_STEP));
            if (get(env, "TOTP_WINDOW") != null) {
                long window = number(env, "TOTP_WINDOW");
                if (window != (int) window) {
                    throw new IllegalArgumentException(PREFIX + "TOTP_WINDOW must be a small whole number");
                }
                guard("TOTP_WINDOW", () -> t.window((int) window).build());
            }
            b.totp(t.build());
        }
        String pem = get(env, "CERTIFICATE_PUBLIC_KEY");
        if (pem != null) {
            Duration maxAge = seconds(env, "CERTIFICATE_MAX_AGE", 300);
            guard("CERTIFICATE_PUBLIC_KEY", () -> b.certificate(pem, maxAge));
        }
        Optional<Variable> hmac = Variable.read(env, HMAC_SECRET);
        if (hmac.isPresent()) {
            String secret = hmacSecret(hmac.get());
            Duration maxAge = seconds(env, "HMAC_MAX_AGE", 300);
            hmac.get().decode(s -> b.hmac(secret, maxAge));
        }
        return new EnvironmentConfig(Optional.of(b.build()), proxies, database, redis, failureLimits);
    }

    /**
     * TOTP parameters from a secret (base32) and an optional step in seconds, checked as the server
     * checks {@code QIUTH_TOTP_SECRET} and {@code QIUTH_TOTP_TIME_STEP}; an error names the variable.
     * The builder takes more settings (a verification window) before {@code build()}.
     *
     * <pre>{@code
     * TotpConfig totp = EnvironmentConfig.totp(Variable.read(env, TOTP_SECRET).orElseThrow(),
     *         Variable.read(env, TOTP_TIME_STEP)).build();
     * }</pre>
     */
    public static TotpConfig.Builder totp(Variable secret, Optional<Variable> step) {
        TotpConfig.Builder t = secret.decode(TotpConfig::builder);
        // built once per setting, so that an error names the variable that caused it
        secret.decode(s -> t.build());
        if (step.isPresent()) {
            Duration seconds = Duration.ofSeconds(step.get().positiveSeconds());
            step.get().decode(s -> t.step(seconds).build());
        }
        return t;
    }

    /**
     * An HMAC secret, checked as the server checks {@code QIUTH_HMAC_SECRET} (UTF-8 text, at least
     * 32 characters); an error names the variable.
     */
    public static String hmacSecret(Variable secret) {
        secret.decode(HmacConfig::of);
        return secret.value();
    }

    /** The key database, when {@code QIUTH_JDBC_URL} is set; the other JDBC variables alone are a mistake. */
    private static Optional<DatabaseSettings> database(Map<String, String> env) {
        String url = get(env, "JDBC_URL");
        if (url == null) {
            for (String name : List.of("JDBC_USER", "JDBC_PASSWORD")) {
                if (get(env, name) != null) {
                    throw new IllegalArgumentException(PREFIX + name + " is set but " + PREFIX + "JDBC_URL is not");
                }
            }
            return Optional.empty();
        }
        // the password is not trimmed: spaces may be part of it
        String password = env.get(PREFIX + "JDBC_PASSWORD");
        DatabaseSettings[] out = new DatabaseSettings[1];
        guard("JDBC_URL", () -> out[0] = new DatabaseSettings(url, get(env, "JDBC_USER"),
                password == null || password.isEmpty() ? null : password, get(env, "MASTER_KEY")));
        return Optional.of(out[0]);
    }

    /** The shared state, when {@code QIUTH_REDIS_URL} is set; the other Redis variables alone are a mistake. */
    private static Optional<RedisSettings> redis(Map<String, String> env) {
        String url = get(env, "REDIS_URL");
        if (url == null) {
            for (String name : List.of("REDIS_CLUSTER", "REDIS_TIMEOUT", "REDIS_KEY_PREFIX", "REDIS_RATE_LIMIT_FAIL_OPEN",
                    "REDIS_TRUSTED_CERTIFICATES")) {
                if (get(env, name) != null) {
                    throw new IllegalArgumentException(PREFIX + name + " is set but " + PREFIX + "REDIS_URL is not");
                }
            }
            return Optional.empty();
        }
        boolean cluster = bool(env, "REDIS_CLUSTER");
        boolean failOpen = bool(env, "REDIS_RATE_LIMIT_FAIL_OPEN");
        Optional<Duration> timeout = Optional.empty();
        if (get(env, "REDIS_TIMEOUT") != null) {
            long ms = number(env, "REDIS_TIMEOUT");
            if (ms < 1 || ms > 60_000) {
                throw new IllegalArgumentException(PREFIX + "REDIS_TIMEOUT must be from 1 to 60000 milliseconds");
            }
            timeout = Optional.of(Duration.ofMillis(ms));
        }
        String prefix = get(env, "REDIS_KEY_PREFIX");
        // the rule of qiuth-state-redis, checked here so that the error names the variable
        if (prefix != null && (prefix.length() > 64
                || !prefix.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '{' && c != '}'))) {
            throw new IllegalArgumentException(PREFIX + "REDIS_KEY_PREFIX must be at most 64 printable ASCII"
                    + " characters without spaces or braces");
        }
        Optional<Path> trusted = trustedCertificates(env, url);
        RedisSettings[] out = new RedisSettings[1];
        Optional<Duration> commandTimeout = timeout;
        guard("REDIS_URL", () -> out[0] = new RedisSettings(url, cluster, commandTimeout, Optional.ofNullable(prefix),
                failOpen, trusted));
        return Optional.of(out[0]);
    }

    /**
     * {@code QIUTH_REDIS_TRUSTED_CERTIFICATES}: a readable file, and only for TLS. Checked here, at
     * start, so that a mistake names the variable and the path (a path is no secret) instead of
     * surfacing as a failed handshake.
     */
    private static Optional<Path> trustedCertificates(Map<String, String> env, String url) {
        String name = "REDIS_TRUSTED_CERTIFICATES";
        String file = get(env, name);
        if (file == null) {
            return Optional.empty();
        }
        if (!url.startsWith("rediss://")) {
            // the URL is not quoted: it may hold a password
            throw new IllegalArgumentException(PREFIX + name + " is set but " + PREFIX
                    + "REDIS_URL does not start with rediss:// (TLS)");
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(PREFIX + name + ": not a file name: " + file);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException(PREFIX + name + ": " + path + " is not a readable file");
        }
        return Optional.of(path);
    }

    /** A lockout: the limit turns it on, the window (default 60 s) alone is a mistake. */
    private static Optional<RateLimit> failureLimit(Map<String, String> env, String limitName, String windowName) {
        if (get(env, limitName) == null) {
            if (get(env, windowName) != null) {
                throw new IllegalArgumentException(PREFIX + windowName + " is set but " + PREFIX + limitName + " is not");
            }
            return Optional.empty();
        }
        long limit = number(env, limitName);
        if (limit < 1 || limit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PREFIX + limitName + " must be a positive whole number");
        }
        Duration window = seconds(env, windowName, DEFAULT_FAILURE_WINDOW_SECONDS);
        RateLimit[] out = new RateLimit[1];
        guard(windowName, () -> out[0] = RateLimit.of((int) limit, window));
        return Optional.of(out[0]);
    }

    private static boolean bool(Map<String, String> env, String name) {
        String v = get(env, name);
        if (v == null) {
            return false;
        }
        String t = v.toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new IllegalArgumentException(PREFIX + name + " must be true or false");
        }
        return t.equals("true");
    }

    private static TrustedProxies proxies(Map<String, String> env) {
        String list = get(env, "TRUSTED_PROXIES");
        String trust = get(env, "IP_TRUST_PROXY");
        boolean trustProxy = false;
        if (trust != null) {
            String t = trust.toLowerCase(Locale.ROOT);
            if (!t.equals("true") && !t.equals("false")) {
                throw new IllegalArgumentException(PREFIX + "IP_TRUST_PROXY must be true or false");
            }
            trustProxy = t.equals("true");
        }
        if (list != null) {
            TrustedProxies[] out = new TrustedProxies[1];
            guard("TRUSTED_PROXIES", () -> out[0] = TrustedProxies.of(list(list)));
            return out[0];
        }
        return trustProxy ? TrustedProxies.oneHop() : TrustedProxies.none();
    }

    private static String get(Map<String, String> env, String name) {
        return Variable.read(env, PREFIX + name).map(Variable::value).orElse(null);
    }

    private static Variable variable(Map<String, String> env, String name) {
        return Variable.read(env, PREFIX + name).orElseThrow();
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static long number(Map<String, String> env, String name) {
        return variable(env, name).wholeNumber();
    }

    private static Duration seconds(Map<String, String> env, String name, long fallback) {
        return get(env, name) == null ? Duration.ofSeconds(fallback) : Duration.ofSeconds(variable(env, name).positiveSeconds());
    }

    /** Prefixes a setting's error with the variable's name. */
    private static void guard(String name, Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + name + ": " + e.getMessage());
        }
    }
}
