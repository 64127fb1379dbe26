package dev.qiuth.micronaut;

import dev.qiuth.Qiuth;
import dev.qiuth.config.EnvironmentConfig;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.util.PathMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code qiuth.*} settings. The single-key settings carry the names of the {@code QIUTH_*}
 * environment variables, which Micronaut maps onto them ({@code QIUTH_API_KEY} is
 * {@code qiuth.api-key}), so one {@code .env} file serves every Qiuth server.
 *
 * <pre>{@code
 * qiuth:
 *   api-key: ${QIUTH_API_KEY}      # or hashed-api-key: <sha-256 hex>
 *   hmac-secret: ${QIUTH_HMAC_SECRET}
 *   excluded-paths: [/health]
 *   failure-limit: 10              # QIUTH_FAILURE_LIMIT: lockout per client address (window: failure-window, s)
 *   redis-url: ${QIUTH_REDIS_URL}  # read by your app (see QiuthFactory): the adapter has no Redis client
 * }</pre>
 *
 * <p>{@code paths} (default {@code /**}: everything) and {@code excluded-paths} (default none)
 * are Ant patterns matched against the full request path, context path included; an excluded
 * path wins. Protecting everything by default means a forgotten setting refuses requests
 * rather than letting them through.
 */
@ConfigurationProperties("qiuth")
public class QiuthConfiguration {
    // secrets have setters only: nothing reads them back but environment()
    private String apiKey;
    private String hashedApiKey;
    private List<String> ipAllowlist = List.of();
    private Boolean ipTrustProxy;
    private List<String> trustedProxies = List.of();
    private String totpSecret;
    private Long totpTimeStep;
    private Integer totpWindow;
    private String certificatePublicKey;
    private Long certificateMaxAge;
    private String hmacSecret;
    private Long hmacMaxAge;
    private String realm = "api";
    private int maxBodyBytes = Qiuth.DEFAULT_MAX_BODY_BYTES;
    private boolean minimalDisclosure;
    private String publicBaseUrl;
    private List<String> allowedHosts = List.of();
    private List<String> paths = List.of("/**");
    private List<String> excludedPaths = List.of();
    // shared state and lockout: the QIUTH_REDIS_* and QIUTH_*FAILURE_* variables
    private String redisUrl;
    private Boolean redisCluster;
    private Long redisTimeout;
    private String redisKeyPrefix;
    private Boolean redisRateLimitFailOpen;
    private String redisTrustedCertificates;
    private Integer failureLimit;
    private Long failureWindow;
    private Integer keyFailureLimit;
    private Long keyFailureWindow;

    /** Whether the filter judges requests to this path. */
    public boolean protects(String path) {
        return anyMatches(paths, path) && !anyMatches(excludedPaths, path);
    }

    // runs for every request, open ones included: loops, and the common shapes without the Ant matcher
    private static boolean anyMatches(List<String> patterns, String path) {
        for (int i = 0; i < patterns.size(); i++) {
            if (matches(patterns.get(i), path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String path) {
        if (path.contains("//")) {
            return PathMatcher.ANT.matches(pattern, path); // the Ant matcher folds empty segments
        }
        int literalEnd = pattern.endsWith("/**") ? pattern.length() - 3 : pattern.length();
        for (int i = 0; i < literalEnd; i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '{') {
                return PathMatcher.ANT.matches(pattern, path);
            }
        }
        if (literalEnd == pattern.length()) {
            return pattern.equals(path);
        }
        // "/api/**": "/api" itself and everything below it; "/**": every path
        if (literalEnd == 0) {
            return !path.isEmpty() && path.charAt(0) == '/';
        }
        return path.startsWith(pattern.substring(0, literalEnd))
                && (path.length() == literalEnd || path.charAt(literalEnd) == '/');
    }

    /**
     * The single-key settings read as the {@code QIUTH_*} variables they mirror.
     *
     * @throws ConfigurationException naming the setting that is wrong, never its value
     */
    public EnvironmentConfig environment() {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, "API_KEY", apiKey);
        put(env, "HASHED_API_KEY", hashedApiKey);
        put(env, "IP_ALLOWLIST", String.join(",", ipAllowlist));
        put(env, "IP_TRUST_PROXY", ipTrustProxy);
        put(env, "TRUSTED_PROXIES", String.join(",", trustedProxies));
        put(env, "TOTP_SECRET", totpSecret);
        put(env, "TOTP_TIME_STEP", totpTimeStep);
        put(env, "TOTP_WINDOW", totpWindow);
        put(env, "CERTIFICATE_PUBLIC_KEY", certificatePublicKey);
        put(env, "CERTIFICATE_MAX_AGE", certificateMaxAge);
        put(env, "HMAC_SECRET", hmacSecret);
        put(env, "HMAC_MAX_AGE", hmacMaxAge);
        put(env, "REDIS_URL", redisUrl);
        put(env, "REDIS_CLUSTER", redisCluster);
        put(env, "REDIS_TIMEOUT", redisTimeout);
        put(env, "REDIS_KEY_PREFIX", redisKeyPrefix);
        put(env, "REDIS_RATE_LIMIT_FAIL_OPEN", redisRateLimitFailOpen);
        put(env, "REDIS_TRUSTED_CERTIFICATES", redisTrustedCertificates);
        put(env, "FAILURE_LIMIT", failureLimit);
        put(env, "FAILURE_WINDOW", failureWindow);
        put(env, "KEY_FAILURE_LIMIT", keyFailureLimit);
        put(env, "KEY_FAILURE_WINDOW", keyFailureWindow);
        try {
            return EnvironmentConfig.from(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid qiuth.* setting (QIUTH_* variable): " + e.getMessage());
        }
    }

    private static void put(Map<String, String> env, String name, Object value) {
        if (value != null) {
            env.put(EnvironmentConfig.PREFIX + name, value.toString());
        }
    }

    /** The API key ({@code QIUTH_API_KEY}); only its SHA-256 is kept. */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getHashedApiKey() {
        return hashedApiKey;
    }

    /** The key's SHA-256 as 64 hex characters ({@code QIUTH_HASHED_API_KEY}). */
    public void setHashedApiKey(String hashedApiKey) {
        this.hashedApiKey = hashedApiKey;
    }

    public List<String> getIpAllowlist() {
        return ipAllowlist;
    }

    /** Addresses and CIDR ranges the key may call from ({@code QIUTH_IP_ALLOWLIST}). */
    public void setIpAllowlist(List<String> ipAllowlist) {
        this.ipAllowlist = List.copyOf(ipAllowlist);
    }

    public Boolean getIpTrustProxy() {
        return ipTrustProxy;
    }

    /** Believe one hop of {@code X-Forwarded-For} ({@code QIUTH_IP_TRUST_PROXY}). */
    public void setIpTrustProxy(Boolean ipTrustProxy) {
        this.ipTrustProxy = ipTrustProxy;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    /** CIDR ranges of the proxies whose forwarding headers are believed ({@code QIUTH_TRUSTED_PROXIES}). */
    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** Base32 TOTP secret ({@code QIUTH_TOTP_SECRET}). */
    public void setTotpSecret(String totpSecret) {
        this.totpSecret = totpSecret;
    }

    public Long getTotpTimeStep() {
        return totpTimeStep;
    }

    /** TOTP step in seconds ({@code QIUTH_TOTP_TIME_STEP}, default 30). */
    public void setTotpTimeStep(Long totpTimeStep) {
        this.totpTimeStep = totpTimeStep;
    }

    public Integer getTotpWindow() {
        return totpWindow;
    }

    /** Steps accepted either side ({@code QIUTH_TOTP_WINDOW}, default 1). */
    public void setTotpWindow(Integer totpWindow) {
        this.totpWindow = totpWindow;
    }

    public String getCertificatePublicKey() {
        return certificatePublicKey;
    }

    /** SPKI PEM RSA public key ({@code QIUTH_CERTIFICATE_PUBLIC_KEY}). */
    public void setCertificatePublicKey(String certificatePublicKey) {
        this.certificatePublicKey = certificatePublicKey;
    }

    public Long getCertificateMaxAge() {
        return certificateMaxAge;
    }

    /** Oldest accepted signed timestamp, seconds ({@code QIUTH_CERTIFICATE_MAX_AGE}, default 300). */
    public void setCertificateMaxAge(Long certificateMaxAge) {
        this.certificateMaxAge = certificateMaxAge;
    }

    /** Shared HMAC secret, 32+ characters ({@code QIUTH_HMAC_SECRET}). */
    public void setHmacSecret(String hmacSecret) {
        this.hmacSecret = hmacSecret;
    }

    public Long getHmacMaxAge() {
        return hmacMaxAge;
    }

    /** Oldest accepted HMAC timestamp, seconds ({@code QIUTH_HMAC_MAX_AGE}, default 300). */
    public void setHmacMaxAge(Long hmacMaxAge) {
        this.hmacMaxAge = hmacMaxAge;
    }

    public String getRealm() {
        return realm;
    }

    /** The realm of {@code WWW-Authenticate: ApiKey realm="..."}; default {@code api}. */
    public void setRealm(String realm) {
        this.realm = realm;
    }

    public int getMaxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Largest body judged, default 1 MiB; larger ones get 413. Keep
     * {@code micronaut.server.max-request-size} at least this large (Micronaut refuses bigger
     * bodies itself, with its own 413).
     */
    public void setMaxBodyBytes(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public boolean isMinimalDisclosure() {
        return minimalDisclosure;
    }

    /** Answer every 401 with the single code {@code UNAUTHORIZED}. */
    public void setMinimalDisclosure(boolean minimalDisclosure) {
        this.minimalDisclosure = minimalDisclosure;
    }

    public String getPublicBaseUrl() {
        return publicBaseUrl;
    }

    /** The {@code scheme://host[:port]} clients sign when a proxy rewrites them. */
    public void setPublicBaseUrl(String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    /** {@code Host} values signed requests may carry; empty accepts any. */
    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = List.copyOf(allowedHosts);
    }

    public List<String> getPaths() {
        return paths;
    }

    /** Ant patterns of the protected paths; default {@code /**}. */
    public void setPaths(List<String> paths) {
        this.paths = List.copyOf(paths);
    }

    public List<String> getExcludedPaths() {
        return excludedPaths;
    }

    /** Ant patterns left open even when {@link #setPaths paths} match, such as {@code /health}. */
    public void setExcludedPaths(List<String> excludedPaths) {
        this.excludedPaths = List.copyOf(excludedPaths);
    }

    /**
     * Redis for the replay memory and counters of every node ({@code QIUTH_REDIS_URL}); the password
     * may be in it, so it has a setter only. Read through {@link #environment()}{@code .redis()}:
     * the adapter has no Redis client, the application produces the {@code ReplayGuard} and
     * {@code RateLimiter} beans from it.
     */
    public void setRedisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    public Boolean getRedisCluster() {
        return redisCluster;
    }

    /** The Redis URL names one seed node of a Redis Cluster ({@code QIUTH_REDIS_CLUSTER}). */
    public void setRedisCluster(Boolean redisCluster) {
        this.redisCluster = redisCluster;
    }

    public Long getRedisTimeout() {
        return redisTimeout;
    }

    /** Longest wait for one Redis answer, ms ({@code QIUTH_REDIS_TIMEOUT}, default 500). */
    public void setRedisTimeout(Long redisTimeout) {
        this.redisTimeout = redisTimeout;
    }

    public String getRedisKeyPrefix() {
        return redisKeyPrefix;
    }

    /** Put before every Redis key ({@code QIUTH_REDIS_KEY_PREFIX}, default {@code qiuth:}). */
    public void setRedisKeyPrefix(String redisKeyPrefix) {
        this.redisKeyPrefix = redisKeyPrefix;
    }

    public Boolean getRedisRateLimitFailOpen() {
        return redisRateLimitFailOpen;
    }

    /** The rate limiter (never the replay guard) lets requests through while Redis is down ({@code QIUTH_REDIS_RATE_LIMIT_FAIL_OPEN}). */
    public void setRedisRateLimitFailOpen(Boolean redisRateLimitFailOpen) {
        this.redisRateLimitFailOpen = redisRateLimitFailOpen;
    }

    public String getRedisTrustedCertificates() {
        return redisTrustedCertificates;
    }

    /**
     * A PEM file of the certificates to trust for a {@code rediss://} URL instead of the JDK's trust
     * store ({@code QIUTH_REDIS_TRUSTED_CERTIFICATES}); with {@code redis://} it stops the start.
     */
    public void setRedisTrustedCertificates(String redisTrustedCertificates) {
        this.redisTrustedCertificates = redisTrustedCertificates;
    }

    public Integer getFailureLimit() {
        return failureLimit;
    }

    /** 401/403 answers per client address before 429 ({@code QIUTH_FAILURE_LIMIT}); unset: off. */
    public void setFailureLimit(Integer failureLimit) {
        this.failureLimit = failureLimit;
    }

    public Long getFailureWindow() {
        return failureWindow;
    }

    /** The window of {@link #setFailureLimit failure-limit}, seconds ({@code QIUTH_FAILURE_WINDOW}, default 60). */
    public void setFailureWindow(Long failureWindow) {
        this.failureWindow = failureWindow;
    }

    public Integer getKeyFailureLimit() {
        return keyFailureLimit;
    }

    /** 401/403 answers per key id before every request for it gets 429 ({@code QIUTH_KEY_FAILURE_LIMIT}); unset: off. */
    public void setKeyFailureLimit(Integer keyFailureLimit) {
        this.keyFailureLimit = keyFailureLimit;
    }

    public Long getKeyFailureWindow() {
        return keyFailureWindow;
    }

    /** The window of {@link #setKeyFailureLimit key-failure-limit}, seconds ({@code QIUTH_KEY_FAILURE_WINDOW}, default 60). */
    public void setKeyFailureWindow(Long keyFailureWindow) {
        this.keyFailureWindow = keyFailureWindow;
    }
}
