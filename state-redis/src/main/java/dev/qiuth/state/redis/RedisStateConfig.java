package dev.qiuth.state.redis;

import dev.qiuth.config.RedisSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Redis and how to behave when it does not answer. Build with {@link #builder};
 * {@link #toString()} never shows the password of the URL.
 *
 * <pre>{@code
 * RedisStateConfig config = RedisStateConfig.builder("rediss://:s3cret@redis.internal:6379")
 *         .commandTimeout(Duration.ofMillis(250))
 *         .build();
 * }</pre>
 *
 * @param url                 {@code redis://[[user]:password@]host[:port][/database]} or
 *                            {@code rediss://...} for TLS (parsed by Lettuce's {@code RedisURI})
 * @param cluster             the URL names one seed node of a Redis Cluster; the client learns
 *                            the other nodes from it
 * @param commandTimeout      longest wait for one answer; a slower Redis is treated as down
 * @param keyPrefix           put before every key; printable ASCII without braces
 * @param rateLimiterFailOpen the rate limiter answers "within limit" while Redis is down (the
 *                            replay guard never does)
 * @param logInterval         at most one warning per component in this interval while Redis is
 *                            down
 * @param trustedCertificates PEM certificates trusted for {@code rediss://} instead of the JDK's
 *                            default trust store, or null
 * @param clock               paces the warnings
 */
public record RedisStateConfig(String url, boolean cluster, Duration commandTimeout, String keyPrefix,
                               boolean rateLimiterFailOpen, Duration logInterval, Path trustedCertificates,
                               Clock clock) {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);
    public static final String DEFAULT_KEY_PREFIX = "qiuth:";
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(30);
    static final int MAX_KEY_PREFIX_LENGTH = 64;

    public RedisStateConfig {
        if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
            // the URL itself is not quoted: it may hold a password
            throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://");
        }
        if (commandTimeout == null || commandTimeout.toMillis() < 1 || commandTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("commandTimeout must be between 1 ms and 1 min, got " + commandTimeout);
        }
        if (keyPrefix == null || keyPrefix.length() > MAX_KEY_PREFIX_LENGTH
                || !keyPrefix.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '{' && c != '}')) {
            throw new IllegalArgumentException("keyPrefix must be at most " + MAX_KEY_PREFIX_LENGTH
                    + " printable ASCII characters without spaces or braces, got '" + keyPrefix + "'");
        }
        if (logInterval == null || logInterval.isNegative()) {
            throw new IllegalArgumentException("logInterval must not be negative, got " + logInterval);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The configuration the {@code QIUTH_REDIS_*} settings describe, with the defaults for what they
     * leave out: the one reading shared by every Redis client of Qiuth.
     *
     * @throws IllegalArgumentException naming the bad setting (never the password)
     */
    public static RedisStateConfig fromSettings(RedisSettings settings) {
        Builder b = builder(settings.url())
                .cluster(settings.cluster())
                .rateLimiterFailOpen(settings.rateLimiterFailOpen());
        settings.commandTimeout().ifPresent(b::commandTimeout);
        settings.keyPrefix().ifPresent(b::keyPrefix);
        settings.trustedCertificates().ifPresent(b::trustedCertificates);
        return b.build();
    }

    /** A builder for this URL with the defaults: 500 ms timeout, prefix {@code qiuth:}, fail closed. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The URL with any password replaced by {@code ***}. */
    public String redactedUrl() {
        return redact(url);
    }

    static String redact(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        return url.substring(0, scheme + 3) + "***" + url.substring(at);
    }

    /** The text with the URL's user information (password) masked, should a driver quote it. */
    public String redactSecrets(String text) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (text == null || scheme < 0 || at <= scheme + 3) {
            return text;
        }
        String userInfo = url.substring(scheme + 3, at);
        String masked = text.replace(userInfo, "***");
        int colon = userInfo.indexOf(':');
        String password = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
        return password.isEmpty() ? masked : masked.replace(password, "***");
    }

    @Override
    public String toString() {
        return "RedisStateConfig[url=" + redactedUrl() + ", cluster=" + cluster + ", commandTimeout=" + commandTimeout
                + ", keyPrefix=" + keyPrefix + ", rateLimiterFailOpen=" + rateLimiterFailOpen
                + ", logInterval=" + logInterval + ", trustedCertificates=" + trustedCertificates + "]";
    }

    /** Builds a {@link RedisStateConfig}; every setting but the URL has a default. */
    public static final class Builder {
        private final String url;
        private boolean cluster;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private boolean rateLimiterFailOpen;
        private Duration logInterval = DEFAULT_LOG_INTERVAL;
        private Path trustedCertificates;
        private Clock clock = Clock.systemUTC();

        private Builder(String url) {
            this.url = url;
        }

        /** The URL is a seed node of a Redis Cluster. Off by default (a single primary). */
        public Builder cluster(boolean cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        public Builder keyPrefix(String prefix) {
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * While Redis is down, let the rate limiter count nothing and answer "within limit"
         * (logged) instead of 503. The replay guard stays fail closed whatever this says.
         */
        public Builder rateLimiterFailOpen(boolean failOpen) {
            this.rateLimiterFailOpen = failOpen;
            return this;
        }

        public Builder logInterval(Duration interval) {
            this.logInterval = interval;
            return this;
        }

        /** PEM file of the certificates to trust for {@code rediss://}. */
        public Builder trustedCertificates(Path pemFile) {
            this.trustedCertificates = pemFile;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws IllegalArgumentException naming the bad setting (never the password) */
        public RedisStateConfig build() {
            if (clock == null) {
                throw new IllegalArgumentException("clock is required");
            }
            return new RedisStateConfig(url, cluster, commandTimeout, keyPrefix, rateLimiterFailOpen, logInterval,
                    trustedCertificates, clock);
        }
    }
}
