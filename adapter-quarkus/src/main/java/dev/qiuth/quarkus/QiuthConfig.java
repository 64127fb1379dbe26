package dev.qiuth.quarkus;

import dev.qiuth.Qiuth;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The {@code qiuth.*} settings. Each key setting has the meaning of its {@code QIUTH_*}
 * environment variable (MicroProfile Config reads {@code qiuth.api-key} from {@code QIUTH_API_KEY}
 * too), so one {@code .env} file serves Quarkus, the other adapters and the Node library.
 *
 * <pre>{@code
 * qiuth.api-key=...                     # or QIUTH_API_KEY in the environment, or qiuth.hashed-api-key
 * qiuth.hmac-secret=...                 # optional factors: ip-allowlist, totp-secret, certificate-public-key
 * qiuth.paths=/api/*                    # what is protected (default: everything)
 * qiuth.excluded-paths=/api/status      # holes in it
 * }</pre>
 *
 * Replace the {@code KeyStore} bean to serve many keys; the key settings are then not needed.
 */
@ConfigMapping(prefix = "qiuth")
public interface QiuthConfig {
    /** The one API key ({@code QIUTH_API_KEY}). */
    Optional<String> apiKey();

    /** Or its SHA-256 hex ({@code QIUTH_HASHED_API_KEY}). */
    Optional<String> hashedApiKey();

    /** Comma-separated addresses and CIDR ranges the key may call from. */
    Optional<String> ipAllowlist();

    /** {@code true}: believe one proxy hop of {@code X-Forwarded-For}. */
    Optional<String> ipTrustProxy();

    /** Comma-separated CIDR ranges of the proxies whose forwarding headers are believed. */
    Optional<String> trustedProxies();

    /** Base32 TOTP secret. */
    Optional<String> totpSecret();

    /** TOTP step in seconds (default 30). */
    Optional<String> totpTimeStep();

    /** TOTP steps accepted either side (default 1). */
    Optional<String> totpWindow();

    /** PEM public key ({@code -----BEGIN PUBLIC KEY-----}) that verifies {@code X-Signature}. */
    Optional<String> certificatePublicKey();

    /** Oldest accepted signed timestamp, in seconds (default 300). */
    Optional<String> certificateMaxAge();

    /** Shared secret for {@code X-HMAC-Signature}, at least 32 characters. */
    Optional<String> hmacSecret();

    /** Oldest accepted HMAC timestamp, in seconds (default 300). */
    Optional<String> hmacMaxAge();

    /** The realm in {@code WWW-Authenticate: ApiKey realm="..."}. */
    @WithDefault("api")
    String realm();

    /** Largest request body read (default 1 MiB); larger ones are refused with 413. */
    @WithDefault("" + Qiuth.DEFAULT_MAX_BODY_BYTES)
    int maxBodyBytes();

    /**
     * {@code true}: every 401 carries the single code {@code UNAUTHORIZED} instead of the failed
     * factor (OWASP ASVS 16.5.1); the audit log still names it. Default {@code false}.
     *
     * <pre>{@code qiuth.minimal-disclosure=true}</pre>
     */
    @WithDefault("false")
    boolean minimalDisclosure();

    /**
     * The {@code scheme://host[:port]} clients sign when a proxy rewrites scheme or host; the
     * request's own (and {@code X-Forwarded-Proto/Host}) are then ignored, and so is
     * {@link #allowedHosts()}.
     *
     * <pre>{@code qiuth.public-base-url=https://api.example.com}</pre>
     */
    Optional<String> publicBaseUrl();

    /**
     * {@code Host} values ({@code host} or {@code host:port}, as clients send them) a signed
     * request may carry; any other fails its signature. Unset: any host.
     *
     * <pre>{@code qiuth.allowed-hosts=api.example.com,api.example.com:8443}</pre>
     */
    Optional<List<String>> allowedHosts();

    /** Protected paths: exact ({@code /admin}) or prefixes ({@code /api/*}). */
    @WithDefault("/*")
    List<String> paths();

    /** Paths left open inside the protected ones, same syntax. */
    Optional<List<String>> excludedPaths();

    /**
     * Redis for the replay memory and counters of every node ({@code QIUTH_REDIS_URL}), read through
     * {@link dev.qiuth.config.EnvironmentConfig#redis()}: the adapter has no Redis client;
     * {@code qiuth-state-redis-quarkus} on the class path produces the {@code ReplayGuard} and
     * {@code RateLimiter} beans from it (or the application does).
     */
    Optional<String> redisUrl();

    /** {@code true}: the Redis URL names one seed node of a Redis Cluster. */
    Optional<String> redisCluster();

    /** Longest wait for one Redis answer, in milliseconds (default 500). */
    Optional<String> redisTimeout();

    /** Put before every Redis key (default {@code qiuth:}). */
    Optional<String> redisKeyPrefix();

    /** {@code true}: the rate limiter (never the replay guard) lets requests through while Redis is down. */
    Optional<String> redisRateLimitFailOpen();

    /**
     * A PEM file of the certificates to trust for a {@code rediss://} URL instead of the JDK's trust
     * store ({@code QIUTH_REDIS_TRUSTED_CERTIFICATES}); with {@code redis://} it stops the start.
     *
     * <pre>{@code qiuth.redis-trusted-certificates=/etc/qiuth/redis-ca.pem}</pre>
     */
    Optional<String> redisTrustedCertificates();

    /** 401/403 answers per client address before every request from it gets 429; unset: off. */
    Optional<String> failureLimit();

    /** The window of {@link #failureLimit()}, in seconds (default 60). */
    Optional<String> failureWindow();

    /** 401/403 answers per key id before every request for that key gets 429; unset: off. */
    Optional<String> keyFailureLimit();

    /** The window of {@link #keyFailureLimit()}, in seconds (default 60). */
    Optional<String> keyFailureWindow();
}
